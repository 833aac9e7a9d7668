"""Test data for agencies: a province, its communes and agencies, made directly (no loader)."""

import factory

from motcua.adminunits.constants import UnitKind, UnitLevel
from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import AgencyKind, level_of_kind
from motcua.agencies.models import Agency
from motcua.core.text import fold


class ProvinceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        django_get_or_create = ["code"]

    code = "33"
    name = "Tỉnh Hưng Yên"
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    kind = UnitKind.TINH
    level = UnitLevel.PROVINCE
    province_code = factory.LazyAttribute(lambda o: o.code)


class CommuneUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        django_get_or_create = ["code"]

    parent = factory.SubFactory(ProvinceUnitFactory)
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    kind = UnitKind.XA
    level = UnitLevel.COMMUNE
    province_code = factory.LazyAttribute(lambda o: o.parent.code)


class AgencyFactory(factory.django.DjangoModelFactory):
    """Made directly (like a row already in the database), not through `agency_create`."""

    class Meta:
        model = Agency

    eid = factory.Sequence(lambda n: f"H31.{10 + n % 90:02d}.{n // 90 + 100:03d}")
    name = factory.Sequence(lambda n: f"Cơ quan thử {n}")
    kind = AgencyKind.PROVINCIAL_DEPARTMENT
    level = factory.LazyAttribute(lambda o: level_of_kind(o.kind))
    admin_unit = factory.SubFactory(ProvinceUnitFactory)
    province_code = factory.LazyAttribute(lambda o: o.admin_unit.province_code)


def hung_yen_units() -> dict[str, AdminUnit]:
    """Hưng Yên (33) with Phường Phố Hiến and Xã Khoái Châu; Hà Nội (01) with Phường Ba Đình."""
    hung_yen = ProvinceUnitFactory(code="33", name="Tỉnh Hưng Yên")
    ha_noi = ProvinceUnitFactory(code="01", name="Thành phố Hà Nội", kind=UnitKind.THANH_PHO)
    return {
        "33": hung_yen,
        "01": ha_noi,
        "pho_hien": CommuneUnitFactory(
            parent=hung_yen, code="11953", name="Phường Phố Hiến", kind=UnitKind.PHUONG
        ),
        "khoai_chau": CommuneUnitFactory(parent=hung_yen, code="12205", name="Xã Khoái Châu"),
        "ba_dinh": CommuneUnitFactory(
            parent=ha_noi, code="00004", name="Phường Ba Đình", kind=UnitKind.PHUONG
        ),
    }
