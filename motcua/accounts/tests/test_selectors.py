"""The agency access gate, role by role. Officers see their own agency only; province
administrators and monitors see every agency of their province; nobody sees across provinces."""

import pytest

from motcua.accounts.constants import StaffRole
from motcua.accounts.selectors import (
    agencies_visible_to_user,
    memberships_of_user,
    user_can_see_agency,
    user_province_codes,
    user_roles_in_agency,
)
from motcua.accounts.services import membership_grant, membership_revoke

pytestmark = pytest.mark.django_db

ALL = ["hy", "science", "a", "a_center", "b", "b_center", "hn", "hn_commune"]
HUNG_YEN = ["hy", "science", "a", "a_center", "b", "b_center"]


def _visible(user, world) -> set[str]:
    visible = {key for key in ALL if user_can_see_agency(user=user, agency=world[key])}
    # The list and the yes/no answer never disagree.
    assert {a.pk for a in agencies_visible_to_user(user=user)} == {world[k].pk for k in visible}
    return visible


@pytest.mark.parametrize(
    ("role", "at", "sees"),
    [
        # A receiver of commune A's service center sees that center: not A's People's
        # Committee, not commune B, not the province.
        (StaffRole.RECEIVER, "a_center", {"a_center"}),
        (StaffRole.RECEIVER, "science", {"science"}),
        (StaffRole.SPECIALIST, "a", {"a"}),
        (StaffRole.LEADER, "b", {"b"}),
        (StaffRole.SIGNER, "science", {"science"}),
        # An agency administrator administers one agency, not its parent or children.
        (StaffRole.AGENCY_ADMIN, "a", {"a"}),
        (StaffRole.AGENCY_ADMIN, "hy", {"hy"}),
        # Province-wide roles: every agency of Hưng Yên, none of Hà Nội.
        (StaffRole.PROVINCE_ADMIN, "hy", set(HUNG_YEN)),
        (StaffRole.MONITOR, "hy", set(HUNG_YEN)),
        (StaffRole.MONITOR, "science", set(HUNG_YEN)),
        (StaffRole.PROVINCE_ADMIN, "hn", {"hn", "hn_commune"}),
    ],
)
def test_who_sees_what(world, make_user, role, at, sees):
    user = make_user()
    membership_grant(user=user, agency=world[at], role=role)
    assert _visible(user, world) == sees


def test_a_user_without_memberships_sees_nothing(world, make_user):
    assert _visible(make_user(), world) == set()


def test_the_superuser_flag_does_not_open_the_gate(world, make_user):
    assert _visible(make_user(is_superuser=True, is_staff=True), world) == set()


def test_several_memberships_add_up(world, make_user):
    user = make_user()
    membership_grant(user=user, agency=world["a"], role=StaffRole.SPECIALIST)
    membership_grant(user=user, agency=world["b_center"], role=StaffRole.RECEIVER)
    assert _visible(user, world) == {"a", "b_center"}


def test_a_revoked_membership_sees_nothing(world, make_user):
    user = make_user()
    membership_grant(user=user, agency=world["hy"], role=StaffRole.MONITOR)
    membership_revoke(user=user, agency=world["hy"], role=StaffRole.MONITOR)
    assert _visible(user, world) == set()
    assert user_province_codes(user=user) == frozenset()


def test_an_inactive_user_sees_nothing(world, make_user):
    user = make_user()
    membership_grant(user=user, agency=world["hy"], role=StaffRole.PROVINCE_ADMIN)
    user.is_active = False
    user.save()
    assert _visible(user, world) == set()


def test_an_anonymous_visitor_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not user_can_see_agency(user=AnonymousUser(), agency=world["a"])
    assert list(memberships_of_user(user=AnonymousUser())) == []


def test_roles_in_agency_are_only_the_roles_held_there(world, make_user):
    user = make_user()
    membership_grant(user=user, agency=world["a"], role=StaffRole.LEADER)
    membership_grant(user=user, agency=world["a"], role=StaffRole.SIGNER)
    membership_grant(user=user, agency=world["hy"], role=StaffRole.MONITOR)
    assert user_roles_in_agency(user=user, agency=world["a"]) == {"leader", "signer"}
    # The monitor sees commune B but holds no role in it.
    assert user_can_see_agency(user=user, agency=world["b"])
    assert user_roles_in_agency(user=user, agency=world["b"]) == frozenset()
    assert user_province_codes(user=user) == {"33"}
    assert [(m.agency.eid, m.role) for m in memberships_of_user(user=user)] == [
        ("H31", "monitor"), ("H31.50.001", "leader"), ("H31.50.001", "signer"),
    ]  # fmt: skip


def test_the_gate_is_one_query(world, make_user, django_assert_num_queries):
    user = make_user()
    membership_grant(user=user, agency=world["hy"], role=StaffRole.MONITOR)
    membership_grant(user=user, agency=world["a"], role=StaffRole.LEADER)
    with django_assert_num_queries(1):
        assert user_can_see_agency(user=user, agency=world["b"])
    with django_assert_num_queries(1):
        assert len(list(agencies_visible_to_user(user=user))) == 6
