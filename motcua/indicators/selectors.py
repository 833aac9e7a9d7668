"""Every read of indicators. Reads rollups only (never the dossiers): a dashboard for any unit,
field and period costs a handful of queries over at most a few thousand rollup rows.

Units: "province" (all agencies of a province), "agency" (one handling agency, e.g. a
department or a commune People's Committee), "commune" (every agency of one commune, ward or
special zone), "nation" (the hub: every province). Figures are attributed to the handling
agency, the one competent to decide (DOMAIN.md §10.5), also after transfers between levels.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from motcua.adminunits.models import AdminUnit
from motcua.agencies.models import Agency
from motcua.indicators.config import default_points
from motcua.indicators.contribution import COUNTERS
from motcua.indicators.feedback_figures import feedback_counts_for_unit
from motcua.indicators.models import (
    IndicatorWeight,
    MonthlyRollup,
    OpenRollup,
    RollupStamp,
)
from motcua.indicators.periods import Period, months_back
from motcua.indicators.rankings import RankingRow, province_rankings
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
    used_counts,
)
from motcua.indicators.scoring import Catalog, OpenCounts, Scorecard, UnitSums, scorecard
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
) -> UnitIndicators:
    """All indicators, the 766 group scores and the band of one unit for one period."""
    counters, online_used, fee_used = _unit_totals(unit, period, filters)
    open_counts = open_counts_from(
        OpenRollup.objects.filter(scope_q(unit, filters)).aggregate(**open_aggregates(today))
    )
    catalog_q = catalog_filter(unit)
    if filters.procedure_id:
        catalog_q &= Q(pk=filters.procedure_id)
    if filters.field_id:
        catalog_q &= Q(field_id=filters.field_id)
    catalog = Catalog(**Procedure.objects.filter(catalog_q).aggregate(**catalog_aggregates()))
    feedback = feedback_counts_for_unit(unit=unit, period=period, filters=filters)
    sums = UnitSums(counters, online_used, fee_used, open_counts, catalog, feedback)
    time_unit = procedure_time_unit(procedure_id=filters.procedure_id)
    return _indicators(
        unit=unit, period=period, today=today, sums=sums, points=points, time_unit=time_unit
    )


def _indicators(
    *,
    unit: Unit,
    period: Period,
    today: date,
    sums: UnitSums,
    points: dict[str, Decimal] | None,
    time_unit: str | None = None,
) -> UnitIndicators:
    include_open = period.contains(today)
    card = scorecard(
        c=sums.counters,
        open_counts=sums.open,
        catalog=sums.catalog,
        online_procedures_used=sums.online_used,
        fee_procedures_used=sums.fee_used,
        points=points if points is not None else weights_current(),
        include_open=include_open,
        feedback=sums.feedback,
        time_unit=time_unit,
    )
    return UnitIndicators(unit, period, sums.counters, sums.open, sums.catalog, card, include_open)


def rankings_for_province(
    *,
    province_code: str,
    period: Period,
    today: date,
    filters: Filters = Filters(),
    points: dict[str, Decimal] | None = None,
) -> dict[str, list[RankingRow]]:
    """Departments (provincial agencies) and communes, best score first; each row also carries
    its late count of the previous period for the alerts. Six queries (+ the weights, and the
    working calendar when there are PAKN): the agencies, the rollup cells and the procedures
    used (two GROUP BYs), the open cells, the catalog, the PAKN."""
    return province_rankings(
        province_code=province_code,
        period=period,
        today=today,
        filters=filters,
        points=points if points is not None else weights_current(),
    )[0]


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
    catalog). One query on a hit; on a miss the stamp, the rankings' queries (the province's
    own figures are their sums) and the trend. Ranking rows keep their score and band, not
    their sub-indicators (nothing renders them)."""
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
    rankings, sums = province_rankings(
        province_code=unit.province_code,
        period=period,
        today=today,
        filters=filters,
        points=points,
    )
    time_unit = procedure_time_unit(procedure_id=filters.procedure_id)
    data = _indicators(
        unit=unit, period=period, today=today, sums=sums, points=points, time_unit=time_unit
    )
    trend = trend_by_month(unit=unit, end=period.end, filters=filters)
    page = ProvincePage(data, rankings, trend, timezone.now())
    cache.set(key, page, RANKINGS_CACHE_SECONDS)
    return page


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


TREND_COUNTERS = ("received", "resolved", "finished", "on_time", "received_online")


def trend_by_month(
    *, unit: Unit, end: date, filters: Filters = Filters(), months: int = TREND_MONTHS
) -> list[TrendPoint]:
    """The last `months` months up to the month of `end` (one query)."""
    periods = months_back(end, months)
    where, params = scope_sql(unit, filters)
    adapt = connection.ops.adapt_datefield_value
    sums = ", ".join(f"SUM({n})" for n in TREND_COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT month, {sums} FROM {MonthlyRollup._meta.db_table}"
            f" WHERE {where} AND month >= %s AND month <= %s GROUP BY month",
            [*params, adapt(periods[0].start), adapt(periods[-1].start)],
        )
        rows = {str(row[0])[:10]: row[1:] for row in cursor.fetchall()}  # a date, or its text
    empty = (0,) * len(TREND_COUNTERS)
    return [
        TrendPoint(p, *(int(v or 0) for v in rows.get(p.start.isoformat(), empty))) for p in periods
    ]
