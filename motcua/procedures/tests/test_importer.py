"""catalog_import: all or nothing, idempotent, and loads catalogs nobody here wrote."""

import unicodedata
from decimal import Decimal

import pytest

from motcua.core.errors import ApplicationError
from motcua.procedures.importer import ImportReport, catalog_import
from motcua.procedures.models import Field, Procedure, ProcedureFee, ProcedureStep, Requirement
from motcua.procedures.tests.factories import catalog_document, other_province_document

pytestmark = pytest.mark.django_db

MODELS = (Field, Procedure, Requirement, ProcedureFee, ProcedureStep)


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _snapshot() -> list:
    """Every column of every catalog row, to prove a second import changed nothing."""
    return [list(model.objects.order_by("pk").values()) for model in MODELS]


def test_import_creates_everything_in_the_file():
    report = catalog_import(document=catalog_document())

    assert report == ImportReport(created=4, fields_created=3)
    radiation = Procedure.objects.get(code="1.004447")
    assert radiation.field.code == "ATBX"
    assert radiation.processing_time_value == Decimal(10)
    assert radiation.delegation_kind == "decentralized"
    assert radiation.result_validity_months == 36
    assert [r.code for r in radiation.requirements.all()] == ["TP1", "TP2"]
    assert radiation.requirements.get(code="TP2").reusable_result_of == ["1.004451"]
    assert [s.working_days for s in radiation.steps.all()] == [
        Decimal("0.5"),
        Decimal(7),
        Decimal(2),
        Decimal("0.5"),
    ]
    assert radiation.fees.get().amount_vnd == 1_000_000
    assert "giay phep" in radiation.search_text and "buc xa" in radiation.search_text
    assert "chung chi nhan vien" in radiation.search_text  # requirement names are searchable


def test_a_broken_file_lists_every_problem_and_writes_nothing():
    catalog_import(document=other_province_document())
    before, rows_before = _row_counts(), _snapshot()
    doc = catalog_document()
    doc["procedures"][0]["fees"][0]["amount_vnd"] = -1
    doc["procedures"][1]["level"] = "district"
    doc["procedures"][2]["form"] = {"type": "object", "properties": {"x": {"type": "array"}}}
    doc["procedures"][3]["code"] = "1.004447"

    with pytest.raises(ApplicationError) as caught:
        catalog_import(document=doc)

    assert caught.value.code == "catalog_invalid"
    assert caught.value.status == 400
    assert [d.path for d in caught.value.details] == [
        "$.procedures[0].fees[0].amount_vnd",
        "$.procedures[1].level",
        "$.procedures[2].form.properties.x.type",
        "$.procedures[3].code",
    ]
    assert all(d.message and d.message_en for d in caught.value.details)
    assert _row_counts() == before
    assert _snapshot() == rows_before


def test_a_catalog_written_by_another_province_imports_unchanged():
    report = catalog_import(document=other_province_document())

    assert report == ImportReport(created=4, fields_created=3)
    postal = Procedure.objects.get(code="1.003659")
    assert postal.processing_time_unit == "calendar_days"
    assert postal.delegation_kind == "delegated"
    assert postal.form["properties"]["pham_vi"]["enum"] == ["Nội tỉnh", "Liên tỉnh", "Quốc tế"]
    assert postal.form["properties"]["ngay_thanh_lap"]["format"] == "date"
    assert postal.channels == ["online", "counter", "postal"]
    signature = Procedure.objects.get(code="2.000884")
    assert (signature.processing_time_value, signature.processing_time_unit) == (4, "hours")
    assert Field.objects.get(code="CTHT").sector == ""
    assert Requirement.objects.get(procedure__code="1.004873").originals == 1  # default


def test_the_same_file_twice_changes_nothing():
    catalog_import(document=other_province_document())
    catalog_import(document=catalog_document())
    rows = _snapshot()

    second = catalog_import(document=catalog_document())

    assert second == ImportReport(unchanged=4, fields_unchanged=3)
    assert _snapshot() == rows


def test_an_existing_procedure_is_updated_and_its_lists_replaced():
    catalog_import(document=catalog_document())
    doc = catalog_document()
    radiation = doc["procedures"][0]
    radiation["name"] = "Cấp giấy phép tiến hành công việc bức xạ"
    radiation["requirements"] = [{"code": "TP9", "name": "Bản khai thiết bị"}]
    radiation["fees"] = []
    radiation["steps"] = radiation["steps"][:1]
    del radiation["delegation"]

    report = catalog_import(document=doc)

    assert report == ImportReport(updated=1, unchanged=3, fields_unchanged=3)
    procedure = Procedure.objects.get(code="1.004447")
    assert procedure.name == "Cấp giấy phép tiến hành công việc bức xạ"
    assert [r.code for r in procedure.requirements.all()] == ["TP9"]
    assert not procedure.fees.exists()
    assert procedure.steps.count() == 1
    assert procedure.delegation_kind == ""
    assert "ban khai thiet bi" in procedure.search_text
    assert "chung chi" not in procedure.search_text


def test_a_file_may_reference_a_field_already_in_the_database():
    catalog_import(document=catalog_document())
    doc = {"format": "motcua-catalog", "version": 1, "fields": [], "procedures": []}
    doc["procedures"].append(catalog_document()["procedures"][3] | {"code": "1.000656"})

    report = catalog_import(document=doc)

    assert report.created == 1
    assert Procedure.objects.get(code="1.000656").field.code == "HT"


def test_renaming_a_field_refreshes_the_search_words_of_its_procedures():
    catalog_import(document=catalog_document())
    doc = catalog_document()
    doc["fields"][2]["name"] = "Đăng ký và quản lý hộ tịch"

    report = catalog_import(document=doc)

    assert report.fields_updated == 1 and report.unchanged == 4
    assert "quan ly ho tich" in Procedure.objects.get(code="1.001193").search_text


def test_text_is_stored_in_nfc():
    doc = catalog_document()
    decomposed = unicodedata.normalize("NFD", "Đăng ký khai sinh lưu động")
    doc["procedures"][3]["name"] = decomposed
    doc["procedures"][3]["keywords"] = [unicodedata.normalize("NFD", "trẻ em")]

    catalog_import(document=doc)

    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name == unicodedata.normalize("NFC", decomposed)
    assert procedure.keywords == ["trẻ em"]
    # A second import of the same NFD file is still "unchanged".
    assert catalog_import(document=doc).unchanged == 4


def test_a_repealed_procedure_in_the_file_comes_back_active():
    catalog_import(document=catalog_document())
    Procedure.objects.filter(code="1.004447").update(is_active=False)

    report = catalog_import(document=catalog_document())

    assert report.updated == 1
    assert Procedure.objects.get(code="1.004447").is_active
