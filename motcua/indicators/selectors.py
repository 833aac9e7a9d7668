"""Every read of indicators. Reads rollups only (never the dossiers): a dashboard for any unit,
field and period costs a handful of queries over at most a few thousand rollup rows.

Units: "province" (all agencies of a province), "agency" (one handling agency, e.g. a
department or a commune People's Committee), "commune" (every agency of one commune, ward or
special zone), "nation" (the hub: every province). Figures are attributed to the handling
agency, the one competent to decide (DOMAIN.md §10.5), also after transfers between levels.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import SERVICE_CENTER_KINDS, AgencyLevel
from motcua.agencies.models import Agency
from motcua.indicators.config import default_points
from motcua.indicators.contribution import COUNTERS
from motcua.indicators.feedback_figures import feedback_counts_by_agency, feedback_counts_for_unit
from motcua.indicators.feedback_formulas import sum_counts
from motcua.indicators.models import (
    IndicatorWeight,
    MonthlyRollup,
    OpenRollup,
    ProcedureDays,
    RollupStamp,
)
from motcua.indicators.periods import Period, months_back
from motcua.indicators.rollup_queries import (
    Filters,
    Unit,
    catalog_aggregates,
    catalog_filter,
    cells_sql,
    open_aggregates,
    open_counts_from,
    procedure_time_unit,
    scope_q,
    scope_sql,
    unit_scope_sql,
    used_counts,
    used_sql,
)
from motcua.indicators.scoring import Catalog, OpenCounts, Scorecard, scorecard
from motcua.procedures.models import Procedure

RANKINGS_CACHE_SECONDS = 60
TREND_MONTHS = 12


def unit_province(*, province_code: str) -> Unit:
    unit = AdminUnit.objects.filter(code=province_code).only("name").first()
    return Unit("province", province_code, unit.name if unit else province_code, province_code)


def unit_agency(*, agency: Agency) -> Unit:
    return Unit(
        "agency",
        str(agency.pk),
        agency.name,
        agency.province_code,
        (agency.pk,),
        frozenset({agency.kind}),
    )


def unit_commune(*, admin_unit_id: int, province_code: str) -> Unit | None:
    agencies = list(
        Agency.objects.filter(admin_unit_id=admin_unit_id, province_code=province_code)
        .select_related("admin_unit")
        .only("pk", "kind", "admin_unit__name")
    )
    if not agencies:
        return None
    return Unit(
        "commune",
        str(admin_unit_id),
        agencies[0].admin_unit.name,
        province_code,
        tuple(a.pk for a in agencies),
        frozenset(a.kind for a in agencies),
    )


def _unit_totals(unit: Unit, period: Period, filters: Filters) -> tuple[dict[str, int], int, int]:
    """Counters summed over the period (one aggregate query over the month and edge-day cells
    of the unit's grain) and the distinct procedures used online / with fees (one more)."""
    where, params = scope_sql(unit, filters)
    cells, params = cells_sql(period, where, params)
    sums = ", ".join(f"COALESCE(SUM({n}), 0)" for n in COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sums} FROM ({cells}) r", params)
        row = cursor.fetchone()
    online_used, fee_used = used_counts(unit, period, filters)
    return dict(zip(COUNTERS, (int(v) for v in row), strict=True)), online_used, fee_used


def weights_current() -> dict[str, Decimal]:
    points = default_points()
    points.update(dict(IndicatorWeight.objects.values_list("code", "points")))
    return points


@dataclass
class UnitIndicators:
    unit: Unit
    period: Period
    counters: dict[str, int]
    open: OpenCounts
    catalog: Catalog
    card: Scorecard
    include_open: bool


def indicators_for_unit(
    *,
    unit: Unit,
    period: Period,
    today: date,
    filters: Filters = Filters(),
    points: dict[str, Decimal] | None = None,
    open_counts: OpenCounts | None = None,
    catalog: Catalog | None = None,
) -> UnitIndicators:
    """All indicators, the 766 group scores and the band of one unit for one period.
    `open_counts` / `catalog` when the caller already summed them (the province page takes
    them from the rankings' per-agency and per-kind rows)."""
    scope = scope_q(unit, filters)
    counters, online_used, fee_used = _unit_totals(unit, period, filters)
    include_open = period.contains(today)
    if open_counts is None:
        open_counts = open_counts_from(
            OpenRollup.objects.filter(scope).aggregate(**open_aggregates(today))
        )
    if catalog is None:
        catalog_q = catalog_filter(unit)
        if filters.procedure_id:
            catalog_q &= Q(pk=filters.procedure_id)
        if filters.field_id:
            catalog_q &= Q(field_id=filters.field_id)
        catalog = Catalog(**Procedure.objects.filter(catalog_q).aggregate(**catalog_aggregates()))
    card = scorecard(
        c=counters,
        open_counts=open_counts,
        catalog=catalog,
        online_procedures_used=online_used,
        fee_procedures_used=fee_used,
        points=points if points is not None else weights_current(),
        include_open=include_open,
        feedback=feedback_counts_for_unit(unit=unit, period=period, filters=filters),
        time_unit=procedure_time_unit(procedure_id=filters.procedure_id),
    )
    return UnitIndicators(unit, period, counters, open_counts, catalog, card, include_open)


@dataclass
class RankingRow:
    unit: Unit
    counters: dict[str, int]
    open: OpenCounts
    card: Scorecard
    late_previous: int = 0

    @property
    def late(self) -> int:
        return self.counters["finished"] - self.counters["on_time"]


def _ranking_sums(
    *, province_code: str, period: Period, filters: Filters
) -> dict[tuple[bool, int], dict]:
    """Per ranking unit (department: one provincial agency; commune: every agency of one
    commune) the counters of `period`, the late count of the previous period (one GROUP BY over
    the rollup cells of the filters' grain) and the distinct procedures used online / with fees
    (one GROUP BY over ProcedureDays)."""
    province = Unit("province", province_code, "", province_code)
    where, params = scope_sql(province, filters)
    current, current_params = cells_sql(period, where, params, tag=1)
    previous, previous_params = cells_sql(period.previous(), where, params, tag=0)
    cells = " UNION ALL ".join(q for q in (current, previous) if q)
    agency = Agency._meta.db_table
    kinds = sorted(SERVICE_CENTER_KINDS)
    unit_columns = (
        "CASE WHEN a.level = %s THEN 1 ELSE 0 END,"
        " CASE WHEN a.level = %s THEN a.id ELSE a.admin_unit_id END"
    )
    agencies = f"a.province_code = %s AND a.kind NOT IN ({', '.join(['%s'] * len(kinds))})"
    level = str(AgencyLevel.PROVINCE)
    sums = ", ".join(f"SUM(CASE WHEN r.cur = 1 THEN r.{n} ELSE 0 END)" for n in COUNTERS)
    sql = (
        f"SELECT {unit_columns}, {sums},"
        " SUM(CASE WHEN r.cur = 0 THEN r.finished - r.on_time ELSE 0 END)"
        f" FROM ({cells}) r JOIN {agency} a ON a.id = r.agency_id WHERE {agencies} GROUP BY 1, 2"
    )
    used = used_sql(period, "u.")
    used_where, used_params = unit_scope_sql(province, filters, "u.")
    used_query = (
        f"SELECT {unit_columns}, {used.counts} FROM {ProcedureDays._meta.db_table} u"
        f" JOIN {agency} a ON a.id = u.agency_id"
        f" WHERE {used_where} AND {used.years} AND {agencies} GROUP BY 1, 2"
    )
    out: dict[tuple[bool, int], dict] = {}
    n = len(COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [level, level, *current_params, *previous_params, province_code, *kinds]
        )
        for row in cursor.fetchall():
            out[(bool(row[0]), row[1])] = {
                "counters": dict(zip(COUNTERS, (int(v or 0) for v in row[2 : 2 + n]), strict=True)),
                "late_previous": int(row[2 + n] or 0),
                "online_used": 0,
                "fee_used": 0,
            }
        cursor.execute(
            used_query,
            [
                level,
                level,
                *used.counts_params,
                *used_params,
                *used.years_params,
                province_code,
                *kinds,
            ],
        )
        for row in cursor.fetchall():
            found = out.setdefault((bool(row[0]), row[1]), _no_sums())
            found["online_used"], found["fee_used"] = row[2] or 0, row[3] or 0
    return out


def _no_sums() -> dict:
    return {**_NO_SUMS, "counters": dict(_NO_SUMS["counters"])}


_NO_SUMS = {
    "counters": dict.fromkeys(COUNTERS, 0),
    "late_previous": 0,
    "online_used": 0,
    "fee_used": 0,
}


def rankings_for_province(
    *,
    province_code: str,
    period: Period,
    today: date,
    filters: Filters = Filters(),
    points: dict[str, Decimal] | None = None,
) -> dict[str, list[RankingRow]]:
    """Departments (provincial agencies) and communes, best score first; each row also carries
    its late count of the previous period for the alerts. Four queries (+ the weights): the
    agencies, one GROUP BY over the rollup cells, the open cells, the catalog."""
    return _rankings(
        province_code=province_code, period=period, today=today, filters=filters, points=points
    )[0]


def _rankings(
    *,
    province_code: str,
    period: Period,
    today: date,
    filters: Filters,
    points: dict[str, Decimal] | None,
) -> tuple[dict[str, list[RankingRow]], OpenCounts, Catalog]:
    """The rankings, and the whole province's open counts and catalog (sums of the same
    per-agency / per-kind rows, so the province page does not query them again)."""
    agencies = list(
        Agency.objects.filter(province_code=province_code)
        .exclude(kind__in=SERVICE_CENTER_KINDS)
        .select_related("admin_unit")
        .only("pk", "name", "kind", "level", "province_code", "admin_unit_id", "admin_unit__name")
    )
    points = points if points is not None else weights_current()
    scope = scope_q(Unit("province", province_code, "", province_code), filters)
    sums = _ranking_sums(province_code=province_code, period=period, filters=filters)
    open_rows = {
        row["agency_id"]: row
        for row in OpenRollup.objects.filter(scope)
        .values("agency_id")
        .annotate(**open_aggregates(today))
        .order_by()
    }
    catalog_q = Q(is_active=True)
    if filters.field_id:
        catalog_q &= Q(field_id=filters.field_id)
    if filters.procedure_id:
        catalog_q &= Q(pk=filters.procedure_id)
    by_kind = {
        row.pop("handling_agency_kind"): row
        for row in Procedure.objects.filter(catalog_q)
        .values("handling_agency_kind")
        .annotate(**catalog_aggregates())
        .order_by()
    }
    include_open = period.contains(today)
    feedback = feedback_counts_by_agency(
        province_code=province_code, period=period, filters=filters
    )
    members: dict[tuple[bool, int], list[Agency]] = defaultdict(list)
    for agency in agencies:
        if agency.level == AgencyLevel.PROVINCE:
            members[(True, agency.pk)].append(agency)
        else:
            members[(False, agency.admin_unit_id)].append(agency)
    result: dict[str, list[RankingRow]] = {"departments": [], "communes": []}
    for key, group in members.items():
        if key[0]:
            unit = unit_agency(agency=group[0])
        else:
            unit = Unit(
                "commune",
                str(group[0].admin_unit_id),
                group[0].admin_unit.name,
                province_code,
                tuple(a.pk for a in group),
                frozenset(a.kind for a in group),
            )
        found = sums.get(key, _NO_SUMS)
        ids = unit.agency_ids or ()
        open_counts = open_counts_from(_sum_dicts([open_rows[i] for i in ids if i in open_rows]))
        catalog = _sum_catalog([by_kind[k] for k in (unit.agency_kinds or ()) if k in by_kind])
        card = scorecard(
            c=found["counters"],
            open_counts=open_counts,
            catalog=catalog,
            online_procedures_used=found["online_used"],
            fee_procedures_used=found["fee_used"],
            points=points,
            include_open=include_open,
            feedback=sum_counts(feedback[i] for i in ids if i in feedback),
        )
        row = RankingRow(unit, found["counters"], open_counts, card, found["late_previous"])
        result["departments" if key[0] else "communes"].append(row)
    for rows in result.values():
        rows.sort(key=lambda r: (r.card.total is None, -(r.card.total or 0), r.unit.name))
    return (
        result,
        open_counts_from(_sum_dicts(list(open_rows.values()))),
        _sum_catalog(list(by_kind.values())),
    )


@dataclass
class ProvincePage:
    data: UnitIndicators
    rankings: dict[str, list[RankingRow]]
    trend: list["TrendPoint"]
    computed_at: datetime


def province_page_cached(
    *,
    unit: Unit,
    period: Period,
    today: date,
    filters: Filters = Filters(),
    points: dict[str, Decimal] | None = None,
) -> ProvincePage:
    """The province page's numbers (its 766 table, the rankings of its ~120 units, the trend)
    kept in Django's cache for RANKINGS_CACHE_SECONDS. The key holds the province's
    RollupStamp (bumped in the same transaction as every rollup change), so a new event is
    shown on the next request; the time-out only bounds what the key does not hold (names,
    catalog). One query on a hit; six on a miss (stamp, rollup cells, agencies, one GROUP BY
    for the rankings, open cells, catalog). Ranking rows keep their score and band, not their
    sub-indicators (nothing renders them)."""
    points = points if points is not None else weights_current()
    stamp = (
        RollupStamp.objects.filter(province_code=unit.province_code)
        .values_list("version", "changed_at")
        .first()
    )
    raw = repr(
        (
            unit.province_code,
            stamp,
            period.start,
            period.end,
            today,
            filters.field_id,
            filters.procedure_id,
            sorted(points.items()),
        )
    )
    key = "indicators:province:" + hashlib.sha256(raw.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    rankings, open_counts, catalog = _rankings(
        province_code=unit.province_code,
        period=period,
        today=today,
        filters=filters,
        points=points,
    )
    for rows in rankings.values():
        for row in rows:
            row.card = replace(row.card, subs=[], groups=[])
    data = indicators_for_unit(
        unit=unit,
        period=period,
        today=today,
        filters=filters,
        points=points,
        open_counts=open_counts,
        catalog=catalog,
    )
    trend = trend_by_month(unit=unit, end=period.end, filters=filters)
    page = ProvincePage(data, rankings, trend, timezone.now())
    cache.set(key, page, RANKINGS_CACHE_SECONDS)
    return page


def _sum_dicts(rows: list[dict]) -> dict:
    out: dict[str, int] = defaultdict(int)
    for row in rows:
        for k, v in row.items():
            if k != "agency_id":
                out[k] += v or 0
    return out


def _sum_catalog(rows: list[dict]) -> Catalog:
    return Catalog(
        **{k: sum(r[k] for r in rows) for k in ("total", "online", "full_online", "with_fee")}
    )


def alerts_from_rankings(rankings: dict[str, list[RankingRow]]) -> list[RankingRow]:
    """Units whose late count rose against the previous period, largest rise first."""
    rows = [r for rs in rankings.values() for r in rs if r.late > r.late_previous]
    return sorted(rows, key=lambda r: (-(r.late - r.late_previous), r.unit.name))


@dataclass
class TrendPoint:
    period: Period
    received: int
    resolved: int
    finished: int
    on_time: int
    received_online: int


def trend_by_month(
    *, unit: Unit, end: date, filters: Filters = Filters(), months: int = TREND_MONTHS
) -> list[TrendPoint]:
    """The last `months` months up to the month of `end` (one query)."""
    periods = months_back(end, months)
    rows = {
        row["month"]: row
        for row in MonthlyRollup.objects.filter(
            scope_q(unit, filters), month__gte=periods[0].start, month__lte=periods[-1].start
        )
        .values("month")
        .annotate(
            **{
                n: Sum(n)
                for n in ("received", "resolved", "finished", "on_time", "received_online")
            }
        )
        .order_by()
    }
    out = []
    for p in periods:
        row = rows.get(p.start, {})
        out.append(
            TrendPoint(
                p,
                *(
                    row.get(n) or 0
                    for n in ("received", "resolved", "finished", "on_time", "received_online")
                ),
            )
        )
    return out
