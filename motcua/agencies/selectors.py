"""Every read of agencies. Who may see which agency lives in motcua.accounts.selectors."""

from django.db.models import QuerySet

from motcua.adminunits.constants import UnitLevel
from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import AgencyLevel, level_of_kind
from motcua.agencies.models import Agency
from motcua.core.errors import NotFoundError


def agency_get(*, eid: str) -> Agency:
    """The agency with this e-ID; NotFoundError otherwise."""
    agency = (
        Agency.objects.select_related("admin_unit", "parent")
        .filter(eid=(eid or "").strip().upper())
        .first()
    )
    if agency is None:
        raise NotFoundError(
            f"Không tìm thấy cơ quan có mã định danh «{eid}».",
            f"No agency with identifier '{eid}'.",
        )
    return agency


def agencies_of_province(*, province_code: str, kind: str | None = None) -> QuerySet[Agency]:
    """Agencies of one province (statistical code, QĐ 19/2025/QĐ-TTg), ordered by e-ID."""
    agencies = Agency.objects.filter(province_code=province_code).select_related("admin_unit")
    if kind is not None:
        agencies = agencies.filter(kind=kind)
    return agencies.order_by("eid")


def agency_for_kind_in_unit(*, kind: str, admin_unit: AdminUnit) -> Agency | None:
    """The competent active agency of `kind` for a place: routing asks "who handles this here?".

    A commune-level kind (People's Committee, service center, police) is looked up in the
    commune itself; a province-level kind in the province, whether `admin_unit` is the
    province or one of its communes. A commune-level kind asked of a province has no answer.
    When several agencies share a kind in one unit (e.g. "other department"), the first by
    e-ID is returned: route with a specific kind when it matters.
    """
    agencies = Agency.objects.filter(kind=kind, is_active=True)
    if level_of_kind(kind) == AgencyLevel.PROVINCE:
        agencies = agencies.filter(
            province_code=admin_unit.province_code, admin_unit__level=UnitLevel.PROVINCE
        )
    elif admin_unit.level == UnitLevel.COMMUNE:
        agencies = agencies.filter(admin_unit=admin_unit)
    else:
        return None
    return agencies.order_by("eid").first()
