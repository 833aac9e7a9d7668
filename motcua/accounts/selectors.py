"""Every read of memberships, and the agency access gate later gates build on.

Who sees which agency (the rule the dossier gates of later issues rely on):

* an officer (receiver, specialist, leader, signer, agency admin) sees the agencies where
  they hold an active membership, and no other — not the parent, not a sibling, not a child;
* a province administrator or monitor sees every agency of the province (statistical code,
  QĐ 19/2025/QĐ-TTg) of the agency where that role is held;
* nobody sees across provinces; an inactive user, an anonymous visitor or a revoked
  membership sees nothing. Django's superuser flag opens the admin site, not this gate.
"""

from django.db.models import Q, QuerySet

from motcua.accounts.constants import PROVINCE_WIDE_ROLES
from motcua.accounts.models import StaffMembership, User
from motcua.agencies.models import Agency


def _active_memberships(user: User) -> QuerySet[StaffMembership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(user=user, is_active=True)


def memberships_of_user(*, user: User) -> QuerySet[StaffMembership]:
    """The user's active memberships with their agencies, by agency e-ID then role."""
    return (
        _active_memberships(user)
        .select_related("agency", "agency__admin_unit")
        .order_by("agency__eid", "role")
    )


def user_roles_in_agency(*, user: User, agency: Agency) -> frozenset[str]:
    """The roles the user holds in exactly this agency (province-wide roles held elsewhere
    are not roles *in* this agency; ask `user_can_see_agency` for visibility)."""
    roles = _active_memberships(user).filter(agency=agency).values_list("role", flat=True)
    return frozenset(roles)


def user_province_codes(*, user: User) -> frozenset[str]:
    """Provinces where the user holds a province-wide role (administrator or monitor)."""
    codes = (
        _active_memberships(user)
        .filter(role__in=PROVINCE_WIDE_ROLES)
        .values_list("agency__province_code", flat=True)
    )
    return frozenset(codes)


def agencies_visible_to_user(*, user: User) -> QuerySet[Agency]:
    """Every agency the user may see (module docstring), ordered by e-ID; one query."""
    memberships = _active_memberships(user)
    own = memberships.values("agency_id")
    provinces = memberships.filter(role__in=PROVINCE_WIDE_ROLES).values("agency__province_code")
    return Agency.objects.filter(Q(pk__in=own) | Q(province_code__in=provinces)).order_by("eid")


def user_can_see_agency(*, user: User, agency: Agency) -> bool:
    """Whether the user may see `agency` (module docstring); one query."""
    return agencies_visible_to_user(user=user).filter(pk=agency.pk).exists()


def staff_of_agency(*, agency: Agency, role: str) -> QuerySet[User]:
    """Active users holding `role` in exactly `agency`, by name (e.g. who can be assigned)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__agency=agency,
            memberships__role=role,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )
