"""Writes to the hub's tables (hub_models.py): upserts in key order (concurrent writers never
deadlock) and the per-province mark. On PostgreSQL the rows go as one array per column through
unnest(): a handful of parameters per statement instead of one per value, which psycopg's
client-side binding and the server's parser would otherwise pay for (the same finding as
`sync.services`); SQLite takes multi-row VALUES."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from motcua.indicators.contribution import COUNTERS, Contribution
from motcua.indicators.hub_models import (
    HubDailyRollup,
    HubDossierState,
    HubMonthlyRollup,
    HubOpenRollup,
    HubProvinceMark,
)

STATE_COLUMNS = (
    "province_code", "code", "seq", "event_id", "agency_eid", "procedure_code", "field_code",
    "received_day", "received_bits", "processing_seconds", "processing_workdays", "finished_day",
    "finished_bits", "open_due_day", "open_kind",
)  # fmt: skip
STATE_TYPES = (
    "varchar", "varchar", "integer", "uuid", "varchar", "varchar", "varchar", "date", "integer",
    "bigint", "bigint", "date", "integer", "date", "smallint",
)  # fmt: skip
KEY_TYPES = ("varchar", "varchar", "varchar", "varchar")  # province, agency, procedure, field


class State:
    """A `HubDossierState` row as a plain object: a model instance costs more to build than
    the whole rule (its init signals), and the hook handles thousands per batch."""

    __slots__ = STATE_COLUMNS

    def __init__(self, *values) -> None:
        for name, value in zip(STATE_COLUMNS, values, strict=True):
            setattr(self, name, value)

    @classmethod
    def new(cls, province: str, code: str) -> "State":
        return cls(province, code, 0, None, "", "", "", None, 0, 0, 0, None, 0, None, None)


@dataclass
class HubDeltas:
    """Signed changes per cell; keys (period, agency e-ID, procedure code) of one province."""

    daily: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    monthly: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    open: dict = field(default_factory=lambda: defaultdict(int))
    fields: dict = field(default_factory=dict)

    def add(self, agency_eid: str, procedure_code: str, field_code: str, c: Contribution, sign):
        self.fields.setdefault((agency_eid, procedure_code), field_code)
        for day, values in ((c.received_day, c.received), (c.finished_day, c.finished)):
            if day is None or not values:
                continue
            daily = self.daily[(day, agency_eid, procedure_code)]
            monthly = self.monthly[(day.replace(day=1), agency_eid, procedure_code)]
            for name, value in values.items():
                daily[name] += sign * value
                monthly[name] += sign * value
        if c.open_cell is not None:
            self.open[(agency_eid, procedure_code, *c.open_cell)] += sign


def upsert(
    table: str, columns: tuple, types: tuple, rows: list[tuple], conflict: str, updates: str
) -> None:
    """INSERT rows (already in key order) … ON CONFLICT (conflict) DO UPDATE SET updates."""
    if not rows:
        return
    tail = f" ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})" + tail,
                [list(column) for column in zip(*rows, strict=True)],
            )
            return
        adapters = [_sqlite_adapter(t) for t in types]
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        size = max(1, 30_000 // len(columns))
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES " + ", ".join([row_sql] * len(chunk)) + tail,
                [a(v) if a else v for row in chunk for a, v in zip(adapters, row, strict=True)],
            )


def _sqlite_adapter(kind: str):
    if kind == "date":
        return connection.ops.adapt_datefield_value
    if kind == "uuid":
        return lambda value: value.hex if value is not None else None
    return None


def states_write(states: list[State]) -> None:
    ordered = sorted(states, key=lambda s: (s.province_code, s.code))
    upsert(
        HubDossierState._meta.db_table,
        STATE_COLUMNS,
        STATE_TYPES,
        [tuple(getattr(s, name) for name in STATE_COLUMNS) for s in ordered],
        "province_code, code",
        ", ".join(f"{c} = EXCLUDED.{c}" for c in STATE_COLUMNS[2:]),
    )


def _cells_write(model, period_column: str, province: str, deltas: HubDeltas, cells) -> None:
    table = model._meta.db_table
    rows = [
        (
            period,
            province,
            eid,
            procedure,
            deltas.fields[eid, procedure],
            *(values.get(c, 0) for c in COUNTERS),
        )
        for (period, eid, procedure), values in sorted(cells.items())
        if any(values.values())
    ]
    upsert(
        table,
        (period_column, "province_code", "agency_eid", "procedure_code", "field_code", *COUNTERS),
        ("date", *KEY_TYPES, *(["bigint"] * len(COUNTERS))),
        rows,
        f"{period_column}, province_code, agency_eid, procedure_code",
        ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in COUNTERS),
    )


def deltas_write(province: str, deltas: HubDeltas) -> None:
    """Add the deltas to the daily, monthly and open cells of `province`."""
    _cells_write(HubDailyRollup, "day", province, deltas, deltas.daily)
    _cells_write(HubMonthlyRollup, "month", province, deltas, deltas.monthly)
    table = HubOpenRollup._meta.db_table
    rows = [
        (province, eid, procedure, deltas.fields[(eid, procedure)], due_day, kind, count)
        for (eid, procedure, due_day, kind), count in sorted(deltas.open.items())
        if count
    ]
    upsert(
        table,
        ("province_code", "agency_eid", "procedure_code", "field_code", "due_day", "kind", "count"),
        (*KEY_TYPES, "date", "smallint", "bigint"),
        rows,
        "province_code, agency_eid, procedure_code, due_day, kind",
        f"count = {table}.count + EXCLUDED.count",
    )
    if rows:
        HubOpenRollup.objects.filter(province_code=province, count=0).delete()


def mark_lock(province: str) -> None:
    """Create the province's mark if needed and lock it until commit (serialises writers)."""
    table = HubProvinceMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (province_code, version) VALUES (%s, 0)"
            " ON CONFLICT (province_code) DO NOTHING",
            [province],
        )
    list(HubProvinceMark.objects.select_for_update().filter(province_code=province).values("pk"))


def mark_bump(province: str) -> None:
    """A new version of the province's hub rollups: the pages' cache keys change."""
    table = HubProvinceMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET version = version + 1, changed_at = %s WHERE province_code = %s",
            [connection.ops.adapt_datetimefield_value(timezone.now()), province],
        )
