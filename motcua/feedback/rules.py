"""Legal rules of PAKN handling. Pure: no ORM, table-tested in tests/test_rules.py.

Deadlines, in working days (Decision 766/QĐ-TTg, indicator 5.2 as the national PAKN system
computes it; DOMAIN.md §1.3 and §3.5):

* a rejection within 2 working days of the PAKN reaching the agency (its submission, or its
  transfer from the Government Office or another agency);
* the first request for more information within 5 working days;
* the answer (status "chờ công khai" or "đã công khai") within 15 working days;
* publication within 2 working days of "chờ công khai";
* a PAKN still being handled at the end of the period is on time while (period end − start of
  "chờ tiếp nhận") ≤ 15 working days.

Who may do what is the second table here (StaffMembership roles, accounts.constants).
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.core.calendar import WorkingCalendar
from motcua.feedback.constants import FeedbackAction as A
from motcua.feedback.constants import FeedbackStatus as S

# Decision 766/QĐ-TTg, indicator 5.2 (DOMAIN.md §1.3): deadlines in working days.
REJECT_WORKING_DAYS = 2
FIRST_SUPPLEMENT_WORKING_DAYS = 5
ANSWER_WORKING_DAYS = 15
PUBLISH_WORKING_DAYS = 2

CITIZEN = "citizen"

# action: (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    A.ACCEPT: (frozenset({S.PENDING}), S.ACCEPTED),
    A.REJECT: (frozenset({S.PENDING}), S.REJECTED),
    # A transfer hands the PAKN to the competent agency, which receives it afresh.
    A.TRANSFER: (frozenset({S.PENDING, S.ACCEPTED}), S.PENDING),
    A.REQUEST_SUPPLEMENT: (frozenset({S.ACCEPTED, S.PROCESSING}), S.SUPPLEMENT),
    A.SUPPLEMENT: (frozenset({S.SUPPLEMENT}), S.PROCESSING),
    A.START: (frozenset({S.ACCEPTED}), S.PROCESSING),
    A.ANSWER: (frozenset({S.ACCEPTED, S.PROCESSING}), S.AWAITING_PUBLICATION),
    A.PUBLISH: (frozenset({S.AWAITING_PUBLICATION}), S.PUBLISHED),
    A.VOTE: (frozenset({S.PUBLISHED}), None),
}

_DESK = frozenset({"receiver", "leader", "agency_admin"})
_HANDLERS = frozenset({"specialist", "leader"})
ACTION_ROLES: dict[str, frozenset[str]] = {
    A.ACCEPT: _DESK,
    A.REJECT: _DESK,
    A.TRANSFER: _DESK,
    A.REQUEST_SUPPLEMENT: _HANDLERS,
    A.START: _HANDLERS,
    A.ANSWER: _HANDLERS,
    A.PUBLISH: frozenset({"leader"}),
    A.SUPPLEMENT: frozenset({CITIZEN}),
    A.VOTE: frozenset({CITIZEN}),
}
OFFICER_ACTIONS = [
    A.ACCEPT,
    A.REJECT,
    A.TRANSFER,
    A.START,
    A.REQUEST_SUPPLEMENT,
    A.ANSWER,
    A.PUBLISH,
]


def next_status(action: str, status: str) -> str | None:
    """The status after `action`, or None when the action is not allowed from `status`."""
    allowed, target = TRANSITIONS[action]
    if status not in allowed:
        return None
    return target or status


def allowed_actions(*, status: str, roles: set[str] | frozenset[str]) -> list[str]:
    """Officer actions offered on a PAKN in `status` to someone holding `roles`, in page order."""
    return [
        action
        for action in OFFICER_ACTIONS
        if status in TRANSITIONS[action][0] and ACTION_ROLES[action] & set(roles)
    ]


def due_at(
    calendar: WorkingCalendar, *, status: str, started_at: datetime, answered_at: datetime | None
) -> datetime | None:
    """The deadline of the current step, for the inbox (overdue first); None once finished."""
    if status == S.PENDING:
        return calendar.add_working_days(started_at, REJECT_WORKING_DAYS)
    if status in (S.ACCEPTED, S.PROCESSING, S.SUPPLEMENT):
        return calendar.add_working_days(started_at, ANSWER_WORKING_DAYS)
    if status == S.AWAITING_PUBLICATION and answered_at is not None:
        return calendar.add_working_days(answered_at, PUBLISH_WORKING_DAYS)
    return None


@dataclass(frozen=True)
class Timeline:
    """What the 5.2 judgement needs of one PAKN (instants; None = did not happen)."""

    started_at: datetime  # start of "chờ tiếp nhận" at the current agency
    rejected_at: datetime | None = None
    first_supplement_at: datetime | None = None
    answered_at: datetime | None = None  # reached "chờ công khai"
    published_at: datetime | None = None


def on_time_5_2(calendar: WorkingCalendar, timeline: Timeline, *, as_of: datetime) -> bool:
    """Decision 766/QĐ-TTg indicator 5.2: was this PAKN handled on time, as of `as_of` (the
    period end, or now when earlier)? What happened after `as_of` is not yet known."""

    def known(instant: datetime | None) -> datetime | None:
        return instant if instant is not None and instant <= as_of else None

    start = timeline.started_at
    rejected, supplement = known(timeline.rejected_at), known(timeline.first_supplement_at)
    answered, published = known(timeline.answered_at), known(timeline.published_at)
    if supplement and supplement > calendar.add_working_days(start, FIRST_SUPPLEMENT_WORKING_DAYS):
        return False
    if rejected:
        return rejected <= calendar.add_working_days(start, REJECT_WORKING_DAYS)
    if answered:
        if answered > calendar.add_working_days(start, ANSWER_WORKING_DAYS):
            return False
        publish_by = calendar.add_working_days(answered, PUBLISH_WORKING_DAYS)
        return (published or as_of) <= publish_by
    # Still being handled at the period end.
    return as_of <= calendar.add_working_days(start, ANSWER_WORKING_DAYS)


def satisfied_5_3(*, likes: int, dislikes: int, on_time: bool, repeated: bool) -> bool:
    """Decision 766/QĐ-TTg indicator 5.3: a PAKN counts as satisfied unless its answer drew more
    "not satisfied" than "satisfied" votes, it is overdue, or the result was complained about
    again."""
    return not (dislikes > likes) and on_time and not repeated
