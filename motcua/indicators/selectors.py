"""Every read of indicators. Reads rollups only (never the dossiers): a dashboard for any unit,
field and period costs a handful of queries over at most a few thousand rollup rows.

Units: "province" (all agencies of a province), "agency" (one handling agency, e.g. a
department or a commune People's Committee), "commune" (every agency of one commune, ward or
special zone), "nation" (the hub: every province). Figures are attributed to the handling
agency, the one competent to decide (DOMAIN.md §10.5), also after transfers between levels.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import SERVICE_CENTER_KINDS, AgencyLevel
from motcua.agencies.models import Agency
from motcua.indicators.config import default_points
from motcua.indicators.contribution import COUNTERS, OpenKind
from motcua.indicators.models import DailyRollup, IndicatorWeight, MonthlyRollup, OpenRollup
from motcua.indicators.periods import Period, months_back, split_months
from motcua.indicators.scoring import Catalog, OpenCounts, Scorecard, scorecard
from motcua.procedures.constants import OnlineLevel
from motcua.procedures.models import Procedure

DUE_SOON_DAYS = 2
TREND_MONTHS = 12


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


def _scope(unit: Unit, filters: Filters) -> Q:
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


def _sums() -> dict:
    return {name: Sum(name) for name in COUNTERS}


def _grouped(scope: Q, period: Period, group_by: tuple[str, ...]) -> dict[tuple, dict[str, int]]:
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
        for row in qs.values(*group_by).annotate(**_sums()).order_by():
            key = tuple(row[g] for g in group_by)
            cell = out[key]
            for name in COUNTERS:
                cell[name] += row[name] or 0
    return out


def _open_aggregates(today: date) -> dict:
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


def _open_counts(row: dict) -> OpenCounts:
    values = {k: row.get(k) or 0 for k in ("open", "overdue", "due_soon", "late", "paused")}
    return OpenCounts(on_time=values["open"] - values["late"], **values)


def _catalog_filter(unit: Unit) -> Q:
    q = Q(is_active=True)
    if unit.agency_kinds is not None:
        q &= Q(handling_agency_kind__in=unit.agency_kinds)
    return q


def _catalog_aggregates() -> dict:
    online = Q(online_level__in=(OnlineLevel.FULL, OnlineLevel.PARTIAL))
    return {
        "total": Count("pk", distinct=True),
        "online": Count("pk", filter=online, distinct=True),
        "full_online": Count("pk", filter=Q(online_level=OnlineLevel.FULL), distinct=True),
        "with_fee": Count("pk", filter=Q(fees__amount_vnd__gt=0), distinct=True),
    }


def weights_current() -> dict[str, Decimal]:
    points = default_points()
    points.update(dict(IndicatorWeight.objects.values_list("code", "points")))
    return points


def _distinct_used(by_procedure: dict[tuple, dict[str, int]]) -> tuple[int, int]:
    online = {k[-1] for k, v in by_procedure.items() if v["received_online"]}
    fee = {k[-1] for k, v in by_procedure.items() if v["fee_dossiers"]}
    return len(online), len(fee)


def _total(cells) -> dict[str, int]:
    total = dict.fromkeys(COUNTERS, 0)
    for cell in cells:
        for name in COUNTERS:
            total[name] += cell[name]
    return total


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
    scope = _scope(unit, filters)
    by_procedure = _grouped(scope, period, ("procedure_id",))
    counters = _total(by_procedure.values())
    include_open = period.contains(today)
    open_row = OpenRollup.objects.filter(scope).aggregate(**_open_aggregates(today))
    catalog_q = _catalog_filter(unit)
    if filters.procedure_id:
        catalog_q &= Q(pk=filters.procedure_id)
    if filters.field_id:
        catalog_q &= Q(field_id=filters.field_id)
    catalog = Catalog(**Procedure.objects.filter(catalog_q).aggregate(**_catalog_aggregates()))
    online_used, fee_used = _distinct_used(by_procedure)
    open_counts = _open_counts(open_row)
    card = scorecard(
        c=counters,
        open_counts=open_counts,
        catalog=catalog,
        online_procedures_used=online_used,
        fee_procedures_used=fee_used,
        points=points if points is not None else weights_current(),
        include_open=include_open,
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


def rankings_for_province(
    *,
    province_code: str,
    period: Period,
    today: date,
    filters: Filters = Filters(),
    points: dict[str, Decimal] | None = None,
) -> dict[str, list[RankingRow]]:
    """Departments (provincial agencies) and communes, best score first; each row also carries
    its late count of the previous period for the alerts. Seven queries."""
    agencies = list(
        Agency.objects.filter(province_code=province_code)
        .exclude(kind__in=SERVICE_CENTER_KINDS)
        .select_related("admin_unit")
        .only("pk", "name", "kind", "level", "province_code", "admin_unit_id", "admin_unit__name")
    )
    points = points if points is not None else weights_current()
    scope = _scope(Unit("province", province_code, "", province_code), filters)
    current = _grouped(scope, period, ("agency_id", "procedure_id"))
    previous = _grouped(scope, period.previous(), ("agency_id",))
    open_rows = {
        row["agency_id"]: row
        for row in OpenRollup.objects.filter(scope)
        .values("agency_id")
        .annotate(**_open_aggregates(today))
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
        .annotate(**_catalog_aggregates())
        .order_by()
    }
    include_open = period.contains(today)
    units: dict[str, Unit] = {}
    members: dict[str, list[Agency]] = defaultdict(list)
    for agency in agencies:
        if agency.level == AgencyLevel.PROVINCE:
            units[f"a{agency.pk}"] = unit_agency(agency=agency)
            members[f"a{agency.pk}"].append(agency)
        else:
            key = f"c{agency.admin_unit_id}"
            members[key].append(agency)
    for key, group in members.items():
        if key.startswith("c"):
            units[key] = Unit(
                "commune",
                str(group[0].admin_unit_id),
                group[0].admin_unit.name,
                province_code,
                tuple(a.pk for a in group),
                frozenset(a.kind for a in group),
            )
    by_agency: dict[int, dict[tuple, dict[str, int]]] = defaultdict(dict)
    for k, v in current.items():
        by_agency[k[0]][k] = v
    result: dict[str, list[RankingRow]] = {"departments": [], "communes": []}
    for key, unit in units.items():
        ids = set(unit.agency_ids or ())
        cells = {k: v for i in ids for k, v in by_agency.get(i, {}).items()}
        counters = _total(cells.values())
        open_counts = _open_counts(_sum_dicts([open_rows[i] for i in ids if i in open_rows]))
        catalog = _sum_catalog([by_kind[k] for k in (unit.agency_kinds or ()) if k in by_kind])
        online_used, fee_used = _distinct_used(cells)
        card = scorecard(
            c=counters,
            open_counts=open_counts,
            catalog=catalog,
            online_procedures_used=online_used,
            fee_procedures_used=fee_used,
            points=points,
            include_open=include_open,
        )
        prev = _total([previous[(i,)] for i in ids if (i,) in previous])
        row = RankingRow(unit, counters, open_counts, card, prev["finished"] - prev["on_time"])
        result["departments" if key.startswith("a") else "communes"].append(row)
    for rows in result.values():
        rows.sort(key=lambda r: (r.card.total is None, -(r.card.total or 0), r.unit.name))
    return result


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
            _scope(unit, filters), month__gte=periods[0].start, month__lte=periods[-1].start
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


def provinces_ranking(
    *, period: Period, today: date, filters: Filters = Filters()
) -> list[RankingRow]:
    """The hub: provinces ranked by score, from the same rollups fed by the hub's ingest."""
    grouped = _grouped(
        _scope(Unit("nation", "", ""), filters), period, ("province_code", "procedure_id")
    )
    points = weights_current()
    catalog = Catalog(**Procedure.objects.filter(is_active=True).aggregate(**_catalog_aggregates()))
    open_rows = {
        row["province_code"]: row
        for row in OpenRollup.objects.values("province_code")
        .annotate(**_open_aggregates(today))
        .order_by()
    }
    names = dict(
        AdminUnit.objects.filter(code__in={k[0] for k in grouped}).values_list("code", "name")
    )
    rows = []
    for code in sorted({k[0] for k in grouped}):
        cells = {k: v for k, v in grouped.items() if k[0] == code}
        counters = _total(cells.values())
        open_row = dict(open_rows.get(code, {}))
        open_row.pop("province_code", None)
        open_counts = _open_counts(open_row)
        online_used, fee_used = _distinct_used(cells)
        card = scorecard(
            c=counters,
            open_counts=open_counts,
            catalog=catalog,
            online_procedures_used=online_used,
            fee_procedures_used=fee_used,
            points=points,
            include_open=period.contains(today),
        )
        rows.append(
            RankingRow(
                Unit("province", code, names.get(code, code), code), counters, open_counts, card
            )
        )
    rows.sort(key=lambda r: (r.card.total is None, -(r.card.total or 0), r.unit.name))
    return rows
