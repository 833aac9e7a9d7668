"""Search and look-up of units in force."""

import pytest

from motcua.adminunits.selectors import (
    adminunit_counts_by_kind,
    adminunit_get,
    adminunit_legacy_sources,
    adminunit_search,
    communes_of_province,
)
from motcua.core.errors import NotFoundError

pytestmark = pytest.mark.django_db


def _names(units):
    return [u.name for u in units]


def test_search_ignores_accents_and_needs_every_word(loaded):
    assert _names(adminunit_search(q="dong van")) == ["Xã Đồng Văn", "Phường Đồng Văn"]
    assert _names(adminunit_search(q="Đồng Văn")) == ["Xã Đồng Văn", "Phường Đồng Văn"]
    assert adminunit_search(q="dong van khong co") == []


def test_search_filters_by_province_and_level(loaded):
    assert _names(adminunit_search(q="dong van", province_code="37")) == ["Phường Đồng Văn"]
    assert _names(adminunit_search(q="hung yen", level="province")) == ["Tỉnh Hưng Yên"]


def test_search_puts_exact_names_first_and_respects_limit(loaded):
    results = adminunit_search(q="ha noi", limit=3)
    assert results[0].name == "Thành phố Hà Nội"
    assert len(adminunit_search(q="xa", limit=5)) == 5


def test_search_by_code_digits(loaded):
    assert [u.code for u in adminunit_search(q="00721")] == ["00721"]


def test_search_with_nothing_to_search_returns_nothing(loaded):
    assert adminunit_search(q="  ") == []


def test_get_by_code_pads_and_raises_not_found(loaded):
    assert adminunit_get(code="33").name == "Tỉnh Hưng Yên"
    assert adminunit_get(code="721").code == "00721"
    with pytest.raises(NotFoundError):
        adminunit_get(code="98765")


def test_communes_of_province_and_counts(loaded):
    assert communes_of_province(province_code="33").count() == 104
    counts = adminunit_counts_by_kind()
    assert (counts["xa"], counts["phuong"], counts["dac_khu"]) == (2621, 687, 13)
    assert counts["tinh"] + counts["thanh_pho"] == 34
    assert sum(adminunit_counts_by_kind(province_code="33").values()) == 105


def test_legacy_sources_of_a_new_commune(loaded):
    sources = adminunit_legacy_sources(unit=adminunit_get(code="11980"))  # Phường Hồng Châu
    assert "Xã Hoàng Hanh" in [m.legacy_ward.name for m in sources]
