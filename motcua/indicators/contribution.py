"""What one dossier adds to the rollups. Pure: the same rule for the incremental path (outbox
payloads), the rebuild (mirrored in SQL in `rebuild.py`, which `--verify` checks) and the hub.

A dossier contributes to at most three rollup cells:
* its reception day: received, channel, digitisation, reuse, identity, fees, processing time
  in seconds and in working days (766 spec 2.2 counts completed dossiers by their start date);
* its end-of-processing day: finished, on time (rule 2.1), resolved, e-result, stopped, refused;
* while open: one "open" cell keyed by due day and kind, read against today's date.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from motcua.core.calendar import WorkingCalendar
from motcua.dossiers.constants import Channel, DossierStatus
from motcua.indicators.formulas import SupplementSpan, on_time_2_1, supplement_seconds
from motcua.indicators.processing_time import processing_workdays

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NO_DUE_DAY = date(9999, 12, 31)

S = DossierStatus
RECEIVED_COUNTERS = (
    "received",
    "received_online",
    "received_postal",
    "received_full_online",
    "digitized",
    "reused",
    "identity_verified",
    "fee_dossiers",
    "paid_online",
    "completed",
    "processing_seconds",
    "processing_workdays",
)
# Amounts, not 0/1 flags: summed as they are (a state row keeps each in its own column).
AMOUNT_COUNTERS = ("processing_seconds", "processing_workdays")
FINISHED_COUNTERS = ("finished", "on_time", "resolved", "e_result", "stopped", "refused")
COUNTERS = RECEIVED_COUNTERS + FINISHED_COUNTERS

OPEN_STATUSES = frozenset(
    {
        S.RECEIVED,
        S.PROCESSING,
        S.SUPPLEMENT_REQUESTED,
        S.FINANCIAL_OBLIGATION,
        S.WITHDRAWAL_REQUESTED,
    }
)


class OpenKind:
    """How an open dossier stands for rule 2.1 and the overdue alarm."""

    RUNNING = 0  # clock running: overdue once its due day has passed
    LATE_FIXED = 1  # >1 supplement request or an extension: late whatever happens (766 spec)
    PAUSED_ON_TIME = 2  # one supplement, not returned: judged at the request time, on time
    PAUSED_LATE = 3  # … requested after the due date: late


@dataclass(frozen=True)
class DossierFacts:
    """The fields of a dossier the indicators read (DOMAIN.md §5, 766 spec)."""

    status: int
    channel: int
    received_at: datetime | None
    finished_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    supplements: tuple[SupplementSpan, ...] = ()
    extension_count: int = 0
    documents_total: int = 0
    documents_digitized: int = 0
    documents_reused: int = 0
    fee_total_vnd: int = 0
    paid_online: int = 0
    identity_verified: bool = False
    has_result: bool = False
    full_online_procedure: bool = False
    # Working days of a completed dossier (`processing_workdays_of`), filled by the caller from
    # the working calendar so that `contribution_of` stays a function of the facts alone.
    processing_workdays: int = 0


@dataclass(frozen=True)
class Contribution:
    received_day: date | None = None
    received: dict[str, int] = field(default_factory=dict)
    finished_day: date | None = None
    finished: dict[str, int] = field(default_factory=dict)
    open_cell: tuple[date, int] | None = None


def local_day(instant: datetime | None) -> date | None:
    return instant.astimezone(TZ).date() if instant is not None else None


def counted_supplements(facts: DossierFacts) -> list[SupplementSpan]:
    """Supplement requests after reception: before it the clock had not started (a request at
    reception is the one-time completeness guidance, NĐ 118/2025 Art. 17)."""
    if facts.received_at is None:
        return []
    return [s for s in facts.supplements if s.requested_at >= facts.received_at]


def _completed(facts: DossierFacts) -> bool:
    return facts.status in (S.RESULT_READY, S.RETURNED) and facts.finished_at is not None


def processing_workdays_of(facts: DossierFacts, calendar: WorkingCalendar) -> int:
    """`processing_time.processing_workdays` of a completed dossier, less the supplement spans
    `counted_supplements` keeps, returned ones only (as for the seconds); 0 otherwise."""
    if facts.received_at is None or not _completed(facts):
        return 0
    return processing_workdays(
        calendar,
        received_day=local_day(facts.received_at),
        finished_day=local_day(facts.finished_at),
        supplements=[
            (local_day(s.requested_at), local_day(s.returned_at))
            for s in counted_supplements(facts)
            if s.returned_at is not None
        ],
    )


def contribution_of(facts: DossierFacts) -> Contribution:
    status = facts.status
    if facts.received_at is None:
        if status == S.REFUSED and facts.finished_at is not None:
            return Contribution(finished_day=local_day(facts.finished_at), finished={"refused": 1})
        return Contribution()
    spans = counted_supplements(facts)
    completed = _completed(facts)
    received = {
        "received": 1,
        "received_online": int(facts.channel == Channel.ONLINE),
        "received_postal": int(facts.channel == Channel.POSTAL),
        "received_full_online": int(
            facts.channel == Channel.ONLINE and facts.full_online_procedure
        ),
        "digitized": int(
            facts.documents_total > 0
            and facts.documents_digitized == facts.documents_total
            and (status not in (S.RESULT_READY, S.RETURNED) or facts.has_result)
        ),
        "reused": int(facts.documents_reused > 0),
        "identity_verified": int(bool(facts.identity_verified)),
        "fee_dossiers": int(facts.fee_total_vnd > 0),
        "paid_online": int(facts.fee_total_vnd > 0 and facts.paid_online in (1, 2)),
        "completed": int(completed),
        "processing_seconds": (
            max(
                0,
                round((facts.finished_at - facts.received_at).total_seconds())
                - supplement_seconds(spans),
            )
            if completed
            else 0
        ),
        "processing_workdays": facts.processing_workdays if completed else 0,
    }
    finished: dict[str, int] = {}
    finished_day = None
    if status in (S.STOPPED, S.RESULT_READY, S.RETURNED) and facts.finished_at is not None:
        finished_day = local_day(facts.finished_at)
        resolved = status in (S.RESULT_READY, S.RETURNED)
        finished = {
            "finished": 1,
            "on_time": int(
                on_time_2_1(
                    end=facts.finished_at,
                    due=facts.original_due_at,
                    supplements=spans,
                    extensions=facts.extension_count,
                )
            ),
            "resolved": int(resolved),
            "e_result": int(resolved and facts.has_result),
            "stopped": int(status == S.STOPPED),
        }
    open_cell = None
    if status in OPEN_STATUSES:
        due_day = local_day(facts.due_at) or NO_DUE_DAY
        if len(spans) > 1 or facts.extension_count > 0:
            kind = OpenKind.LATE_FIXED
        elif status == S.SUPPLEMENT_REQUESTED and len(spans) == 1 and spans[0].returned_at is None:
            on_time = (
                facts.original_due_at is None or spans[0].requested_at <= facts.original_due_at
            )
            kind = OpenKind.PAUSED_ON_TIME if on_time else OpenKind.PAUSED_LATE
        else:
            kind = OpenKind.RUNNING
        open_cell = (due_day, kind)
    return Contribution(local_day(facts.received_at), received, finished_day, finished, open_cell)
