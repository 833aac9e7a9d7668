"""The province's ranking tables: each department (provincial agency) and commune with its
counters, open dossiers and score, from a few GROUP BY queries for all units at once (the
rollups, the agencies, the catalog and the PAKN), and the whole province's sums taken from the
same rows. Never reads the dossiers but through feedback_figures (complained dossiers)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Q

from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import SERVICE_CENTER_KINDS, AgencyLevel
from motcua.agencies.models import Agency
from motcua.indicators.contribution import COUNTERS
from motcua.indicators.feedback_figures import feedback_counts_by_agency
from motcua.indicators.feedback_formulas import sum_counts
from motcua.indicators.models import OpenRollup, ProcedureDays
from motcua.indicators.periods import Period
from motcua.indicators.rollup_queries import (
    Filters,
    Unit,
    catalog_aggregates,
    cells_sql,
    open_aggregates,
    scope_q,
    scope_sql,
    unit_scope_sql,
    used_sql,
)
from motcua.indicators.scoring import (
    Catalog,
    OpenCounts,
    RankScore,
    UnitSums,
    rank_score,
    score_plan,
)
from motcua.procedures.models import Procedure


@dataclass
class RankingRow:
    unit: Unit
    counters: dict[str, int]
    open: OpenCounts
    card: RankScore
    late_previous: int = 0

    @property
    def late(self) -> int:
        return self.counters["finished"] - self.counters["on_time"]


# `ranking_sums` groups the cells of no ranked unit (a service centre's) under this key: they
# count in the province's sums only.
_REST = (2, 0)


def ranking_sums(
    *, province_code: str, period: Period, filters: Filters
) -> tuple[dict[tuple[bool, int], dict], dict]:
    """Per ranking unit (department: one provincial agency; commune: every agency of one
    commune) the counters of `period`, the late count of the previous period (one GROUP BY over
    the rollup cells of the filters' grain) and the distinct procedures used online / with fees
    (one GROUP BY over ProcedureDays); and the same sums for the whole province, from the same
    two statements (every group of the first; one more SELECT in the second)."""
    province = Unit("province", province_code, "", province_code)
    where, params = scope_sql(province, filters)
    current, current_params = cells_sql(period, where, params, tag=1)
    previous, previous_params = cells_sql(period.previous(), where, params, tag=0)
    cells = " UNION ALL ".join(q for q in (current, previous) if q)
    agency = Agency._meta.db_table
    kinds = sorted(SERVICE_CENTER_KINDS)
    unit_columns = (
        "CASE WHEN a.id IS NULL THEN 2 WHEN a.level = %s THEN 1 ELSE 0 END,"
        " CASE WHEN a.id IS NULL THEN 0 WHEN a.level = %s THEN a.id ELSE a.admin_unit_id END"
    )
    agencies = f"a.province_code = %s AND a.kind NOT IN ({', '.join(['%s'] * len(kinds))})"
    level = str(AgencyLevel.PROVINCE)
    sums = ", ".join(f"SUM(CASE WHEN r.cur = 1 THEN r.{n} ELSE 0 END)" for n in COUNTERS)
    sql = (
        f"SELECT {unit_columns}, {sums},"
        " SUM(CASE WHEN r.cur = 0 THEN r.finished - r.on_time ELSE 0 END)"
        f" FROM ({cells}) r LEFT JOIN {agency} a ON a.id = r.agency_id AND {agencies}"
        " GROUP BY 1, 2"
    )
    used = used_sql(period, "u.")
    used_where, used_params = unit_scope_sql(province, filters, "u.")
    used_table = ProcedureDays._meta.db_table
    used_query = (
        f"SELECT {unit_columns}, {used.counts} FROM {used_table} u"
        f" JOIN {agency} a ON a.id = u.agency_id AND {agencies}"
        f" WHERE {used_where} AND {used.years} GROUP BY 1, 2"
        f" UNION ALL SELECT {_REST[0]}, {_REST[1]}, {used.counts} FROM {used_table} u"
        f" WHERE {used_where} AND {used.years}"
    )
    out: dict[tuple[bool, int], dict] = {}
    n = len(COUNTERS)
    every: list[list[int]] = []
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [level, level, *current_params, *previous_params, province_code, *kinds]
        )
        for row in cursor.fetchall():
            values = [int(v or 0) for v in row[2 : 2 + n]]
            every.append(values)
            if (row[0], row[1]) != _REST:
                out[(bool(row[0]), row[1])] = {
                    "counters": dict(zip(COUNTERS, values, strict=True)),
                    "late_previous": int(row[2 + n] or 0),
                    "online_used": 0,
                    "fee_used": 0,
                }
        totals = [sum(column) for column in zip(*every, strict=True)] if every else [0] * n
        cursor.execute(
            used_query,
            [
                *(level, level, *used.counts_params, province_code, *kinds),
                *(*used_params, *used.years_params),
                *(*used.counts_params, *used_params, *used.years_params),
            ],
        )
        whole = {**_NO_SUMS, "counters": dict(zip(COUNTERS, totals, strict=True))}
        for row in cursor.fetchall():
            if (row[0], row[1]) == _REST:
                found = whole
            else:
                found = out.setdefault((bool(row[0]), row[1]), _no_sums())
            found["online_used"], found["fee_used"] = row[2] or 0, row[3] or 0
    return out, whole


def _no_sums() -> dict:
    return {**_NO_SUMS, "counters": dict(_NO_SUMS["counters"])}


_NO_SUMS = {
    "counters": dict.fromkeys(COUNTERS, 0),
    "late_previous": 0,
    "online_used": 0,
    "fee_used": 0,
}


def _ranking_units(province_code: str) -> dict[tuple[bool, int], Unit]:
    """The ranked units of a province by their key in `ranking_sums`: each provincial agency
    but the service centres, and each commune with its agencies (one query, plain rows)."""
    kinds = sorted(SERVICE_CENTER_KINDS)
    sql = (
        "SELECT a.id, a.name, a.kind, a.level, a.admin_unit_id, u.name"
        f" FROM {Agency._meta.db_table} a JOIN {AdminUnit._meta.db_table} u"
        " ON u.id = a.admin_unit_id"
        f" WHERE a.province_code = %s AND a.kind NOT IN ({', '.join(['%s'] * len(kinds))})"
        " ORDER BY a.eid"
    )
    members: dict[tuple[bool, int], list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [province_code, *kinds])
        for row in cursor.fetchall():
            if row[3] == AgencyLevel.PROVINCE:
                members[(True, row[0])].append(row)
            else:
                members[(False, row[4])].append(row)
    units = {}
    for key, group in members.items():
        pk, name, kind, _level, admin_unit_id, admin_unit_name = group[0]
        if key[0]:
            units[key] = Unit("agency", str(pk), name, province_code, (pk,), frozenset({kind}))
        else:
            units[key] = Unit(
                "commune",
                str(admin_unit_id),
                admin_unit_name,
                province_code,
                tuple(r[0] for r in group),
                frozenset(r[2] for r in group),
            )
    return units


# The open cells per agency and the catalog per agency kind are ORM queries (open_aggregates,
# catalog_aggregates say what counts); compiling them costs more than running them, so their SQL
# is kept per day, province and filters.
_OPEN_KEYS = ("open", "overdue", "due_soon", "late", "paused")
_CATALOG_KEYS = ("total", "online", "full_online", "with_fee")


@lru_cache(maxsize=256)
def _open_sql(province_code: str, filters: Filters, today: date) -> tuple[str, tuple]:
    """(agency_id, open, overdue, due_soon, late, paused) per agency of the province."""
    queryset = (
        OpenRollup.objects.filter(
            scope_q(Unit("province", province_code, "", province_code), filters)
        )
        .values("agency_id")
        .annotate(**open_aggregates(today))
        .values_list("agency_id", *_OPEN_KEYS)
        .order_by()
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


@lru_cache(maxsize=256)
def _catalog_sql(filters: Filters) -> tuple[str, tuple]:
    """(handling_agency_kind, total, online, full_online, with_fee) of the active procedures."""
    q = Q(is_active=True)
    if filters.field_id:
        q &= Q(field_id=filters.field_id)
    if filters.procedure_id:
        q &= Q(pk=filters.procedure_id)
    queryset = (
        Procedure.objects.filter(q)
        .values("handling_agency_kind")
        .annotate(**catalog_aggregates())
        .values_list("handling_agency_kind", *_CATALOG_KEYS)
        .order_by()
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _open_sum(rows: list[tuple[int, ...]]) -> OpenCounts:
    """OpenCounts of the summed per-agency (open, overdue, due_soon, late, paused) rows."""
    if not rows:
        return OpenCounts()
    open_, overdue, due_soon, late, paused = (sum(column) for column in zip(*rows, strict=True))
    return OpenCounts(open_, overdue, due_soon, open_ - late, late, paused)


def province_rankings(
    *,
    province_code: str,
    period: Period,
    today: date,
    filters: Filters,
    points: dict[str, Decimal],
) -> tuple[dict[str, list[RankingRow]], UnitSums]:
    """The rankings, and the whole province's sums (of the same per-unit, per-agency and
    per-kind rows, so the province page does not query them again)."""
    units = _ranking_units(province_code)
    plan = score_plan(points)
    sums, whole = ranking_sums(province_code=province_code, period=period, filters=filters)
    with connection.cursor() as cursor:
        cursor.execute(*_open_sql(province_code, filters, today))
        open_rows = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in cursor.fetchall()}
        cursor.execute(*_catalog_sql(filters))
        by_kind = {
            row[0]: dict(zip(_CATALOG_KEYS, (int(v or 0) for v in row[1:]), strict=True))
            for row in cursor.fetchall()
        }
    include_open = period.contains(today)
    feedback = feedback_counts_by_agency(
        province_code=province_code, period=period, filters=filters
    )
    catalogs: dict[frozenset[str], Catalog] = {}
    result: dict[str, list[RankingRow]] = {"departments": [], "communes": []}
    for key, unit in units.items():
        found = sums.get(key, _NO_SUMS)
        ids = unit.agency_ids or ()
        open_counts = _open_sum([open_rows[i] for i in ids if i in open_rows])
        kinds = unit.agency_kinds or frozenset()
        catalog = catalogs.get(kinds)
        if catalog is None:
            catalog = catalogs[kinds] = _sum_catalog([by_kind[k] for k in kinds if k in by_kind])
        card = rank_score(
            c=found["counters"],
            open_counts=open_counts,
            catalog=catalog,
            online_procedures_used=found["online_used"],
            fee_procedures_used=found["fee_used"],
            plan=plan,
            include_open=include_open,
            feedback=sum_counts(feedback[i] for i in ids if i in feedback),
        )
        row = RankingRow(unit, found["counters"], open_counts, card, found["late_previous"])
        result["departments" if key[0] else "communes"].append(row)
    for rows in result.values():
        rows.sort(key=lambda r: (r.card.total is None, -(r.card.total or 0), r.unit.name))
    province = UnitSums(
        whole["counters"],
        whole["online_used"],
        whole["fee_used"],
        _open_sum(list(open_rows.values())),
        _sum_catalog(list(by_kind.values())),
        sum_counts(feedback.values()),
    )
    return result, province


def _sum_catalog(rows: list[dict]) -> Catalog:
    return Catalog(**{k: sum(r[k] for r in rows) for k in _CATALOG_KEYS})
