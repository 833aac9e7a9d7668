"""Every read of dossiers. `dossier_get_for_user` and `dossier_list_for_user` are the gates:
no page, API endpoint or export fetches a dossier any other way.

Who sees a dossier: the officers of its handling or receiving agency; the province
administrators and monitors of its province (accounts.selectors); the citizen who submitted
it online. Missing and invisible both answer "not found".
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.accounts.constants import PROVINCE_WIDE_ROLES, StaffRole
from motcua.accounts.models import StaffMembership, User
from motcua.accounts.selectors import staff_of_agency, user_roles_in_agency
from motcua.agencies.models import Agency
from motcua.core.errors import NotFoundError
from motcua.dossiers.constants import Action, DossierStatus
from motcua.dossiers.deadlines import MAX_EXTENSIONS
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.workflow import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    State,
    allowed_actions,
    may_act,
)

CITIZEN = "citizen"

INBOX_PAGE_SIZE = 50
OPEN_STATUS_CODES = sorted(int(status) for status in OPEN_STATUSES)


def _visibility(user) -> Q | None:
    """Who sees what (module docstring), as plain id lists: `agency IN (…)` lets the database
    use the agency indexes, where `IN (subquery) OR …` forced a scan of every dossier."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    memberships = list(
        StaffMembership.objects.filter(user=user, is_active=True).values_list(
            "agency_id", "role", "agency__province_code"
        )
    )
    own = sorted({agency_id for agency_id, _, _ in memberships})
    provinces = {code for _, role, code in memberships if role in PROVINCE_WIDE_ROLES}
    visibility = Q(applicant_user=user)
    if provinces:
        # Receiving and handling agencies are always in one province (transfers and
        # boundary-free reception stay inside it), so the handling agency decides.
        province_agencies = list(
            Agency.objects.filter(province_code__in=provinces).values_list("id", flat=True)
        )
        visibility |= Q(handling_agency_id__in=province_agencies)
    if own:
        visibility |= Q(handling_agency_id__in=own) | Q(receiving_agency_id__in=own)
    return visibility


def dossiers_visible_to_user(*, user) -> QuerySet[Dossier]:
    visibility = _visibility(user)
    if visibility is None:
        return Dossier.objects.none()
    return Dossier.objects.filter(visibility)


def dossier_get_for_user(*, user, code: str) -> Dossier:
    """The dossier `code` if `user` may see it; NotFoundError otherwise (the same for both)."""
    dossier = (
        dossiers_visible_to_user(user=user)
        .select_related(
            "procedure",
            "procedure__field",
            "handling_agency",
            "receiving_agency",
            "assignee",
            "applicant_unit",
        )
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ.", "Dossier not found.")
    return dossier


# Open dossiers due within this many days are "due soon" (the same on the indicator dashboards).
DUE_SOON_DAYS = 2


@dataclass(frozen=True)
class InboxFilters:
    status: int | None = None
    procedure_code: str = ""
    field_code: str = ""
    channel: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    q: str = ""
    agency_id: int | None = None
    mine: bool = False
    open_only: bool = False  # only dossiers still being handled (the inbox's default view)
    # Drill-down from the indicators, which count dossiers by their handling agency and their
    # end-of-processing day (indicators/contribution.py).
    handling_agency_id: int | None = None
    handling_commune_id: int | None = None  # every agency of one commune/ward
    finished_from: date | None = None
    finished_to: date | None = None
    accepted_from: date | None = None  # received by the agency (never-received ones excluded)
    accepted_to: date | None = None
    overdue: bool = False  # open, clock running, due day already past
    due_soon: bool = False  # open, clock running, due today or within DUE_SOON_DAYS


def dossier_list_for_user(*, user, filters: InboxFilters = InboxFilters()) -> QuerySet[Dossier]:
    """The inbox: visible dossiers, open first by due date, with what a list row shows."""
    qs = dossiers_visible_to_user(user=user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUS_CODES)
    if filters.procedure_code:
        qs = qs.filter(procedure__code=filters.procedure_code)
    if filters.field_code:
        qs = qs.filter(procedure__field__code=filters.field_code)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.received_from or filters.received_to:
        # The day it was received; an online dossier not yet received counts from submission.
        qs = qs.annotate(arrived_at=Coalesce("received_at", "submitted_at"))
        if filters.received_from:
            qs = qs.filter(arrived_at__date__gte=filters.received_from)
        if filters.received_to:
            qs = qs.filter(arrived_at__date__lte=filters.received_to)
    if filters.agency_id:
        qs = qs.filter(
            Q(handling_agency_id=filters.agency_id) | Q(receiving_agency_id=filters.agency_id)
        )
    if filters.handling_agency_id:
        qs = qs.filter(handling_agency_id=filters.handling_agency_id)
    if filters.handling_commune_id:
        qs = qs.filter(handling_agency__admin_unit_id=filters.handling_commune_id)
    if filters.accepted_from:
        qs = qs.filter(received_at__date__gte=filters.accepted_from)
    if filters.accepted_to:
        qs = qs.filter(received_at__date__lte=filters.accepted_to)
    if filters.finished_from:
        qs = qs.filter(finished_at__date__gte=filters.finished_from)
    if filters.finished_to:
        qs = qs.filter(finished_at__date__lte=filters.finished_to)
    if filters.overdue or filters.due_soon:
        today = timezone.localdate()
        running = set(OPEN_STATUS_CODES) - {DossierStatus.SUPPLEMENT_REQUESTED}
        qs = qs.filter(status__in=running, paused_at__isnull=True)
        if filters.overdue:
            qs = qs.filter(due_at__date__lt=today)
        else:
            qs = qs.filter(
                due_at__date__gte=today, due_at__date__lte=today + timedelta(days=DUE_SOON_DAYS)
            )
    if filters.mine:
        qs = qs.filter(assignee=user)
    if filters.q:
        term = filters.q.strip()
        qs = qs.filter(
            Q(code__icontains=term)
            | Q(applicant_name__icontains=term)
            | Q(applicant_personal_id=term)
            | Q(applicant_tax_code=term)
        )
    if filters.open_only or filters.status:
        # Walks the partial index of open dossiers by due date (models.Dossier.Meta).
        ordering = [F("due_at").asc(nulls_last=True), "-submitted_at"]
    else:
        qs = qs.annotate(finished=Case(When(status__in=FINISHED_STATUSES, then=1), default=0))
        ordering = ["finished", F("due_at").asc(nulls_last=True), "-submitted_at"]
    return (
        qs.select_related("procedure", "handling_agency", "assignee")
        .only(
            "code",
            "status",
            "step",
            "channel",
            "applicant_name",
            "submitted_at",
            "received_at",
            "due_at",
            "paused_at",
            "procedure__code",
            "procedure__name",
            "handling_agency__name",
            "handling_agency__eid",
            "assignee__username",
            "assignee__full_name",
        )
        .order_by(*ordering)
    )


def dossier_events(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("actor", "agency", "to_agency").order_by("seq")


def dossier_by_code_public(*, code: str) -> Dossier | None:
    """For the public tracking page (portal issue): no access check, callers show no personal data."""
    return Dossier.objects.select_related("procedure", "handling_agency").filter(code=code).first()


def dossier_state(dossier: Dossier) -> State:
    resume = DossierStatus(dossier.resume_status) if dossier.resume_status else None
    return State(DossierStatus(dossier.status), dossier.step, resume)


def dossier_roles(*, dossier: Dossier, user) -> set[str]:
    """The roles `user` holds for this dossier: in its receiving or handling agency, or as applicant."""
    roles = set(user_roles_in_agency(user=user, agency=dossier.handling_agency))
    if dossier.receiving_agency_id != dossier.handling_agency_id:
        roles |= set(user_roles_in_agency(user=user, agency=dossier.receiving_agency))
    if dossier.applicant_user_id and dossier.applicant_user_id == user.pk:
        roles.add(CITIZEN)
    return roles


def dossier_actions_for_user(*, dossier: Dossier, user, now: datetime) -> list[Action]:
    """What this person may do to this dossier now: the workflow table, their roles, and the
    once-only, before-the-deadline extension rule (so a page never offers a doomed button)."""
    roles = dossier_roles(dossier=dossier, user=user)
    actions = [a for a in allowed_actions(dossier_state(dossier)) if may_act(a, roles)]
    if Action.EXTEND in actions and (
        dossier.extension_count >= MAX_EXTENSIONS or dossier.due_at is None or now >= dossier.due_at
    ):
        actions.remove(Action.EXTEND)
    return actions


def dossier_assignee_find(*, dossier: Dossier, username: str) -> User | None:
    """An active specialist of the handling agency with this username, else None (the answer
    never tells whether some other account exists)."""
    return (
        staff_of_agency(agency=dossier.handling_agency, role=StaffRole.SPECIALIST)
        .filter(username=username)
        .first()
    )
