"""Accounts and memberships: grant is idempotent, revoke keeps the row, province-wide roles
sit at a province-level agency."""

import pytest

from motcua.accounts.constants import StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.accounts.services import (
    citizen_create,
    membership_grant,
    membership_revoke,
    user_create,
)
from motcua.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_grant_twice_keeps_one_row(world, make_user):
    user = make_user()
    first = membership_grant(user=user, agency=world["a"], role=StaffRole.SPECIALIST)
    second = membership_grant(user=user, agency=world["a"], role=StaffRole.SPECIALIST)
    assert first.pk == second.pk
    assert StaffMembership.objects.count() == 1


def test_revoke_keeps_the_row_and_grant_reactivates_it(world, make_user):
    user = make_user()
    membership = membership_grant(user=user, agency=world["a"], role=StaffRole.RECEIVER)
    assert membership_revoke(user=user, agency=world["a"], role=StaffRole.RECEIVER) is True
    assert membership_revoke(user=user, agency=world["a"], role=StaffRole.RECEIVER) is False
    membership.refresh_from_db()
    assert membership.is_active is False
    again = membership_grant(user=user, agency=world["a"], role=StaffRole.RECEIVER)
    assert (again.pk, again.is_active) == (membership.pk, True)


@pytest.mark.parametrize("role", [StaffRole.PROVINCE_ADMIN, StaffRole.MONITOR])
def test_province_wide_roles_need_a_province_level_agency(world, make_user, role):
    user = make_user()
    with pytest.raises(ApplicationError) as caught:
        membership_grant(user=user, agency=world["a"], role=role)
    assert caught.value.details[0].path == "agency"
    assert "cơ quan cấp tỉnh" in caught.value.details[0].message
    assert membership_grant(user=user, agency=world["hy"], role=role).is_active


def test_unknown_role_is_refused(world, make_user):
    with pytest.raises(ApplicationError) as caught:
        membership_grant(user=make_user(), agency=world["a"], role="superhero")
    assert caught.value.details[0].path == "role"


def test_user_create_hashes_and_checks_uniqueness():
    user = user_create(
        username="sokhcn.tiepnhan", full_name="Nguyễn Thị Thu Hà", password="mật-khẩu-dài-2026"
    )
    assert user.check_password("mật-khẩu-dài-2026")
    assert user.personal_id is None
    with pytest.raises(ApplicationError) as caught:
        user_create(username="sokhcn.tiepnhan", full_name="Người khác")
    assert caught.value.details[0].path == "username"


def test_user_without_password_cannot_log_in_by_password():
    assert not user_create(username="khongmatkhau", full_name="A").has_usable_password()


def test_citizen_logs_in_with_the_personal_id():
    citizen = citizen_create(personal_id="033090001234", full_name="Nguyễn Văn An", password="x")
    assert (citizen.username, citizen.personal_id) == ("033090001234", "033090001234")
    with pytest.raises(ApplicationError) as caught:
        citizen_create(personal_id="33090001234", full_name="Thiếu một số")
    assert [d.path for d in caught.value.details] == ["personal_id"]
    with pytest.raises(ApplicationError):
        user_create(username="khac", full_name="B", personal_id="033090001234")
    assert User.objects.count() == 1
