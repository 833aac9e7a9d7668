import pytest

from motcua.accounts.services import user_create
from motcua.agencies.constants import AgencyKind
from motcua.agencies.services import agency_create
from motcua.agencies.tests.factories import hung_yen_units


@pytest.fixture
def world(db):
    """Two provinces. Hưng Yên (33): the provincial People's Committee, Sở KH&CN, and the
    People's Committee and service center of Phố Hiến (commune A) and Khoái Châu (commune B).
    Hà Nội (01): a People's Committee and Phường Ba Đình's."""
    units = hung_yen_units()

    def make(eid, kind, unit, parent=None):
        return agency_create(eid=eid, name=f"Cơ quan {eid}", kind=kind, admin_unit=units[unit],
                             parent=parent)  # fmt: skip

    k = AgencyKind
    hy = make("H31", k.PROVINCIAL_PEOPLES_COMMITTEE, "33")
    a = make("H31.50.001", k.COMMUNE_PEOPLES_COMMITTEE, "pho_hien", hy)
    b = make("H31.50.024", k.COMMUNE_PEOPLES_COMMITTEE, "khoai_chau", hy)
    hn = make("H26", k.PROVINCIAL_PEOPLES_COMMITTEE, "01")
    return {
        "hy": hy,
        "science": make("H31.12", k.DEPARTMENT_OF_SCIENCE_AND_TECHNOLOGY, "33", hy),
        "a": a,
        "a_center": make("H31.50.001.01", k.COMMUNE_SERVICE_CENTER, "pho_hien", a),
        "b": b,
        "b_center": make("H31.50.024.01", k.COMMUNE_SERVICE_CENTER, "khoai_chau", b),
        "hn": hn,
        "hn_commune": make("H26.50.001", k.COMMUNE_PEOPLES_COMMITTEE, "ba_dinh", hn),
    }


@pytest.fixture
def make_user(db):
    def make(username="canbo", **kwargs):
        return user_create(username=username, full_name="Nguyễn Văn Thử", **kwargs)

    return make
