"""Every write to the rollups: apply dossier events from the outbox, idempotently.

Wiring (config/settings.py): the destination "indicators" receives every dossier event
(`events.event_record` enqueues one outbox row per destination in the business transaction):

    MOTCUA_OUTBOX_HANDLERS["indicators"] = "motcua.indicators.services.indicators_handle"
    MOTCUA_DOSSIER_EVENT_DESTINATIONS.append("indicators")

The outbox delivers at least once and in order per dossier. Each payload is the dossier's
state after its event; `DossierIndicatorState` keeps what the dossier last contributed and the
last event applied, so an event at or below that sequence (redelivered, or older) is ignored
and a newer one moves only the difference between the two contributions.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.core.calendar import WorkingCalendar
from motcua.core.calendar_db import calendar_get
from motcua.dossiers.models import Dossier
from motcua.indicators.contribution import (
    AMOUNT_COUNTERS,
    COUNTERS,
    FINISHED_COUNTERS,
    RECEIVED_COUNTERS,
    Contribution,
    DossierFacts,
    contribution_of,
    processing_workdays_of,
)
from motcua.indicators.daymask import WORDS, day_position
from motcua.indicators.formulas import SupplementSpan
from motcua.indicators.models import (
    DailyRollup,
    DossierIndicatorState,
    OpenRollup,
    ProcedureDays,
    RollupStamp,
)
from motcua.indicators.rollup_queries import AGENCY_GRAIN
from motcua.outbox.handlers import Outcome
from motcua.outbox.models import OutboxMessage
from motcua.procedures.constants import OnlineLevel
from motcua.procedures.models import Procedure

# 0/1 counters are stored as bits in the state row; the amounts have their own columns.
RECEIVED_BITS = tuple(c for c in RECEIVED_COUNTERS if c not in AMOUNT_COUNTERS)


def bits_pack(values: dict[str, int], names: tuple[str, ...]) -> int:
    return sum(1 << i for i, name in enumerate(names) if values.get(name))


def bits_unpack(bits: int, names: tuple[str, ...]) -> dict[str, int]:
    return {name: 1 for i, name in enumerate(names) if bits & (1 << i)}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def facts_from_payload(
    payload: dict,
    *,
    full_online_procedure: bool,
    original_due_at: datetime | None,
    calendar: WorkingCalendar,
) -> DossierFacts:
    """The indicator facts of the dossier as the event announced it (events.event_payload),
    its working days counted on `calendar` (the province node and the hub alike)."""
    facts = DossierFacts(
        status=int(payload["status"]),
        channel=int(payload["channel"]),
        received_at=_dt(payload.get("received_at")),
        finished_at=_dt(payload.get("finished_at")),
        due_at=_dt(payload.get("due_at")),
        original_due_at=_dt(payload.get("original_due_at")) or original_due_at,
        supplements=tuple(
            SupplementSpan(_dt(s["requested_at"]), _dt(s.get("returned_at")))
            for s in payload.get("supplements", [])
        ),
        extension_count=int(payload.get("extension_count") or 0),
        documents_total=int(payload.get("documents_total") or 0),
        documents_digitized=int(payload.get("documents_digitized") or 0),
        documents_reused=int(payload.get("documents_reused") or 0),
        fee_total_vnd=int(payload.get("fee_total_vnd") or 0),
        paid_online=int(payload.get("paid_online") or 0),
        identity_verified=bool(payload.get("identity_verified")),
        has_result=bool(payload.get("result_url") or payload.get("result_code")),
        full_online_procedure=full_online_procedure,
    )
    return replace(facts, processing_workdays=processing_workdays_of(facts, calendar))


@dataclass(frozen=True)
class Placed:
    """A contribution with the unit it belongs to (the handling agency: DOMAIN.md §10.5)."""

    dossier_id: int
    seq: int
    agency_id: int
    procedure_id: int
    field_id: int
    province_code: str
    contribution: Contribution


def state_contribution(state) -> Contribution:
    """What a stored state row (province `DossierIndicatorState` or the hub's state) says
    the dossier contributes."""
    received = bits_unpack(state.received_bits, RECEIVED_BITS)
    for name in AMOUNT_COUNTERS:
        if amount := getattr(state, name):
            received[name] = amount
    open_cell = (state.open_due_day, state.open_kind) if state.open_kind is not None else None
    return Contribution(
        state.received_day,
        received,
        state.finished_day,
        bits_unpack(state.finished_bits, FINISHED_COUNTERS),
        open_cell,
    )


class _Deltas:
    def __init__(self) -> None:
        self.daily: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.monthly: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.open: dict[tuple, int] = defaultdict(int)
        self.meta: dict[tuple[int, int], tuple[int, str]] = {}

    def add(self, where, contribution: Contribution, sign: int) -> None:
        """The contribution at its three grains (models.py): the procedure, its field (as
        procedure -field_id) and the whole agency (procedure 0, field 0)."""
        agency_id, procedure_id, field_id, province = where
        grains = ((procedure_id, field_id), (-field_id, field_id), (AGENCY_GRAIN, 0))
        for grain, grain_field in grains:
            self.meta[(agency_id, grain)] = (grain_field, province)
        for day, values in (
            (contribution.received_day, contribution.received),
            (contribution.finished_day, contribution.finished),
        ):
            if day is None or not values:
                continue
            for grain, _ in grains:
                daily = self.daily[(day, agency_id, grain)]
                monthly = self.monthly[(day.replace(day=1), agency_id, grain)]
                for name, value in values.items():
                    daily[name] += sign * value
                    monthly[name] += sign * value
        if contribution.open_cell is not None:
            due_day, kind = contribution.open_cell
            for grain, _ in grains:
                self.open[(agency_id, grain, due_day, kind)] += sign


def _upsert_rollup(table: str, period_column: str, rows: dict, meta: dict) -> None:
    rows = {k: v for k, v in rows.items() if any(v.values())}
    if not rows:
        return
    columns = [period_column, "agency_id", "procedure_id", "field_id", "province_code", *COUNTERS]
    updates = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in COUNTERS)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params: list = []
    for key in sorted(rows):  # a fixed order: concurrent batches never deadlock
        day, agency_id, procedure_id = key
        field_id, province = meta[(agency_id, procedure_id)]
        params += [day, agency_id, procedure_id, field_id, province]
        params += [rows[key].get(c, 0) for c in COUNTERS]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        + ", ".join([placeholders] * len(rows))
        + f" ON CONFLICT ({period_column}, agency_id, procedure_id) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _upsert_open(rows: dict[tuple, int], meta: dict) -> None:
    rows = {k: v for k, v in rows.items() if v}
    if not rows:
        return
    params: list = []
    for key in sorted(rows):
        agency_id, procedure_id, due_day, kind = key
        field_id, province = meta[(agency_id, procedure_id)]
        params += [agency_id, procedure_id, field_id, province, due_day, kind, rows[key]]
    table = OpenRollup._meta.db_table
    sql = (
        f"INSERT INTO {table} (agency_id, procedure_id, field_id, province_code, due_day, kind,"
        " count) VALUES "
        + ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
        + f" ON CONFLICT (agency_id, procedure_id, due_day, kind) DO UPDATE SET"
        f" count = {table}.count + EXCLUDED.count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    OpenRollup.objects.filter(count=0, agency_id__in={k[0] for k in rows}).delete()


def _days_refresh(daily: dict[tuple, dict[str, int]], meta: dict) -> None:
    """Set or clear the day bits of ProcedureDays (3.2, 3.5) where a daily procedure row's
    online or fee count just moved: a day is "used" while that count is above zero. Both
    statements change the bits in SQL (`w | set`, `w & ~clear`) under the row lock of the
    upsert/update, so concurrent batches never lose each other's days."""
    cells = sorted(
        key
        for key, values in daily.items()
        if key[2] > 0 and (values.get("received_online") or values.get("fee_dossiers"))
    )
    if not cells:
        return
    keyed = Q()
    for day, agency_id, procedure_id in cells:
        keyed |= Q(day=day, agency_id=agency_id, procedure_id=procedure_id)
    now = {
        (day, agency_id, procedure_id): (online > 0, fee > 0)
        for day, agency_id, procedure_id, online, fee in DailyRollup.objects.filter(
            keyed
        ).values_list("day", "agency_id", "procedure_id", "received_online", "fee_dossiers")
    }
    zero = [0] * (2 * WORDS)
    set_masks: dict[tuple, list[int]] = defaultdict(lambda: list(zero))
    clear_masks: dict[tuple, list[int]] = defaultdict(lambda: list(zero))
    for day, agency_id, procedure_id in cells:
        key = (day.year, agency_id, procedure_id)
        word, bit = day_position(day)
        flags = now.get((day, agency_id, procedure_id), (False, False))
        for offset, on in zip((0, WORDS), flags, strict=True):
            target = set_masks if on else clear_masks
            target[key][offset + word] |= 1 << bit
    table = ProcedureDays._meta.db_table
    words = [f"{kind}_w{w}" for kind in ("online", "fee") for w in range(WORDS)]
    with connection.cursor() as cursor:
        if set_masks:
            params: list = []
            for key in sorted(set_masks):
                year, agency_id, procedure_id = key
                field_id, province = meta[(agency_id, procedure_id)]
                params += [year, agency_id, procedure_id, field_id, province, *set_masks[key]]
            row = "(" + ", ".join(["%s"] * (5 + len(words))) + ")"
            cursor.execute(
                f"INSERT INTO {table} (year, agency_id, procedure_id, field_id, province_code,"
                f" {', '.join(words)}) VALUES {', '.join([row] * len(set_masks))}"
                " ON CONFLICT (year, agency_id, procedure_id) DO UPDATE SET "
                + ", ".join(f"{w} = {table}.{w} | EXCLUDED.{w}" for w in words),
                params,
            )
        for key in sorted(clear_masks):  # rare: a day's last online / fee dossier moved away
            cursor.execute(
                f"UPDATE {table} SET "
                + ", ".join(f"{w} = {w} & ~%s" for w in words)
                + " WHERE year = %s AND agency_id = %s AND procedure_id = %s",
                [*clear_masks[key], *key],
            )


def stamps_bump(province_codes) -> None:
    """Mark the rollups of these provinces as changed (the rankings cache key). Last statement
    of the writing transaction, in key order: held only until commit, no lock cycles."""
    codes = sorted({c for c in province_codes if c})
    if not codes:
        return
    table = RollupStamp._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params: list = []
    for code in codes:
        params += [code, 1, now]
    sql = (
        f"INSERT INTO {table} (province_code, version, changed_at) VALUES "
        + ", ".join(["(%s, %s, %s)"] * len(codes))
        + f" ON CONFLICT (province_code) DO UPDATE SET version = {table}.version + 1,"
        " changed_at = EXCLUDED.changed_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rollup_apply(*, placed: list[Placed]) -> int:
    """Move the rollups from each dossier's stored contribution to its new one; skip events at
    or below the stored sequence. Returns how many events changed something. One transaction."""
    with transaction.atomic():
        states = DossierIndicatorState.objects.select_for_update().in_bulk(
            [p.dossier_id for p in placed]
        )
        deltas = _Deltas()
        applied = 0
        touched: set[str] = set()
        for item in sorted(placed, key=lambda p: (p.dossier_id, p.seq)):
            state = states.get(item.dossier_id)
            if state is not None and state.seq >= item.seq:
                continue
            if state is not None:
                old_where = (
                    state.agency_id,
                    state.procedure_id,
                    state.field_id,
                    state.province_code,
                )
                deltas.add(old_where, state_contribution(state), -1)
                touched.add(state.province_code)
            else:
                state = DossierIndicatorState(dossier_id=item.dossier_id)
                states[item.dossier_id] = state
            where = (item.agency_id, item.procedure_id, item.field_id, item.province_code)
            deltas.add(where, item.contribution, +1)
            touched.add(item.province_code)
            _state_fill(state, item)
            applied += 1
        _upsert_rollup("indicators_dailyrollup", "day", deltas.daily, deltas.meta)
        _upsert_rollup("indicators_monthlyrollup", "month", deltas.monthly, deltas.meta)
        _upsert_open(deltas.open, deltas.meta)
        _days_refresh(deltas.daily, deltas.meta)
        if applied:
            DossierIndicatorState.objects.bulk_create(
                list(states.values()),
                update_conflicts=True,
                unique_fields=["dossier_id"],
                update_fields=[
                    f.name for f in DossierIndicatorState._meta.fields if f.name != "dossier_id"
                ],
            )
            stamps_bump(touched)
    return applied


def _state_fill(state: DossierIndicatorState, item: Placed) -> None:
    state.seq = item.seq
    state.agency_id, state.procedure_id = item.agency_id, item.procedure_id
    state.field_id, state.province_code = item.field_id, item.province_code
    state_store(state, item.contribution)


def state_store(state, c: Contribution) -> None:
    """Write a contribution into a state row's columns (bits for the 0/1 counters)."""
    state.received_day = c.received_day
    state.received_bits = bits_pack(c.received, RECEIVED_BITS)
    state.processing_seconds = c.received.get("processing_seconds", 0)
    state.processing_workdays = c.received.get("processing_workdays", 0)
    state.finished_day = c.finished_day
    state.finished_bits = bits_pack(c.finished, FINISHED_COUNTERS)
    state.open_due_day, state.open_kind = c.open_cell if c.open_cell else (None, None)


def placed_from_payloads(payloads: list[dict]) -> list[Placed]:
    """Resolve the agencies, procedures and dossiers of a batch of payloads, and read the
    working calendar: at most four queries whatever its size."""
    eids = {p["handling_agency"] for p in payloads}
    agencies = {
        eid: (pk, province)
        for eid, pk, province in Agency.objects.filter(eid__in=eids).values_list(
            "eid", "pk", "province_code"
        )
    }
    procedures = {
        code: (pk, field_id, level == OnlineLevel.FULL)
        for code, pk, field_id, level in Procedure.objects.filter(
            code__in={p["procedure_code"] for p in payloads}
        ).values_list("code", "pk", "field_id", "online_level")
    }
    # The dossier's id (the state's key) and, for older payloads without it, the appointment
    # first given (NgayHenTra): one query.
    dossiers = {
        code: (pk, original_due_at)
        for code, pk, original_due_at in Dossier.objects.filter(
            code__in={p["code"] for p in payloads}
        ).values_list("code", "pk", "original_due_at")
    }
    calendar = calendar_get()
    placed = []
    for p in payloads:
        agency_id, province = agencies[p["handling_agency"]]
        procedure_id, field_id, full_online = procedures[p["procedure_code"]]
        dossier_id, original_due_at = dossiers[p["code"]]
        facts = facts_from_payload(
            p,
            full_online_procedure=full_online,
            original_due_at=original_due_at,
            calendar=calendar,
        )
        placed.append(
            Placed(
                dossier_id,
                int(p["event_seq"]),
                agency_id,
                procedure_id,
                field_id,
                province,
                contribution_of(facts),
            )
        )
    return placed


def indicators_handle(messages: list[OutboxMessage]) -> dict[UUID, Outcome]:
    """Outbox destination "indicators" (outbox.handlers contract): apply a batch of events."""
    rollup_apply(placed=placed_from_payloads([m.payload for m in messages]))
    return {m.id: Outcome.delivered() for m in messages}
