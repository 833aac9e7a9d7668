"""Who sees which indicators (built on accounts.selectors, the agency gate).

* a province administrator or monitor: the whole province, each of its agencies and communes;
* a leader (lãnh đạo) of an agency: that agency only;
* anyone else: nothing (403). A unit outside what the user may see answers "not found".
"""

from dataclasses import dataclass

from motcua.accounts.constants import PROVINCE_WIDE_ROLES, StaffRole
from motcua.accounts.selectors import memberships_of_user
from motcua.agencies.models import Agency
from motcua.indicators.rollup_queries import Unit
from motcua.indicators.selectors import unit_agency, unit_commune, unit_province


@dataclass(frozen=True)
class DashboardScope:
    province_codes: frozenset[str]
    leader_agencies: tuple[Agency, ...]

    @property
    def allowed(self) -> bool:
        return bool(self.province_codes or self.leader_agencies)


def dashboard_scope(*, user) -> DashboardScope:
    """From the user's memberships, read once (one query): the provinces of its province-wide
    roles (as `user_province_codes`) and the agencies it leads."""
    memberships = list(memberships_of_user(user=user))
    codes = frozenset(m.agency.province_code for m in memberships if m.role in PROVINCE_WIDE_ROLES)
    leaders = tuple(m.agency for m in memberships if m.role == StaffRole.LEADER)
    return DashboardScope(codes, leaders)


def unit_for_user(*, scope: DashboardScope, value: str) -> Unit | None:
    """The unit named by the `unit` GET parameter if the scope covers it, else None.
    Values: "" (the default), "province:33", "agency:<id>", "commune:<admin unit id>"."""
    kind, _, key = (value or "").partition(":")
    if not kind:
        if scope.province_codes:
            return unit_province(province_code=sorted(scope.province_codes)[0])
        return unit_agency(agency=scope.leader_agencies[0]) if scope.leader_agencies else None
    if not key.isdigit():
        return None
    if kind == "province":
        return unit_province(province_code=key) if key in scope.province_codes else None
    if kind == "agency":
        for agency in scope.leader_agencies:
            if agency.pk == int(key):
                return unit_agency(agency=agency)
        agency = Agency.objects.filter(pk=int(key), province_code__in=scope.province_codes).first()
        return unit_agency(agency=agency) if agency else None
    if kind == "commune":
        for code in sorted(scope.province_codes):
            unit = unit_commune(admin_unit_id=int(key), province_code=code)
            if unit is not None:
                return unit
    return None
