"""CSV in, reference tables out: the generator's files import whole; a file with a bad row is
refused with the row named and nothing written; importing twice leaves the same tables."""

import io

import pytest
from django.core.management import CommandError, call_command

from motcua.core.errors import ApplicationError
from motcua.registries.generator import BUSINESS_COLUMNS, PEOPLE_COLUMNS
from motcua.registries.models import RegistryBusiness, RegistryPerson
from motcua.registries.services import registry_csv_write, registry_import


def test_generate_then_import_through_the_commands(units, tmp_path):
    out = io.StringIO()
    call_command("registry_demo_generate", people=300, businesses=40, out=str(tmp_path), stdout=out)
    args = [str(tmp_path / "people.csv"), str(tmp_path / "businesses.csv")]
    call_command("registry_import", *args, stdout=out)
    call_command("registry_import", *args, stdout=out)  # idempotent
    assert RegistryPerson.objects.count() == 300 and RegistryBusiness.objects.count() == 40
    an = RegistryPerson.objects.get(personal_id="033090001234")
    assert an.full_name == "Nguyễn Văn An" and an.unit_code in {"11953", "12205"}


def test_generation_needs_the_communes(db, tmp_path):
    with pytest.raises(CommandError, match="load_adminunits"):
        call_command("registry_demo_generate", people=5, businesses=1, out=str(tmp_path))


def _csv(rows, columns) -> io.StringIO:
    file = io.StringIO()
    registry_csv_write(rows=rows, columns=columns, file=file)
    file.seek(0)
    return file


GOOD_PERSON = {
    "personal_id": "033090001234", "full_name": "Nguyễn Văn An", "date_of_birth": "1990-05-12",
    "gender": "nam", "permanent_address": "Phường Phố Hiến", "unit_code": "11953", "phone": "",
}  # fmt: skip


def test_a_bad_row_refuses_the_whole_file(units):
    RegistryPerson.objects.create(
        personal_id="034195006789", full_name="Trần Thị Bình", date_of_birth="1995-11-03",
        gender="nữ", permanent_address="x", unit_code="12205",
    )  # fmt: skip
    people = [
        GOOD_PERSON,
        {**GOOD_PERSON, "personal_id": "03309000123"},  # 11 digits
        {**GOOD_PERSON, "personal_id": "033090009999", "unit_code": "99999"},
    ]
    businesses = [
        {"tax_code": "0100109107", "name": "Công ty A", "address": "x", "unit_code": "11953",
         "representative_personal_id": "033090001234", "representative_name": "An",
         "registered_on": ""},
    ]  # fmt: skip
    with pytest.raises(ApplicationError) as caught:
        registry_import(
            people_file=_csv(people, PEOPLE_COLUMNS),
            businesses_file=_csv(businesses, BUSINESS_COLUMNS),
        )
    paths = {d.path for d in caught.value.details}
    assert {"people[3].personal_id", "people[4].unit_code", "businesses[2].tax_code"} <= paths
    assert any("sai chữ số kiểm tra" in d.message for d in caught.value.details)
    # Nothing written, nothing removed.
    assert list(RegistryPerson.objects.values_list("personal_id", flat=True)) == ["034195006789"]


def test_the_command_reports_problems_in_vietnamese(units, tmp_path):
    (tmp_path / "p.csv").write_text("personal_id,full_name\n1,x\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(",".join(BUSINESS_COLUMNS) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="chưa nhập gì"):
        call_command(
            "registry_import", str(tmp_path / "p.csv"), str(tmp_path / "b.csv"), stderr=err
        )
    assert "Tệp thiếu cột" in err.getvalue()
