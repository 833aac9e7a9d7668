"""`adminunits_load` and `manage.py load_adminunits` against the real package data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from motcua.adminunits.constants import LegacyLevel, UnitKind, UnitLevel
from motcua.adminunits.models import AdminUnit, LegacyUnit, LegacyWardMapping
from motcua.adminunits.services import adminunits_load
from motcua.core.text import fold

pytestmark = pytest.mark.django_db


def test_the_two_tier_map_has_34_provinces_and_3321_communes(loaded):
    # NQ 202/2025/QH15 and QĐ 19/2025/QĐ-TTg: 34 provinces, 3,321 communes.
    assert AdminUnit.objects.filter(level=UnitLevel.PROVINCE).count() == 34
    communes = AdminUnit.objects.filter(level=UnitLevel.COMMUNE)
    assert communes.count() == 3321
    kinds = dict(communes.values_list("kind").annotate(n=Count("id")))
    assert kinds == {UnitKind.XA: 2621, UnitKind.PHUONG: 687, UnitKind.DAC_KHU: 13}
    assert loaded.communes == 3321
    assert loaded.provinces == 34


def test_hung_yen_has_104_communes(loaded):
    assert AdminUnit.objects.get(code="33").name == "Tỉnh Hưng Yên"
    assert AdminUnit.objects.filter(level=UnitLevel.COMMUNE, province_code="33").count() == 104
    assert not AdminUnit.objects.filter(level=UnitLevel.COMMUNE, parent__isnull=True).exists()


def test_legacy_map_has_63_provinces_and_every_ward_its_district(loaded):
    legacy = LegacyUnit.objects
    assert legacy.filter(level=LegacyLevel.PROVINCE).count() == 63
    assert legacy.filter(level=LegacyLevel.DISTRICT).count() > 690
    assert legacy.filter(level=LegacyLevel.WARD).count() > 10000
    assert not legacy.exclude(level=LegacyLevel.PROVINCE).filter(parent__isnull=True).exists()
    ward = legacy.get(level=LegacyLevel.WARD, code="12388")
    assert (ward.name, ward.parent.parent.code) == ("Xã Hoàng Hanh", "33")


def test_names_are_nfc_and_folded(loaded):
    unit = AdminUnit.objects.get(code="00721")
    assert unit.name == "Xã Đồng Văn"
    assert unit.name_folded == "xa dong van" == fold(unit.name)


def test_split_flag_marks_every_row_of_a_ward_with_several_new_units(loaded):
    rows = LegacyWardMapping.objects.filter(legacy_ward__code="00634")  # Phường Đại Mỗ
    assert rows.count() == 5
    assert all(r.is_split for r in rows)
    assert not LegacyWardMapping.objects.get(legacy_ward__code="12388").is_split
    # is_split holds exactly when a ward has more than one row
    multi = (
        LegacyWardMapping.objects.values("legacy_ward")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    assert multi == loaded.split_legacy_wards > 400


def test_loading_twice_changes_nothing(loaded):
    before = (
        AdminUnit.objects.count(),
        LegacyUnit.objects.count(),
        LegacyWardMapping.objects.count(),
    )
    again = adminunits_load()
    after = (
        AdminUnit.objects.count(),
        LegacyUnit.objects.count(),
        LegacyWardMapping.objects.count(),
    )
    assert after == before
    assert (again.created, again.updated, again.deactivated) == (0, 0, 0)
    assert again.summary() == loaded.summary()


def test_loading_restores_a_changed_name_and_retires_a_closed_code(loaded):
    AdminUnit.objects.filter(code="00721").update(name="Xã Sai Tên", name_folded="xa sai ten")
    AdminUnit.objects.create(
        code="99999",
        name="Xã Đã Giải Thể",
        name_folded="xa da giai the",
        kind=UnitKind.XA,
        level=UnitLevel.COMMUNE,
        province_code="33",
        parent=AdminUnit.objects.get(code="33"),
    )
    result = adminunits_load()
    unit = AdminUnit.objects.get(code="00721")
    assert (unit.name, unit.name_folded) == ("Xã Đồng Văn", "xa dong van")
    assert result.updated == 1
    # QĐ 19/2025/QĐ-TTg Art. 3: a closed code is never reused, so the row stays, out of force.
    assert result.deactivated == 1
    assert AdminUnit.objects.get(code="99999").is_active is False
    assert result.communes == 3321


def test_command_prints_the_counts(loaded):
    out = StringIO()
    call_command("load_adminunits", stdout=out)
    text = out.getvalue()
    assert "34 tỉnh/thành phố" in text
    assert "3321 đơn vị cấp xã (2621 xã, 687 phường, 13 đặc khu)" in text
    assert "dòng ánh xạ" in text
