"""The drill-down of the hub's pages: the replicas behind a number. It selects the
`HubDossierState` rows by the same cells and bits the rollups summed, so the list always agrees
with the number, then reads one page of replicas."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from motcua.indicators.contribution import FINISHED_COUNTERS, OpenKind
from motcua.indicators.hub_models import HubDossierState
from motcua.indicators.hub_selectors import HubScope
from motcua.indicators.periods import Period
from motcua.indicators.rollup_queries import DUE_SOON_DAYS
from motcua.indicators.services import RECEIVED_BITS
from motcua.sync.models import ReplicaDossier

METRICS = {
    # metric: (day column, bits column, bit name) or an open-dossier rule
    "received": ("received_day", "received_bits", "received"),
    "received_online": ("received_day", "received_bits", "received_online"),
    "finished": ("finished_day", "finished_bits", "finished"),
    "resolved": ("finished_day", "finished_bits", "resolved"),
    "on_time": ("finished_day", "finished_bits", "on_time"),
    "late": ("finished_day", "finished_bits", "finished"),
    "refused": ("finished_day", "finished_bits", "refused"),
    "stopped": ("finished_day", "finished_bits", "stopped"),
    "open": None,
    "overdue": None,
    "due_soon": None,
    "paused": None,
}
RUNNING_KINDS = (OpenKind.RUNNING, OpenKind.LATE_FIXED)


def _bit(column: str, name: str) -> int:
    names = RECEIVED_BITS if column == "received_bits" else FINISHED_COUNTERS
    return 1 << names.index(name)


def dossier_states(
    *, metric: str, scope: HubScope, period: Period, today: date
) -> QuerySet[HubDossierState]:
    """The replicas whose contribution makes the number `metric` of `scope` and `period`
    (the same cells and bits the rollups summed). Unknown metric: ValueError."""
    if metric not in METRICS:
        raise ValueError(metric)
    states = HubDossierState.objects.filter(scope.q())
    rule = METRICS[metric]
    if rule is not None:
        day, bits, name = rule
        states = states.filter(**{f"{day}__gte": period.start, f"{day}__lte": period.end})
        states = states.alias(hit=F(bits).bitand(_bit(bits, name))).filter(hit__gt=0)
        if metric == "late":
            states = states.alias(
                in_time=F("finished_bits").bitand(_bit("finished_bits", "on_time"))
            ).filter(in_time=0)
    elif metric == "open":
        states = states.filter(open_kind__isnull=False)
    elif metric == "overdue":
        states = states.filter(open_kind__in=RUNNING_KINDS, open_due_day__lt=today)
    elif metric == "due_soon":
        soon = today + timedelta(days=DUE_SOON_DAYS)
        states = states.filter(
            open_kind__in=RUNNING_KINDS, open_due_day__gte=today, open_due_day__lte=soon
        )
    else:  # paused
        states = states.filter(open_kind__in=(OpenKind.PAUSED_ON_TIME, OpenKind.PAUSED_LATE))
    return states.order_by("province_code", "code")


def replicas_for_states(states: list[HubDossierState]) -> list[ReplicaDossier]:
    """The replica rows of one page of states, in the page's order (one query)."""
    by_province: dict[str, list[str]] = defaultdict(list)
    for s in states:
        by_province[s.province_code].append(s.code)
    q = Q(pk__in=[])
    for province, codes in by_province.items():
        q |= Q(province=province, code__in=codes)
    found = {
        (r.province, r.code): r
        for r in ReplicaDossier.objects.filter(q).only(
            "province", "code", "procedure_code", "handling_agency", "channel", "status",
            "received_at", "due_at", "finished_at", "event_seq",
        )
    }  # fmt: skip
    return [found[k] for s in states if (k := (s.province_code, s.code)) in found]
