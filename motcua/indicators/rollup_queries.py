"""Queries over the rollup tables shared by the indicator selectors: which rows a unit and its
filters cover, the SQL of a period's cells, and sums of counters. Reads rollups only."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, Sum

from motcua.dossiers.selectors import DUE_SOON_DAYS  # the inbox's "due soon" too
from motcua.indicators.contribution import COUNTERS, OpenKind
from motcua.indicators.daymask import WORDS, range_masks
from motcua.indicators.models import DailyRollup, MonthlyRollup, ProcedureDays
from motcua.indicators.periods import Period, split_months, split_months_signed
from motcua.indicators.scoring import OpenCounts
from motcua.procedures.constants import OnlineLevel
from motcua.procedures.models import Procedure


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


AGENCY_GRAIN = 0


def grain_of(filters: Filters) -> int:
    """The `procedure_id` of the rollup rows that answer these filters (models.py: grains):
    the procedure itself, its field as `-field_id`, or the whole agency as 0."""
    if filters.procedure_id:
        return filters.procedure_id
    if filters.field_id:
        return -filters.field_id
    return AGENCY_GRAIN


def scope_q(unit: Unit, filters: Filters) -> Q:
    """Rollup rows of a unit and filters, at the one grain that answers them."""
    q = Q(procedure_id=grain_of(filters))
    if unit.agency_ids is not None:
        q &= Q(agency_id__in=unit.agency_ids)
    elif unit.kind == "province":
        q &= Q(province_code=unit.province_code)
    if filters.field_id:
        q &= Q(field_id=filters.field_id)
    if filters.procedure_id:
        q &= Q(procedure_id=filters.procedure_id)
    return q


def cells_sql(
    period: Period,
    where: str,
    params: list,
    *,
    tag: int | None = None,
    columns: str | None = None,
    monthly=MonthlyRollup,
    daily=DailyRollup,
) -> tuple[str, list]:
    """SELECT of the rollup cells covering `period` (whole months from the monthly table, edge
    days from the daily one, UNION ALL): by default agency_id, procedure_id and the counters,
    optionally tagged; then a partial month is its month minus the days outside the period when
    those are fewer (periods.split_months_signed), the subtracted days with negated counters.
    The hub passes its own tables and columns (plain edges: its columns are not all counters)."""
    adapt = connection.ops.adapt_datefield_value
    head = f"{tag} AS cur, " if tag is not None else ""
    negated = ""
    if columns is None:
        months, edges, minus = split_months_signed(period)
        negated = f"{head}agency_id, procedure_id, {', '.join(f'-{n}' for n in COUNTERS)}"
    else:
        (months, edges), minus = split_months(period), []
    columns = columns or f"{head}agency_id, procedure_id, {', '.join(COUNTERS)}"
    parts: list[str] = []
    out: list = []
    if months:
        parts.append(
            f"SELECT {columns} FROM {monthly._meta.db_table}"
            f" WHERE {where} AND month >= %s AND month <= %s"
        )
        out += [*params, adapt(months[0]), adapt(months[-1])]
    for select, ranges in ((columns, edges), (negated, minus)):
        if ranges:
            days = " OR ".join(["(day >= %s AND day <= %s)"] * len(ranges))
            parts.append(f"SELECT {select} FROM {daily._meta.db_table} WHERE {where} AND ({days})")
            out += [*params, *(adapt(d) for edge in ranges for d in edge)]
    return " UNION ALL ".join(parts), out


def scope_sql(unit: Unit, filters: Filters) -> tuple[str, list]:
    """The same scope as `scope_q`, as SQL over a rollup table: the filters' grain, the unit."""
    where, params = unit_scope_sql(unit, filters)
    return f"procedure_id = %s AND {where}", [grain_of(filters), *params]


def unit_scope_sql(unit: Unit, filters: Filters, prefix: str = "") -> tuple[str, list]:
    """The unit and filters over a table with agency_id, procedure_id, field_id and
    province_code, whatever the grain (ProcedureDays has none)."""
    clauses, params = ["1 = 1"], []
    if unit.agency_ids is not None:
        clauses.append(f"{prefix}agency_id IN ({', '.join(['%s'] * len(unit.agency_ids))})")
        params += list(unit.agency_ids)
    elif unit.kind == "province":
        clauses.append(f"{prefix}province_code = %s")
        params.append(unit.province_code)
    if filters.field_id:
        clauses.append(f"{prefix}field_id = %s")
        params.append(filters.field_id)
    if filters.procedure_id:
        clauses.append(f"{prefix}procedure_id = %s")
        params.append(filters.procedure_id)
    return " AND ".join(clauses), params


@dataclass(frozen=True)
class UsedSql:
    """3.2 / 3.5 over ProcedureDays: `counts` (online_used, fee_used: COUNT DISTINCT of the
    procedures whose masks meet the period's) and `years` (the WHERE on the years involved)."""

    counts: str
    counts_params: list
    years: str
    years_params: list


def used_sql(period: Period, prefix: str = "") -> UsedSql:
    masks = range_masks(period.start, period.end)
    params: list = []
    counts = []
    for kind in ("online", "fee"):
        ors = []
        for year, words in masks.items():
            tests = [f"({prefix}{kind}_w{w} & %s) <> 0" for w in range(WORDS) if words[w]]
            ors.append(f"({prefix}year = %s AND ({' OR '.join(tests)}))")
            params += [year, *(word for word in words if word)]
        used = " OR ".join(ors) or "1 = 0"
        counts.append(f"COUNT(DISTINCT CASE WHEN {used} THEN {prefix}procedure_id END)")
    return UsedSql(
        ", ".join(counts),
        params,
        f"{prefix}year >= %s AND {prefix}year <= %s",
        [period.start.year, period.end.year],
    )


def used_counts(unit: Unit, period: Period, filters: Filters) -> tuple[int, int]:
    """(online_used, fee_used) of one unit and period: one query over ProcedureDays."""
    used = used_sql(period)
    where, params = unit_scope_sql(unit, filters)
    sql = f"SELECT {used.counts} FROM {ProcedureDays._meta.db_table} WHERE {where} AND {used.years}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*used.counts_params, *params, *used.years_params])
        online, fee = cursor.fetchone()
    return online or 0, fee or 0


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


def procedure_time_unit(*, procedure_id: int | None = None, code: str = "") -> str | None:
    """The unit of the time limit of the one procedure selected (by id on a province node, by
    code on the hub): 2.2 is shown in it. None when none is selected or it is unknown."""
    if not procedure_id and not code:
        return None
    lookup = Q(pk=procedure_id) if procedure_id else Q(code=code)
    return Procedure.objects.filter(lookup).values_list("processing_time_unit", flat=True).first()


def catalog_aggregates() -> dict:
    online = Q(online_level__in=(OnlineLevel.FULL, OnlineLevel.PARTIAL))
    return {
        "total": Count("pk", distinct=True),
        "online": Count("pk", filter=online, distinct=True),
        "full_online": Count("pk", filter=Q(online_level=OnlineLevel.FULL), distinct=True),
        "with_fee": Count("pk", filter=Q(fees__amount_vnd__gt=0), distinct=True),
    }
