"""Old code / old address / current address → unit(s) in force. Never a silent guess."""

import pytest

from motcua.adminunits.resolver import (
    ResolveReason,
    address_resolve,
    legacy_address_resolve,
    legacy_ward_resolve,
)
from motcua.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _codes(result):
    return [u.code for u in result.candidates]


def test_a_whole_old_commune_resolves_to_one_unit(loaded):
    result = legacy_ward_resolve(code="12388")  # Xã Hoàng Hanh → Phường Hồng Châu
    assert _codes(result) == ["11980"]
    assert result.ambiguous is False
    assert result.status == "resolved"
    assert result.legacy_wards[0].name == "Xã Hoàng Hanh"
    assert result.province.code == "33"


def test_a_split_old_commune_returns_every_candidate_flagged(loaded):
    # Xã Ngọc Thanh (Kim Động, Hưng Yên) was split between Phường Sơn Nam and Xã Hiệp Cường.
    result = legacy_ward_resolve(code="12322")
    assert _codes(result) == ["11983", "12322"]
    assert result.ambiguous is True
    assert result.split is True
    assert result.reason_code == ResolveReason.SPLIT
    assert "chia cho 2 đơn vị" in result.reason


def test_the_widest_split_has_five_candidates(loaded):
    result = legacy_ward_resolve(code="634")  # Phường Đại Mỗ, Nam Từ Liêm
    assert len(result.candidates) == 5 and result.ambiguous


def test_unknown_and_malformed_codes(loaded):
    result = legacy_ward_resolve(code="99999")
    assert result.candidates == () and result.reason_code == ResolveReason.UNKNOWN_CODE
    assert "99999" in result.reason
    with pytest.raises(ApplicationError):
        legacy_ward_resolve(code="12a")


def test_an_old_commune_missing_from_the_conversion_table_says_so(loaded):
    result = legacy_ward_resolve(code="01651")  # in the old list, absent from the table
    assert result.candidates == () and result.reason_code == ResolveReason.NO_MAPPING


@pytest.mark.parametrize(
    "text",
    [
        "Xã Hưng Đạo, Huyện Tiên Lữ, Tỉnh Hưng Yên",
        "xa hung dao, huyen tien lu, tinh hung yen",
        "xa hung dao tien lu hung yen",
        "Thôn 3, X. Hưng Đạo, H. Tiên Lữ, T. Hưng Yên",
    ],
)
def test_old_address_with_and_without_diacritics(loaded, text):
    result = legacy_address_resolve(text=text)
    assert _codes(result) == ["12337"]  # now Xã Hoàng Hoa Thám
    assert result.legacy_district.name == "Huyện Tiên Lữ"
    assert not result.ambiguous


def test_old_address_keeps_a_commune_that_shares_its_district_name(loaded):
    result = legacy_address_resolve(text="Thị trấn Đồng Văn, Hà Giang")
    assert _codes(result) == ["00721"]


def test_old_address_with_a_former_district_is_resolved_with_a_note(loaded):
    # Hoàng Hanh moved from Tiên Lữ to TP Hưng Yên before 2025; old papers still say Tiên Lữ.
    result = legacy_address_resolve(text="Xã Hoàng Hanh, Huyện Tiên Lữ, Tỉnh Hưng Yên")
    assert _codes(result) == ["11980"]
    assert "Lưu ý" in result.reason


def test_old_address_of_a_split_commune_is_ambiguous(loaded):
    result = legacy_address_resolve(text="xa ngoc thanh kim dong hung yen")
    assert _codes(result) == ["11983", "12322"] and result.ambiguous and result.split


def test_old_address_naming_several_old_communes_is_ambiguous(loaded):
    result = legacy_address_resolve(text="Xã Đồng Văn, Nghệ An")  # three districts have one
    assert result.ambiguous
    assert result.reason_code == ResolveReason.SEVERAL_MATCHES
    assert len(result.legacy_wards) == 3


def test_district_narrows_numbered_wards(loaded):
    result = legacy_address_resolve(text="P.13, Q. Phú Nhuận, TP.HCM")
    assert len(result.legacy_wards) == 1
    assert result.legacy_wards[0].parent.name == "Quận Phú Nhuận"


@pytest.mark.parametrize("text", ["", "   ", "Khu công nghệ cao, Mặt Trăng"])
def test_old_address_with_no_commune_is_empty_with_a_reason(loaded, text):
    result = legacy_address_resolve(text=text)
    assert result.candidates == () and result.status == "not_found"
    assert result.reason


@pytest.mark.parametrize(
    "text",
    ["Phường Hồng Châu, Tỉnh Hưng Yên", "phuong hong chau hung yen", "P. Hồng Châu, Thái Bình"],
)
def test_current_address_resolves_within_the_province(loaded, text):
    result = address_resolve(text=text)
    assert _codes(result) == ["11980"] and not result.ambiguous


def test_current_address_without_province_may_be_ambiguous(loaded):
    result = address_resolve(text="dong van")
    assert _codes(result) == ["00721", "13348"] and result.ambiguous
    assert _codes(address_resolve(text="Phường Đồng Văn, Ninh Bình")) == ["13348"]


def test_current_address_unknown(loaded):
    result = address_resolve(text="Xã Không Có, Hưng Yên")
    assert result.candidates == () and result.reason_code == ResolveReason.NO_MATCH
    assert "Hưng Yên" in result.reason
