"""Every read of the portal: the citizen's dossiers and drafts, stored results to reuse,
public tracking, and where a dossier may be submitted."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet

from motcua.adminunits.models import AdminUnit
from motcua.adminunits.selectors import communes_of_province
from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.agencies.selectors import agencies_of_province, agency_for_kind_in_unit
from motcua.core.errors import NotFoundError
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import (
    dossier_by_code_public,
    dossier_events,
    dossiers_visible_to_user,
)
from motcua.portal.models import Draft
from motcua.procedures.models import Procedure

RESULT_STATUSES = (DossierStatus.RESULT_READY, DossierStatus.RETURNED)


@dataclass(frozen=True)
class StoredResult:
    """A signed result in the citizen's (or business's) electronic data store."""

    code: str
    name: str
    procedure_code: str
    issued_at: datetime | None


def reusable_results(
    *, personal_id: str = "", tax_code: str = "", procedure_codes: list[str]
) -> list[StoredResult]:
    """Results of `procedure_codes` the owner already holds (kho dữ liệu điện tử, NĐ 45/2020
    Art. 16). The one place that says where results come from: today dossiers of this platform
    with a result code — what `dossier_submit_online` accepts as `reused_from`; when
    motcua.documents' `results_of_owner` lands, only this function changes."""
    if not procedure_codes or not (personal_id or tax_code):
        return []
    rows = Dossier.objects.filter(
        status__in=RESULT_STATUSES, procedure__code__in=procedure_codes
    ).exclude(result_code="")
    rows = (
        rows.filter(applicant_personal_id=personal_id)
        if personal_id
        else rows.filter(applicant_tax_code=tax_code)
    )
    return [
        StoredResult(
            code=code,
            name=result_name or procedure_name,
            procedure_code=procedure_code,
            issued_at=finished_at,
        )
        for code, result_name, procedure_name, procedure_code, finished_at in rows.order_by(
            "-finished_at"
        ).values_list(
            "result_code",
            "procedure__result_name",
            "procedure__name",
            "procedure__code",
            "finished_at",
        )[:20]
    ]


def citizen_dossiers(*, user) -> QuerySet[Dossier]:
    """The dossiers `user` submitted online, newest first ("Hồ sơ của tôi")."""
    return (
        dossiers_visible_to_user(user=user)
        .filter(applicant_user=user)
        .select_related("procedure", "handling_agency")
        .order_by("-submitted_at")
    )


def citizen_dossier_get(*, user, code: str) -> Dossier:
    """One of `user`'s own dossiers; NotFoundError for any other (missing or someone else's)."""
    dossier = (
        citizen_dossiers(user=user).select_related("receiving_agency").filter(code=code).first()
    )
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ.", "Dossier not found.")
    return dossier


def citizen_timeline(*, dossier: Dossier) -> list[DossierEvent]:
    return list(dossier_events(dossier=dossier))


def drafts_of_user(*, user) -> QuerySet[Draft]:
    return Draft.objects.filter(user=user).select_related("procedure").order_by("-updated")


def draft_get_for_user(*, user, draft_id: int) -> Draft:
    draft = drafts_of_user(user=user).filter(pk=draft_id).first()
    if draft is None:
        raise NotFoundError("Không tìm thấy hồ sơ nháp.", "Draft not found.")
    return draft


def _last_digits_match(value: str, digits: str) -> bool:
    value = "".join(c for c in (value or "") if c.isdigit())
    return len(value) >= 4 and value[-4:] == digits


def tracking_lookup(*, code: str, digits: str) -> Dossier | None:
    """The dossier `code` when `digits` are the last four of its applicant's personal ID, tax
    code or phone; None otherwise (a wrong code and wrong digits look the same)."""
    digits = (digits or "").strip()
    if len(digits) != 4 or not digits.isdigit():
        return None
    dossier = dossier_by_code_public(code=(code or "").strip())
    if dossier is None:
        return None
    owners = (dossier.applicant_personal_id, dossier.applicant_tax_code, dossier.applicant_phone)
    if not any(_last_digits_match(value, digits) for value in owners):
        return None
    return dossier


def province_communes() -> QuerySet[AdminUnit]:
    return communes_of_province(province_code=settings.MOTCUA_PROVINCE)


def receiving_agencies_for(*, procedure: Procedure, unit_code: str = "") -> list[Agency]:
    """Where the citizen may submit: any service center of the province when the procedure is
    boundary-free (NĐ 118/2025), otherwise the competent one's own service center."""
    province = settings.MOTCUA_PROVINCE
    centers = agencies_of_province(province_code=province).filter(
        is_active=True,
        kind__in=[AgencyKind.PROVINCIAL_SERVICE_CENTER, AgencyKind.COMMUNE_SERVICE_CENTER],
    )
    if procedure.boundary_free:
        # The provincial center first, then the communes' in e-ID order.
        return sorted(
            centers, key=lambda a: (a.kind != AgencyKind.PROVINCIAL_SERVICE_CENTER, a.eid)
        )
    if procedure.level == "province":
        return list(centers.filter(kind=AgencyKind.PROVINCIAL_SERVICE_CENTER).order_by("eid"))
    unit = AdminUnit.objects.filter(code=unit_code).first() if unit_code else None
    if unit is None:
        return []
    center = agency_for_kind_in_unit(kind=AgencyKind.COMMUNE_SERVICE_CENTER, admin_unit=unit)
    return [center] if center else []
