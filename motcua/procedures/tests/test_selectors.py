"""procedure_search finds procedures with or without diacritics, name matches first."""

import pytest

from motcua.core.errors import NotFoundError
from motcua.procedures.importer import catalog_import
from motcua.procedures.models import Procedure
from motcua.procedures.selectors import procedure_get, procedure_search
from motcua.procedures.tests.factories import catalog_document, other_province_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    catalog_import(document=catalog_document())
    catalog_import(document=other_province_document())


def _codes(**kwargs) -> list[str]:
    return [p.code for p in procedure_search(**kwargs)]


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("giay phep buc xa", "1.004447"),
        ("giấy phép bức xạ", "1.004447"),
        ("GIẤY PHÉP BỨC XẠ", "1.004447"),
        ("chung thuc ban sao", "2.000815"),
        ("chứng thực bản sao", "2.000815"),
        ("đăng ký khai sinh", "1.001193"),
        ("dang ky khai sinh", "1.001193"),
        ("1.003659", "1.003659"),
        ("ket hon", "1.000894"),
    ],
)
def test_search_with_and_without_diacritics(q, first):
    assert _codes(q=q)[0] == first


def test_every_word_must_match():
    assert _codes(q="giay phep buc xa") == ["1.004447"]
    assert _codes(q="khai sinh bưu chính") == []


def test_words_match_the_start_of_words_only():
    # "sinh" is inside "giay chung sinh"; "inh" starts no word.
    assert _codes(q="inh") == []
    assert "1.001193" in _codes(q="sinh")


def test_name_matches_rank_above_keyword_only_matches():
    # 1.004440 mentions "bức xạ" only in its keywords and sorts first by code.
    assert _codes(q="buc xa") == ["1.004447", "1.004440"]


def test_requirement_names_are_searched():
    assert _codes(q="giay chung sinh") == ["1.001193"]


def test_filters():
    assert _codes(q="", field_code="HOTICH") == ["1.000894", "1.004873"]
    assert set(_codes(q="", level="province")) == {"1.003659", "1.004440", "1.004447"}
    assert _codes(q="giay phep", online_level="partial") == ["1.003659"]
    assert _codes(q="", limit=2) == ["1.000894", "1.001193"]


def test_inactive_procedures_are_not_found():
    Procedure.objects.filter(code="1.004447").update(is_active=False)

    assert "1.004447" not in _codes(q="buc xa")
    with pytest.raises(NotFoundError):
        procedure_get(code="1.004447")


def test_procedure_get_loads_everything_in_four_queries(django_assert_num_queries):
    with django_assert_num_queries(4):
        procedure = procedure_get(code="1.004447")
        assert procedure.field.name
        assert len(procedure.requirements.all()) == 2
        assert len(procedure.fees.all()) == 1
        assert len(procedure.steps.all()) == 4


def test_procedure_get_unknown_code():
    with pytest.raises(NotFoundError) as caught:
        procedure_get(code="9.999999")
    assert caught.value.status == 404
