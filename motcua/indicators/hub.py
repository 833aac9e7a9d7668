"""The hub's rollups, kept from what its ingest receives (`motcua.sync`, `ReplicaDossier`).

A replica holds a dossier's whole state after its newest applied event (`state`, the
province's `events.event_payload`), so what a dossier contributes is the same pure rule as on
the province node: `services.facts_from_payload` → `contribution.contribution_of`.
`HubDossierState` remembers the replica version (seq, event id) last applied and its cells;
applying a replica moves only the difference, so doing it twice, or for a replica that did
not change (a redelivered or stale event), changes nothing.

Three ways in, all idempotent:
* `hub_ingest_hook` — listed in settings.MOTCUA_SYNC_INGEST_HOOKS; `sync.api` calls it after
  each ingest batch commits, with the province and the codes applied (freshness);
* `hub_catch_up` — replicas applied since the province's watermark (minus a margin for
  batches that committed late), for what a failed hook or a crash missed (recovery);
* `hub_rebuild.hub_rebuild` — everything again from the replicas; `verify=True` compares.

Updates of one province are serialised by locking its `HubProvinceMark` row first, so the
replica read inside the transaction is the newest committed and two writers never both add
the same dossier.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q

from motcua.core.calendar_db import calendar_get
from motcua.indicators.contribution import (
    Contribution,
    contribution_of,
)
from motcua.indicators.hub_models import HubDossierState, HubProvinceMark
from motcua.indicators.hub_writes import (
    STATE_COLUMNS,
    HubDeltas,
    State,
    deltas_write,
    mark_bump,
    mark_lock,
    states_write,
)
from motcua.indicators.services import facts_from_payload, state_contribution, state_store
from motcua.procedures.constants import OnlineLevel
from motcua.procedures.models import Procedure
from motcua.sync.models import ReplicaDossier

CHUNK = 2000
CATCH_UP_MARGIN = timedelta(minutes=10)
REPLICA_COLUMNS = ("code", "event_seq", "last_event_id", "handling_agency", "procedure_code")


@dataclass(frozen=True)
class HubPlaced:
    """A replica's contribution with the unit it belongs to (the handling agency's e-ID)."""

    code: str
    seq: int
    event_id: object
    agency_eid: str
    procedure_code: str
    field_code: str
    contribution: Contribution


def placed_from_replicas(rows: list[dict]) -> list[HubPlaced]:
    """Contributions of replica rows (REPLICA_COLUMNS + state): the working calendar and one
    catalog query at most.

    The procedure's online level comes with the event since contract v1.1; for older
    provinces it is read from the hub's catalog (procedure codes are national). The first
    appointment (original_due_at, v1.1) falls back to the current due date."""
    missing = {r["procedure_code"] for r in rows if not r["state"].get("procedure_online_level")}
    levels = (
        dict(Procedure.objects.filter(code__in=missing).values_list("code", "online_level"))
        if missing
        else {}
    )
    # The hub's calendar: the national one plus the hub's overrides (a province's own
    # overrides do not travel with the replicas).
    calendar = calendar_get()
    placed = []
    for row in rows:
        state = row["state"]
        level = state.get("procedure_online_level") or levels.get(row["procedure_code"])
        facts = facts_from_payload(
            state,
            full_online_procedure=level == OnlineLevel.FULL,
            original_due_at=datetime.fromisoformat(due) if (due := state.get("due_at")) else None,
            calendar=calendar,
        )
        placed.append(
            HubPlaced(
                row["code"],
                int(row["event_seq"]),
                row["last_event_id"],
                row["handling_agency"],
                row["procedure_code"],
                state.get("procedure_field_code") or "",
                contribution_of(facts),
            )
        )
    return placed


def _states_read(province: str, codes: list[str]) -> dict[str, State]:
    return {
        row[1]: State(*row)
        for row in HubDossierState.objects.filter(province_code=province, code__in=codes)
        .order_by()
        .values_list(*STATE_COLUMNS)
    }


def state_fill(state: State, item: HubPlaced) -> None:
    state.seq, state.event_id = item.seq, item.event_id
    state.agency_eid, state.procedure_code = item.agency_eid, item.procedure_code
    state.field_code = item.field_code
    state_store(state, item.contribution)


def hub_refresh(*, province: str, codes: Iterable[str]) -> int:
    """Bring the hub rollups of these replicas of `province` up to date with the replicas as
    they are now. Returns how many replicas changed something. One transaction per chunk."""
    codes = sorted(set(codes))
    changed = 0
    for start in range(0, len(codes), CHUNK):
        changed += _refresh_chunk(province, codes[start : start + CHUNK])
    return changed


def _refresh_chunk(province: str, codes: list[str]) -> int:
    with transaction.atomic():
        mark_lock(province)
        replicas = list(
            ReplicaDossier.objects.filter(province=province, code__in=codes).values(
                *REPLICA_COLUMNS, "state"
            )
        )
        states = _states_read(province, codes)
        todo = []
        for row in replicas:
            state = states.get(row["code"])
            if state is not None and (
                row["event_seq"] < state.seq
                or (row["event_seq"] == state.seq and row["last_event_id"] == state.event_id)
            ):
                continue  # already applied (or, defensively, older than what was applied)
            todo.append(row)
        if not todo:
            return 0
        deltas = HubDeltas()
        for item in placed_from_replicas(todo):
            state = states.get(item.code)
            if state is None:
                state = states[item.code] = State.new(province, item.code)
            elif state.seq:
                deltas.add(
                    state.agency_eid,
                    state.procedure_code,
                    state.field_code,
                    state_contribution(state),
                    -1,
                )
            deltas.add(item.agency_eid, item.procedure_code, item.field_code, item.contribution, +1)
            state_fill(state, item)
        deltas_write(province, deltas)
        states_write([states[row["code"]] for row in todo])
        mark_bump(province)
    return len(todo)


def hub_ingest_hook(*, province: str, codes: list[str]) -> None:
    """settings.MOTCUA_SYNC_INGEST_HOOKS entry: after an ingest batch of `province` commits."""
    hub_refresh(province=province, codes=codes)


def hub_feedback_ingest_hook(*, province: str, references: list[str], rated: list[str]) -> None:
    """settings.MOTCUA_SYNC_FEEDBACK_INGEST_HOOKS entry: after an ingest batch of `province`
    applied PAKN or dossier ratings. Group 5 is read from the replicas on each page miss
    (hub_feedback.py), so only the pages' cache key moves; were this hook lost, the pages
    would show the new figures when their cache expires (hub_selectors.CACHE_SECONDS)."""
    with transaction.atomic():
        mark_lock(province)
        mark_bump(province)


# --- recovery ----------------------------------------------------------------------------------


def replica_provinces(province: str | None) -> list[str]:
    if province:
        return [province]
    return sorted(
        set(ReplicaDossier.objects.values_list("province", flat=True).distinct().order_by())
    )


def replica_code_chunks(province: str, since) -> Iterator[list[str]]:
    replicas = ReplicaDossier.objects.filter(province=province)
    if since is not None:
        replicas = replicas.filter(applied_at__gte=since)
    chunk: list[str] = []
    for code in replicas.order_by().values_list("code", flat=True).iterator(chunk_size=CHUNK):
        chunk.append(code)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def hub_catch_up(
    *, province: str | None = None, full: bool = False, margin: timedelta = CATCH_UP_MARGIN
) -> dict[str, int]:
    """Apply replicas applied since each province's watermark (less `margin`: a batch may
    commit after a later one), or all of them with `full`; then move the watermark. Returns
    the number of replicas that changed something, per province."""
    out = {}
    for code in replica_provinces(province):
        mark = HubProvinceMark.objects.filter(province_code=code).first()
        since = None
        if not full and mark is not None and mark.applied_through is not None:
            since = mark.applied_through - margin
        newest = ReplicaDossier.objects.filter(province=code).aggregate(m=Max("applied_at"))["m"]
        changed = sum(_refresh_chunk(code, chunk) for chunk in replica_code_chunks(code, since))
        if newest is not None:
            with transaction.atomic():
                mark_lock(code)
                HubProvinceMark.objects.filter(
                    Q(applied_through__isnull=True) | Q(applied_through__lt=newest),
                    province_code=code,
                ).update(applied_through=newest)
        out[code] = changed
    return out
