"""Demo data: every role has a demo login, and `load_demo` twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.accounts.selectors import user_can_see_agency
from motcua.adminunits.models import AdminUnit
from motcua.agencies.models import Agency
from motcua.agencies.selectors import agency_get
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.web.demo import (
    CITIZENS,
    DEMO_PASSWORD,
    DEMO_PROVINCE_EID,
    PROVINCE_AGENCIES,
    STAFF,
    DemoReport,
    demo_agencies_ensure,
    demo_logins,
    demo_people_ensure,
)

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only: logins stay quick


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture
def small_province(db):
    """Hưng Yên with two communes, made directly: the agency and staff steps without the loader."""
    from motcua.agencies.tests.factories import hung_yen_units

    return hung_yen_units()


def test_the_scheme_on_a_small_province(small_province):
    report = DemoReport()
    demo_agencies_ensure(report)
    # UBND tỉnh, the departments and center, and three agencies in each of the two communes.
    assert report.agencies_created == 1 + len(PROVINCE_AGENCIES) + 2 * 3
    assert agency_get(eid=DEMO_PROVINCE_EID).name == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert agency_get(eid="H31.12").name == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    pho_hien = agency_get(eid="H31.50.001")
    assert pho_hien.name == "Ủy ban nhân dân phường Phố Hiến"
    center = agency_get(eid="H31.50.001.01")
    assert (center.name, center.parent) == (
        "Trung tâm Phục vụ hành chính công phường Phố Hiến",
        pho_hien,
    )
    assert agency_get(eid="H31.50.002.02").name == "Công an xã Khoái Châu"
    assert not Agency.objects.filter(province_code="01").exists()


def test_every_role_has_a_demo_login_that_works(small_province, client):
    report = DemoReport()
    demo_agencies_ensure(report)
    demo_people_ensure(report)
    assert report.warnings == []
    held = set(StaffMembership.objects.values_list("role", flat=True))
    assert held == set(StaffRole.values)
    for username in [s.username for s in STAFF] + ["admin"] + [pid for pid, _ in CITIZENS]:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    assert User.objects.get(username="admin").is_superuser
    citizen = User.objects.get(username=CITIZENS[0][0])
    assert (citizen.personal_id, citizen.full_name) == ("033090001234", "Nguyễn Văn An")


def test_demo_staff_see_what_their_role_allows(small_province):
    report = DemoReport()
    demo_agencies_ensure(report)
    demo_people_ensure(report)
    receiver = User.objects.get(username="phohien.tiepnhan")
    monitor = User.objects.get(username="tinh.giamsat")
    pho_hien_center, khoai_chau = agency_get(eid="H31.50.001.01"), agency_get(eid="H31.50.002")
    assert user_can_see_agency(user=receiver, agency=pho_hien_center)
    assert not user_can_see_agency(user=receiver, agency=khoai_chau)
    assert user_can_see_agency(user=monitor, agency=khoai_chau)


def test_demo_logins_read_the_database(small_province):
    report = DemoReport()
    demo_agencies_ensure(report)
    demo_people_ensure(report)
    logins = demo_logins()
    assert logins[0].username == "admin"
    assert {x.username for x in logins} >= {"sokhcn.kyso", "phohien.tiepnhan", "033090001234"}
    row = next(x for x in logins if x.username == "sokhcn.kyso")
    assert (row.role, row.agency, row.password) == (
        "Người ký số", "Sở Khoa học và Công nghệ tỉnh Hưng Yên", DEMO_PASSWORD
    )  # fmt: skip
    user = User.objects.get(username="sokhcn.kyso")
    user.set_password("mat-khau-rieng-2026")
    user.save()
    row = next(x for x in demo_logins() if x.username == "sokhcn.kyso")
    assert row.password == "(đã đổi)"
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "Tên đăng nhập" in text and "phohien.lanhdao" in text
    assert "http://127.0.0.1:8000/admin/" in text and "/api/docs" in text


def _snapshot() -> dict:
    return {
        "agencies": sorted(
            Agency.objects.values_list("eid", "name", "kind", "parent__eid", "updated_at")
        ),
        "users": sorted(User.objects.values_list("username", "password", "full_name")),
        "memberships": sorted(
            StaffMembership.objects.values_list(
                "user__username", "agency__eid", "role", "is_active", "updated_at"
            )
        ),
    }


@pytest.mark.slow
def test_load_demo_twice_runs_the_real_loader_and_changes_nothing(client):
    """The whole `manage.py load_demo` (real load_adminunits): 104 communes × 3 agencies."""
    first = io.StringIO()
    call_command("load_demo", stdout=first)
    assert AdminUnit.objects.filter(province_code="33", level="commune").count() == 104
    expected = 1 + len(PROVINCE_AGENCIES) + 104 * 3
    assert Agency.objects.count() == expected
    assert Agency.objects.filter(kind="commune_service_center", parent__isnull=False).count() == 104
    assert agency_get(eid="H31.50.001").admin_unit.code == "11953"  # Phố Hiến, the lowest code
    assert agency_get(eid="H31.50.104").admin_unit.code == "13279"  # Xã Vũ Tiên, the highest
    assert f"tạo mới {expected}" in first.getvalue()
    # Demo dossiers in the states an officer meets, each with its history and outbox rows.
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {1, 2, 3, 4, 5, 8, 10} <= statuses
    assert DossierEvent.objects.count() >= Dossier.objects.count()
    dossiers_before = Dossier.objects.count()
    before = _snapshot()

    second = io.StringIO()
    call_command("load_demo", stdout=second)
    assert _snapshot() == before
    assert Dossier.objects.count() == dossiers_before
    assert "không thay đổi gì" in second.getvalue()
    assert set(StaffMembership.objects.values_list("role", flat=True)) == set(StaffRole.values)
    for login in demo_logins():
        assert login.password == DEMO_PASSWORD
        assert client.login(username=login.username, password=login.password), login.username
        client.logout()
