"""Agency reads: by e-ID, by province, and the competent agency of a kind for a place."""

import pytest

from motcua.agencies.constants import AgencyKind
from motcua.agencies.selectors import agencies_of_province, agency_for_kind_in_unit, agency_get
from motcua.agencies.services import agency_create
from motcua.agencies.tests.factories import hung_yen_units
from motcua.core.errors import NotFoundError

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    units = hung_yen_units()
    committee = agency_create(
        eid="H31",
        name="UBND tỉnh Hưng Yên",
        kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
        admin_unit=units["33"],
    )
    science = agency_create(
        eid="H31.12",
        name="Sở KH&CN",
        parent=committee,
        admin_unit=units["33"],
        kind=AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
    )
    pho_hien = agency_create(
        eid="H31.50.001",
        name="UBND phường Phố Hiến",
        parent=committee,
        admin_unit=units["pho_hien"],
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
    )
    khoai_chau = agency_create(
        eid="H31.50.024",
        name="UBND xã Khoái Châu",
        parent=committee,
        admin_unit=units["khoai_chau"],
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
    )
    ha_noi_science = agency_create(
        eid="H26.12",
        name="Sở KH&CN Hà Nội",
        admin_unit=units["01"],
        kind=AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
    )
    return {"units": units, "committee": committee, "science": science, "pho_hien": pho_hien,
            "khoai_chau": khoai_chau, "ha_noi_science": ha_noi_science}  # fmt: skip


def test_agency_get_by_eid(world):
    assert agency_get(eid="H31.12") == world["science"]
    assert agency_get(eid=" h31.12") == world["science"]
    with pytest.raises(NotFoundError):
        agency_get(eid="H31.99")


def test_agencies_of_province_stay_in_the_province(world):
    assert list(agencies_of_province(province_code="33")) == [
        world["committee"], world["science"], world["pho_hien"], world["khoai_chau"]
    ]  # fmt: skip
    assert list(
        agencies_of_province(province_code="33", kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE)
    ) == [world["pho_hien"], world["khoai_chau"]]
    assert list(agencies_of_province(province_code="01")) == [world["ha_noi_science"]]


def test_commune_kind_is_found_in_the_commune_itself(world):
    units = world["units"]
    kind = AgencyKind.COMMUNE_PEOPLES_COMMITTEE
    assert agency_for_kind_in_unit(kind=kind, admin_unit=units["pho_hien"]) == world["pho_hien"]
    assert agency_for_kind_in_unit(kind=kind, admin_unit=units["khoai_chau"]) == world["khoai_chau"]
    assert agency_for_kind_in_unit(kind=kind, admin_unit=units["ba_dinh"]) is None
    assert agency_for_kind_in_unit(kind=kind, admin_unit=units["33"]) is None


def test_province_kind_is_found_from_the_province_or_any_of_its_communes(world):
    units = world["units"]
    kind = AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY
    for place in ("33", "pho_hien", "khoai_chau"):
        assert agency_for_kind_in_unit(kind=kind, admin_unit=units[place]) == world["science"]
    assert (
        agency_for_kind_in_unit(kind=kind, admin_unit=units["ba_dinh"]) == world["ha_noi_science"]
    )
    assert (
        agency_for_kind_in_unit(kind=AgencyKind.DEPARTMENT_OF_JUSTICE, admin_unit=units["33"])
        is None
    )


def test_inactive_agencies_are_not_competent(world):
    world["science"].is_active = False
    world["science"].save()
    kind = AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY
    assert agency_for_kind_in_unit(kind=kind, admin_unit=world["units"]["33"]) is None
