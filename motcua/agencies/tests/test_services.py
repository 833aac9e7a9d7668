"""agency_create / agency_update: e-ID (QĐ 20/2020/QĐ-TTg), kind level vs unit level, parent."""

import pytest

from motcua.agencies.constants import AgencyKind, AgencyLevel
from motcua.agencies.models import Agency
from motcua.agencies.services import agency_create, agency_update
from motcua.agencies.tests.factories import hung_yen_units
from motcua.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return hung_yen_units()


@pytest.fixture
def committee(units):
    return agency_create(
        eid="H31",
        name="Ủy ban nhân dân tỉnh Hưng Yên",
        kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
        admin_unit=units["33"],
    )


def _paths(error: ApplicationError) -> list[str]:
    return [detail.path for detail in error.details]


def test_create_derives_level_and_province_and_normalises(units, committee):
    agency = agency_create(
        eid=" h31.12 ",
        name="Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        kind=AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY,
        admin_unit=units["33"],
        parent=committee,
    )
    agency.refresh_from_db()
    assert agency.eid == "H31.12"
    assert agency.level == AgencyLevel.PROVINCE
    assert agency.province_code == "33"
    assert agency.parent == committee


def test_commune_agency_sits_on_a_commune(units, committee):
    agency = agency_create(
        eid="H31.50.001",
        name="Ủy ban nhân dân phường Phố Hiến",
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
        admin_unit=units["pho_hien"],
        parent=committee,
    )
    assert agency.level == AgencyLevel.COMMUNE
    assert agency.province_code == "33"


def test_every_problem_is_listed_at_once(units, committee):
    with pytest.raises(ApplicationError) as caught:
        agency_create(
            eid="Z31.1",
            name=" ",
            kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
            admin_unit=units["pho_hien"],
        )
    error = caught.value
    assert error.status == 400
    assert _paths(error) == ["eid", "eid", "admin_unit", "name"]
    assert all(d.message and d.message_en for d in error.details)
    assert Agency.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "unit_key", "ok"),
    [
        (AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE, "33", True),
        (AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, "33", True),
        (AgencyKind.PROVINCIAL_SERVICE_CENTER, "33", True),
        (AgencyKind.COMMUNE_PEOPLES_COMMITTEE, "khoai_chau", True),
        (AgencyKind.COMMUNE_SERVICE_CENTER, "khoai_chau", True),
        (AgencyKind.COMMUNE_POLICE, "khoai_chau", True),
        (AgencyKind.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, "khoai_chau", False),
        (AgencyKind.PROVINCIAL_SERVICE_CENTER, "khoai_chau", False),
        (AgencyKind.COMMUNE_PEOPLES_COMMITTEE, "33", False),
        (AgencyKind.COMMUNE_SERVICE_CENTER, "33", False),
    ],
)
def test_the_kind_level_must_match_the_unit_level(units, kind, unit_key, ok):
    """Two-tier map: province kinds on the province, commune kinds on a commune."""

    def create():
        return agency_create(eid="H31.77", name="Cơ quan", kind=kind, admin_unit=units[unit_key])

    if ok:
        assert create().kind == kind
    else:
        with pytest.raises(ApplicationError) as caught:
            create()
        assert _paths(caught.value) == ["admin_unit"]
        assert "phải gắn với đơn vị hành chính" in caught.value.details[0].message


def test_a_child_eid_extends_its_parent(units, committee):
    with pytest.raises(ApplicationError) as caught:
        agency_create(
            eid="H32.12",
            name="Sở",
            kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
            admin_unit=units["33"],
            parent=committee,
        )
    (detail,) = caught.value.details
    assert detail.path == "eid"
    assert "«H31.»" in detail.message


def test_parent_in_another_province_is_refused(units, committee):
    with pytest.raises(ApplicationError) as caught:
        agency_create(
            eid="H31.50.900",
            name="Ủy ban nhân dân phường Ba Đình",
            kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            admin_unit=units["ba_dinh"],
            parent=committee,
        )
    assert _paths(caught.value) == ["parent"]


def test_province_agency_cannot_sit_under_a_commune_agency(units, committee):
    commune = agency_create(
        eid="H31.50.001",
        name="UBND phường Phố Hiến",
        kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
        admin_unit=units["pho_hien"],
        parent=committee,
    )
    with pytest.raises(ApplicationError) as caught:
        agency_create(
            eid="H31.50.001.09",
            name="Sở",
            kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
            admin_unit=units["33"],
            parent=commune,
        )
    assert _paths(caught.value) == ["parent"]


def test_eid_is_unique(units, committee):
    with pytest.raises(ApplicationError) as caught:
        agency_create(
            eid="H31",
            name="Bản sao",
            kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
            admin_unit=units["33"],
        )
    assert "đã được dùng" in caught.value.details[0].message


def test_unknown_kind_is_a_listed_problem(units):
    with pytest.raises(ApplicationError) as caught:
        agency_create(eid="H31", name="X", kind="ministry", admin_unit=units["33"])
    assert _paths(caught.value) == ["kind"]


def test_legacy_eid_is_refused_with_its_new_form(units):
    with pytest.raises(ApplicationError) as caught:
        agency_create(
            eid="000.00.00.H31",
            name="UBND",
            kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE,
            admin_unit=units["33"],
        )
    assert "«H31»" in caught.value.details[0].message


def test_update_applies_the_same_rules(units, committee):
    department = agency_create(
        eid="H31.11",
        name="Sở Tư pháp",
        kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
        admin_unit=units["33"],
        parent=committee,
    )
    updated = agency_update(
        agency=department,
        eid="H31.13",
        name="Sở Tư pháp tỉnh Hưng Yên",
        kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
        admin_unit=units["33"],
        parent=committee,
        is_active=False,
    )
    updated.refresh_from_db()
    assert (updated.eid, updated.is_active) == ("H31.13", False)
    with pytest.raises(ApplicationError) as caught:
        agency_update(
            agency=department,
            eid="H31.13",
            name="Sở Tư pháp",
            kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
            admin_unit=units["khoai_chau"],
            parent=department,
        )
    assert set(_paths(caught.value)) == {"admin_unit", "parent"}


def test_the_eid_of_an_agency_with_children_cannot_change(units, committee):
    agency_create(
        eid="H31.11",
        name="Sở Tư pháp",
        kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
        admin_unit=units["33"],
        parent=committee,
    )
    with pytest.raises(ApplicationError) as caught:
        agency_update(
            agency=committee,
            eid="H33",
            name=committee.name,
            kind=committee.kind,
            admin_unit=units["33"],
        )
    assert "cơ quan trực thuộc" in caught.value.details[0].message
