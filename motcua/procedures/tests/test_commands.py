"""manage.py catalog_import / catalog_export."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from motcua.procedures.models import Procedure
from motcua.procedures.tests.factories import DATA, catalog_document

pytestmark = pytest.mark.django_db


def _write(tmp_path, doc) -> str:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_import_prints_counts_in_vietnamese():
    out = StringIO()

    call_command("catalog_import", str(DATA / "other_province_catalog.json"), stdout=out)

    assert "Lĩnh vực: 3 thêm mới, 0 cập nhật, 0 không đổi." in out.getvalue()
    assert "Thủ tục: 4 thêm mới, 0 cập nhật, 0 không đổi." in out.getvalue()


def test_import_twice_reports_unchanged(tmp_path):
    path = _write(tmp_path, catalog_document())
    call_command("catalog_import", path, stdout=StringIO())
    out = StringIO()

    call_command("catalog_import", path, stdout=out)

    assert "Thủ tục: 0 thêm mới, 0 cập nhật, 4 không đổi." in out.getvalue()


def test_import_of_a_broken_file_lists_every_problem_and_fails(tmp_path):
    doc = catalog_document()
    doc["procedures"][0]["fees"][0]["amount_vnd"] = -1
    doc["procedures"][3]["subjects"] = []
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("catalog_import", _write(tmp_path, doc), stdout=StringIO(), stderr=err)

    assert "không hợp lệ" in str(caught.value)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("$.procedures[0].fees[0].amount_vnd: Giá trị phải là số nguyên")
    assert " / Value must be an integer" in lines[0]
    assert lines[1].startswith("$.procedures[3].subjects: ")
    assert not Procedure.objects.exists()


def test_import_exits_non_zero_from_the_command_line(tmp_path):
    doc = catalog_document()
    doc["version"] = 9

    with pytest.raises(SystemExit) as caught:
        execute_from_command_line(["manage.py", "catalog_import", _write(tmp_path, doc)])

    assert caught.value.code != 0


def test_import_of_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")

    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("catalog_import", str(path))


def test_export_to_stdout_and_to_a_file(tmp_path):
    call_command("catalog_import", _write(tmp_path, catalog_document()), stdout=StringIO())
    out = StringIO()
    target = tmp_path / "export.json"

    call_command("catalog_export", stdout=out)
    call_command("catalog_export", str(target), stderr=StringIO())

    assert out.getvalue() == target.read_text(encoding="utf-8")
    assert out.getvalue().endswith("\n")
    assert len(json.loads(out.getvalue())["procedures"]) == 4
