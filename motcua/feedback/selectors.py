"""Every read of PAKN and ratings. `feedback_get_for_user` / `feedback_list_for_user` are the
officers' gates, `feedback_get_for_citizen` the sender's: missing and invisible both answer
"not found".

Who sees a PAKN in the workspace: the officers of the agency now handling it (any role), and
the province administrators and monitors of that agency's province (accounts.selectors).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from motcua.accounts.constants import PROVINCE_WIDE_ROLES
from motcua.accounts.models import StaffMembership
from motcua.accounts.selectors import user_roles_in_agency
from motcua.agencies.models import Agency
from motcua.core.calendar_db import calendar_get
from motcua.core.errors import NotFoundError
from motcua.dossiers.models import Dossier
from motcua.feedback import rules
from motcua.feedback.constants import (
    DISLIKE_MAX_SCORE,
    OPEN_STATUSES,
)
from motcua.feedback.models import Feedback, FeedbackEvent, Rating, feedback_pk_of

INBOX_PAGE_SIZE = 50


def _visible_agencies(user) -> Q | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    memberships = list(
        StaffMembership.objects.filter(user=user, is_active=True).values_list(
            "agency_id", "role", "agency__province_code"
        )
    )
    own = sorted({agency_id for agency_id, _, _ in memberships})
    provinces = sorted({code for _, role, code in memberships if role in PROVINCE_WIDE_ROLES})
    if not own and not provinces:
        return None
    visibility = Q(agency_id__in=own)
    if provinces:
        visibility |= Q(agency__province_code__in=provinces)
    return visibility


def feedback_visible_to_user(*, user) -> QuerySet[Feedback]:
    visibility = _visible_agencies(user)
    if visibility is None:
        return Feedback.objects.none()
    return Feedback.objects.filter(visibility)


def feedback_get_for_user(*, user, pk: int) -> Feedback:
    """The PAKN `pk` if the officer may see it; NotFoundError otherwise (the same for both)."""
    found = (
        feedback_visible_to_user(user=user)
        .select_related("agency", "dossier", "dossier__procedure", "user", "repeat_of")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError("Không tìm thấy phản ánh, kiến nghị.", "Feedback not found.")
    return found


@dataclass(frozen=True)
class FeedbackFilters:
    status: str = ""
    agency_id: int | None = None
    open_only: bool = False


def feedback_list_for_user(
    *, user, filters: FeedbackFilters = FeedbackFilters()
) -> QuerySet[Feedback]:
    """The PAKN inbox: open ones first, by their current deadline (overdue first), then the
    finished ones, newest first."""
    qs = feedback_visible_to_user(user=user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    return (
        qs.annotate(
            finished=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("agency", "dossier")
        .only(
            "kind",
            "category",
            "content",
            "status",
            "received_at",
            "due_at",
            "agency__name",
            "dossier__code",
        )
        .order_by("finished", F("due_at").asc(nulls_last=True), "-received_at", "-pk")
    )


def feedback_status_counts(*, user, filters: FeedbackFilters) -> dict[str, int]:
    qs = feedback_visible_to_user(user=user)
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    return dict(qs.order_by().values_list("status").annotate(n=Count("pk")))


def feedback_roles(*, feedback: Feedback, user) -> set[str]:
    """The roles `user` holds for this PAKN: in its agency, or as its sender."""
    roles: set[str] = set()
    if feedback.agency_id is not None:
        roles |= set(user_roles_in_agency(user=user, agency=feedback.agency))
    if feedback.user_id is not None and feedback.user_id == getattr(user, "pk", None):
        roles.add(rules.CITIZEN)
    return roles


def feedback_actions_for_user(*, feedback: Feedback, user) -> list[str]:
    return rules.allowed_actions(
        status=feedback.status, roles=feedback_roles(feedback=feedback, user=user)
    )


def feedback_events(*, feedback: Feedback) -> QuerySet[FeedbackEvent]:
    return feedback.events.select_related("agency", "to_agency").order_by("seq")


def transfer_targets(*, feedback: Feedback) -> QuerySet[Agency]:
    """Agencies a PAKN may be transferred to: the other active agencies of its province."""
    return (
        Agency.objects.filter(province_code=feedback.agency.province_code, is_active=True)
        .exclude(pk=feedback.agency_id)
        .order_by("-level", "name")
    )


# --- The citizen's side ----------------------------------------------------------------------


def feedback_of_citizen(*, user) -> QuerySet[Feedback]:
    if not getattr(user, "is_authenticated", False):
        return Feedback.objects.none()
    return (
        Feedback.objects.filter(user=user)
        .select_related("agency", "dossier")
        .only("kind", "status", "received_at", "agency__name", "dossier__code", "content")
        .order_by("-received_at", "-pk")
    )


def feedback_get_for_citizen(*, user, pk: int) -> Feedback:
    found = (
        feedback_of_citizen(user=user).defer(None).select_related("repeat_of").filter(pk=pk).first()
    )
    if found is None:
        raise NotFoundError("Không tìm thấy phản ánh, kiến nghị.", "Feedback not found.")
    return found


def feedback_has_repeat(*, feedback: Feedback) -> bool:
    return Feedback.objects.filter(repeat_of=feedback).exists()


def feedback_recipient(*, pk: int) -> tuple[Feedback, str] | None:
    """For the notifications handler: the PAKN and the sender's e-mail address (no access
    check; the handler mails only the sender)."""
    found = Feedback.objects.select_related("user", "dossier").filter(pk=pk).first()
    if found is None:
        return None
    email = (found.user.email if found.user_id else "") or (
        found.dossier.applicant_email if found.dossier_id else ""
    )
    return found, email


def rating_of_dossier(*, dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


def feedback_for_hub(*, references: Iterable[str] | None = None) -> QuerySet[Feedback]:
    """The PAKN the national hub gets (all, or those of `references`): those with a handling
    agency (766 group 5 counts a PAKN for its agency only) and at least one event."""
    found = Feedback.objects.filter(agency__isnull=False, event_count__gt=0)
    if references is not None:
        found = found.filter(pk__in={feedback_pk_of(r) for r in references} - {None})
    return found


def ratings_for_hub(*, dossier_codes: Iterable[str] | None = None) -> QuerySet[Rating]:
    """The dossier ratings the national hub gets (all, or those of the dossiers `dossier_codes`)."""
    found = Rating.objects.all()
    if dossier_codes is not None:
        found = found.filter(dossier__code__in=list(dossier_codes))
    return found


def agencies_for_feedback(*, province_code: str | None = None) -> QuerySet[Agency]:
    """Agencies a citizen may address a PAKN to (active; of the node's province when set)."""
    agencies = Agency.objects.filter(is_active=True)
    if province_code:
        agencies = agencies.filter(province_code=province_code)
    return agencies.only("pk", "name", "level").order_by("level", "name")


# --- Indicators (766 group 5) ----------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackFact:
    """One PAKN as 766 group 5 sees it in one period."""

    agency_id: int
    classified: bool  # 5.1
    on_time: bool  # 5.2
    satisfied: bool  # 5.3


def _scope(
    qs: QuerySet, *, prefix: str, agency_ids, province_code: str, field_id, procedure_id
) -> QuerySet:
    if agency_ids is not None:
        qs = qs.filter(**{f"{prefix}agency_id__in": list(agency_ids)})
    elif province_code:
        qs = qs.filter(**{f"{prefix}agency__province_code": province_code})
    if procedure_id:
        qs = qs.filter(dossier__procedure_id=procedure_id)
    if field_id:
        qs = qs.filter(dossier__procedure__field_id=field_id)
    return qs


def feedback_facts(
    *,
    start: datetime,
    end: datetime,
    as_of: datetime,
    agency_ids: tuple[int, ...] | None = None,
    province_code: str = "",
    field_id: int | None = None,
    procedure_id: int | None = None,
) -> list[FeedbackFact]:
    """The PAKN received in [start, end) (each once, by its first reception date) under the
    given agencies or province, judged by the 766 rules as of `as_of`. One query (and the
    working calendar when there are PAKN); a field or procedure filter keeps only PAKN about a
    dossier of it."""
    qs = _scope(
        Feedback.objects.filter(
            received_at__gte=start, received_at__lt=end, agency_id__isnull=False
        ),
        prefix="",
        agency_ids=agency_ids,
        province_code=province_code,
        field_id=field_id,
        procedure_id=procedure_id,
    )
    rows = (
        qs.order_by()
        .annotate(repeats_n=Count("repeats"))
        .values_list(
            "agency_id",
            "category",
            "received_at",
            "started_at",
            "rejected_at",
            "first_supplement_at",
            "answered_at",
            "published_at",
            "likes",
            "dislikes",
            "repeats_n",
        )
    )
    rows = list(rows)
    calendar = calendar_get() if rows else None
    facts = []
    for row in rows:
        agency_id, category, received, started, *moments, likes, dislikes, repeats = row
        on_time = rules.on_time_5_2(
            calendar, rules.Timeline(started or received, *moments), as_of=as_of
        )
        facts.append(
            FeedbackFact(
                agency_id,
                bool(category),
                on_time,
                rules.satisfied_5_3(
                    likes=likes, dislikes=dislikes, on_time=on_time, repeated=repeats > 0
                ),
            )
        )
    return facts


def complained_dossiers_by_agency(
    *,
    first_day: date,
    last_day: date,
    agency_ids: tuple[int, ...] | None = None,
    province_code: str = "",
    field_id: int | None = None,
    procedure_id: int | None = None,
) -> dict[int, int]:
    """Per handling agency, the dossiers finished in [first_day, last_day] that drew a PAKN or a
    "dislike" rating (766 record 5.4). Starts from the small feedback and rating tables."""
    # One IN over the UNION of the two small id lists: the planner probes the dossier primary
    # key for each (an OR of two INs would scan every dossier).
    with_feedback = Feedback.objects.filter(dossier_id__isnull=False).values("dossier_id")
    disliked = Rating.objects.filter(score__lte=DISLIKE_MAX_SCORE).values("dossier_id")
    qs = Dossier.objects.filter(
        pk__in=with_feedback.union(disliked),
        finished_at__date__gte=first_day,
        finished_at__date__lte=last_day,
    )
    if agency_ids is not None:
        qs = qs.filter(handling_agency_id__in=list(agency_ids))
    elif province_code:
        qs = qs.filter(handling_agency__province_code=province_code)
    if procedure_id:
        qs = qs.filter(procedure_id=procedure_id)
    if field_id:
        qs = qs.filter(procedure__field_id=field_id)
    out: dict[int, int] = defaultdict(int)
    for agency_id, n in qs.order_by().values_list("handling_agency_id").annotate(n=Count("pk")):
        out[agency_id] += n
    return dict(out)
