"""The hub's rollups recomputed from the replicas (`manage.py indicators_hub_refresh
--rebuild`), or only compared with the incremental tables (`--verify`): the same rule
(`hub.placed_from_replicas`), so a difference means a missed or doubled update."""

from django.db import transaction

from motcua.indicators.contribution import COUNTERS
from motcua.indicators.hub import (
    REPLICA_COLUMNS,
    placed_from_replicas,
    replica_code_chunks,
    replica_provinces,
    state_fill,
)
from motcua.indicators.hub_models import (
    HubDailyRollup,
    HubDossierState,
    HubMonthlyRollup,
    HubOpenRollup,
)
from motcua.indicators.hub_writes import (
    HubDeltas,
    State,
    deltas_write,
    mark_bump,
    mark_lock,
    states_write,
)
from motcua.sync.models import ReplicaDossier


def _expected(province: str) -> tuple[HubDeltas, list[State]]:
    deltas = HubDeltas()
    states = []
    for chunk in replica_code_chunks(province, None):
        rows = list(
            ReplicaDossier.objects.filter(province=province, code__in=chunk).values(
                *REPLICA_COLUMNS, "state"
            )
        )
        for item in placed_from_replicas(rows):
            deltas.add(item.agency_eid, item.procedure_code, item.field_code, item.contribution, +1)
            state = State.new(province, item.code)
            state_fill(state, item)
            states.append(state)
    return deltas, states


def _table_cells(model, period_column: str, province: str) -> dict:
    out = {}
    for row in model.objects.filter(province_code=province).values(
        period_column, "agency_eid", "procedure_code", *COUNTERS
    ):
        values = {c: row[c] for c in COUNTERS if row[c]}
        if values:
            out[(row[period_column], row["agency_eid"], row["procedure_code"])] = values
    return out


def _nonzero(rows: dict) -> dict:
    out = {}
    for key, values in rows.items():
        kept = {c: v for c, v in values.items() if v}
        if kept:
            out[key] = kept
    return out


def hub_differences(province: str, deltas: HubDeltas, states: list[State]) -> list[str]:
    """What the tables hold that a recomputation from the replicas does not (and back)."""
    problems = []
    for model, column, expected in (
        (HubDailyRollup, "day", deltas.daily),
        (HubMonthlyRollup, "month", deltas.monthly),
    ):
        have, want = _table_cells(model, column, province), _nonzero(expected)
        for key in sorted(set(have) | set(want), key=repr):
            if have.get(key) != want.get(key):
                problems.append(
                    f"{model.__name__} {province} {key}: {have.get(key)} ≠ {want.get(key)}"
                )
    have_open = {
        (r["agency_eid"], r["procedure_code"], r["due_day"], r["kind"]): r["count"]
        for r in HubOpenRollup.objects.filter(province_code=province)
        .exclude(count=0)
        .values("agency_eid", "procedure_code", "due_day", "kind", "count")
    }
    want_open = {k: v for k, v in deltas.open.items() if v}
    if have_open != want_open:
        problems.append(f"HubOpenRollup {province}: {len(have_open)} ≠ {len(want_open)} cells")
    have_states = dict(
        HubDossierState.objects.filter(province_code=province).values_list("code", "seq")
    )
    want_states = {s.code: s.seq for s in states}
    if have_states != want_states:
        missing = len(set(want_states) - set(have_states))
        problems.append(f"HubDossierState {province}: {missing} missing, or seq differs")
    return problems


def hub_rebuild(*, province: str | None = None, verify: bool = False) -> list[str]:
    """Recompute the hub rollups of one or every province from the replicas. With `verify`,
    write nothing and return the differences (empty: the incremental tables are right)."""
    problems: list[str] = []
    for code in replica_provinces(province):
        deltas, states = _expected(code)
        if verify:
            problems += hub_differences(code, deltas, states)
            continue
        with transaction.atomic():
            mark_lock(code)
            for model in (HubDailyRollup, HubMonthlyRollup, HubOpenRollup, HubDossierState):
                model.objects.filter(province_code=code).delete()
            deltas_write(code, deltas)
            states_write(states)
            mark_bump(code)
    return problems
