"""Queries over the rollup tables shared by the indicator selectors: which rows a unit and its
filters cover, the SQL of a period's cells, and sums of counters. Reads rollups only."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, Sum

from motcua.indicators.contribution import COUNTERS, OpenKind
from motcua.indicators.models import (
    DailyRollup,
    MonthlyRollup,
)
from motcua.indicators.periods import Period, split_months
from motcua.indicators.scoring import OpenCounts
from motcua.procedures.constants import OnlineLevel

# Open dossiers due within this many days count as "due soon" on the dashboards.
DUE_SOON_DAYS = 2


@dataclass(frozen=True)
class Unit:
    kind: str  # nation | province | agency | commune
    key: str
    name: str
    province_code: str = ""
    agency_ids: tuple[int, ...] | None = None  # None: the whole province (or nation)
    agency_kinds: frozenset[str] | None = None


@dataclass(frozen=True)
class Filters:
    field_id: int | None = None
    procedure_id: int | None = None


def scope_q(unit: Unit, filters: Filters) -> Q:
    q = Q()
    if unit.agency_ids is not None:
        q &= Q(agency_id__in=unit.agency_ids)
    elif unit.kind == "province":
        q &= Q(province_code=unit.province_code)
    if filters.field_id:
        q &= Q(field_id=filters.field_id)
    if filters.procedure_id:
        q &= Q(procedure_id=filters.procedure_id)
    return q


def sum_expressions() -> dict:
    return {name: Sum(name) for name in COUNTERS}


def grouped_cells(
    scope: Q, period: Period, group_by: tuple[str, ...]
) -> dict[tuple, dict[str, int]]:
    """Counters summed over the period, grouped: whole months from MonthlyRollup, the edge days
    from DailyRollup (one query each)."""
    months, edges = split_months(period)
    out: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    queries = []
    if months:
        queries.append(
            MonthlyRollup.objects.filter(scope, month__gte=months[0], month__lte=months[-1])
        )
    if edges:
        edge_q = Q()
        for first, last in edges:
            edge_q |= Q(day__gte=first, day__lte=last)
        queries.append(DailyRollup.objects.filter(scope).filter(edge_q))
    for qs in queries:
        for row in qs.values(*group_by).annotate(**sum_expressions()).order_by():
            key = tuple(row[g] for g in group_by)
            cell = out[key]
            for name in COUNTERS:
                cell[name] += row[name] or 0
    return out


def cells_sql(
    period: Period, where: str, params: list, *, tag: int | None = None
) -> tuple[str, list]:
    """SELECT of the rollup cells covering `period` (whole months from MonthlyRollup, edge days
    from DailyRollup, UNION ALL): agency_id, procedure_id and the counters, optionally tagged."""
    months, edges = split_months(period)
    adapt = connection.ops.adapt_datefield_value
    head = f"{tag} AS cur, " if tag is not None else ""
    columns = f"{head}agency_id, procedure_id, {', '.join(COUNTERS)}"
    parts: list[str] = []
    out: list = []
    if months:
        parts.append(
            f"SELECT {columns} FROM {MonthlyRollup._meta.db_table}"
            f" WHERE {where} AND month >= %s AND month <= %s"
        )
        out += [*params, adapt(months[0]), adapt(months[-1])]
    if edges:
        days = " OR ".join(["(day >= %s AND day <= %s)"] * len(edges))
        parts.append(
            f"SELECT {columns} FROM {DailyRollup._meta.db_table} WHERE {where} AND ({days})"
        )
        out += [*params, *(adapt(d) for edge in edges for d in edge)]
    return " UNION ALL ".join(parts), out


def scope_sql(unit: Unit, filters: Filters) -> tuple[str, list]:
    """The same scope as `scope_q`, as SQL over a rollup table."""
    clauses, params = ["1 = 1"], []
    if unit.agency_ids is not None:
        clauses.append(f"agency_id IN ({', '.join(['%s'] * len(unit.agency_ids))})")
        params += list(unit.agency_ids)
    elif unit.kind == "province":
        clauses.append("province_code = %s")
        params.append(unit.province_code)
    if filters.field_id:
        clauses.append("field_id = %s")
        params.append(filters.field_id)
    if filters.procedure_id:
        clauses.append("procedure_id = %s")
        params.append(filters.procedure_id)
    return " AND ".join(clauses), params


def used_sql(prefix: str = "", cur: str = "") -> str:
    """Distinct procedures with >= 1 online dossier / >= 1 fee dossier (3.2, 3.5)."""
    return (
        f"COUNT(DISTINCT CASE WHEN {cur}{prefix}received_online > 0"
        f" THEN {prefix}procedure_id END) AS online_used,"
        f" COUNT(DISTINCT CASE WHEN {cur}{prefix}fee_dossiers > 0"
        f" THEN {prefix}procedure_id END) AS fee_used"
    )


def open_aggregates(today: date) -> dict:
    soon = today + timedelta(days=DUE_SOON_DAYS)
    running = Q(kind__in=(OpenKind.RUNNING, OpenKind.LATE_FIXED))
    return {
        "open": Sum("count"),
        "overdue": Sum("count", filter=running & Q(due_day__lt=today)),
        "due_soon": Sum("count", filter=running & Q(due_day__gte=today, due_day__lte=soon)),
        "late": Sum(
            "count",
            filter=Q(kind=OpenKind.RUNNING, due_day__lt=today)
            | Q(kind__in=(OpenKind.LATE_FIXED, OpenKind.PAUSED_LATE)),
        ),
        "paused": Sum("count", filter=Q(kind__in=(OpenKind.PAUSED_ON_TIME, OpenKind.PAUSED_LATE))),
    }


def open_counts_from(row: dict) -> OpenCounts:
    values = {k: row.get(k) or 0 for k in ("open", "overdue", "due_soon", "late", "paused")}
    return OpenCounts(on_time=values["open"] - values["late"], **values)


def catalog_filter(unit: Unit) -> Q:
    q = Q(is_active=True)
    if unit.agency_kinds is not None:
        q &= Q(handling_agency_kind__in=unit.agency_kinds)
    return q


def catalog_aggregates() -> dict:
    online = Q(online_level__in=(OnlineLevel.FULL, OnlineLevel.PARTIAL))
    return {
        "total": Count("pk", distinct=True),
        "online": Count("pk", filter=online, distinct=True),
        "full_online": Count("pk", filter=Q(online_level=OnlineLevel.FULL), distinct=True),
        "with_fee": Count("pk", filter=Q(fees__amount_vnd__gt=0), distinct=True),
    }


def distinct_used(by_procedure: dict[tuple, dict[str, int]]) -> tuple[int, int]:
    online = {k[-1] for k, v in by_procedure.items() if v["received_online"]}
    fee = {k[-1] for k, v in by_procedure.items() if v["fee_dossiers"]}
    return len(online), len(fee)


def cells_total(cells) -> dict[str, int]:
    total = dict.fromkeys(COUNTERS, 0)
    for cell in cells:
        for name in COUNTERS:
            total[name] += cell[name]
    return total
