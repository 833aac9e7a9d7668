"""Every read of the hub's indicators: the hub rollups only (hub_models.py), never the
replicas (the drill-down list, which reads one page of them, is hub_drilldown.py).

Units on the hub: the nation, a province, an agency (by e-ID) and a commune (every known
agency of one commune: the hub names, levels and places agencies from its own `Agency`
table when it has them; an e-ID it does not know is shown as its own unit). The 766 scoring
is the province node's (`scoring.scorecard`); the catalog (3.1, 3.2, 3.5) is the hub's
procedure catalog, by agency kind where the agency is known. Group 5 (PAKN, ratings) comes
from the provinces' synced PAKN (hub_feedback.py), one more query per page.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from motcua.adminunits.models import AdminUnit
from motcua.agencies.constants import SERVICE_CENTER_KINDS, AgencyLevel
from motcua.agencies.models import Agency
from motcua.indicators.contribution import COUNTERS
from motcua.indicators.feedback_formulas import FeedbackCounts, sum_counts
from motcua.indicators.hub_feedback import hub_feedback_counts
from motcua.indicators.hub_models import (
    HubDailyRollup,
    HubDossierState,
    HubMonthlyRollup,
    HubOpenRollup,
    HubProvinceMark,
)
from motcua.indicators.periods import Period, months_back
from motcua.indicators.rollup_queries import (
    catalog_aggregates,
    cells_sql,
    open_aggregates,
    open_counts_from,
    procedure_time_unit,
)
from motcua.indicators.scoring import Catalog, OpenCounts, Scorecard, scorecard
from motcua.indicators.selectors import TREND_MONTHS, TrendPoint, weights_current
from motcua.procedures.models import Procedure

CACHE_SECONDS = 60
TREND_COLUMNS = ("received", "resolved", "finished", "on_time", "received_online")


@dataclass(frozen=True)
class HubScope:
    """Which hub rollup rows a number covers."""

    province_code: str = ""
    agency_eids: tuple[str, ...] | None = None
    field_code: str = ""
    procedure_code: str = ""

    def q(self) -> Q:
        q = Q()
        if self.province_code:
            q &= Q(province_code=self.province_code)
        if self.agency_eids is not None:
            q &= Q(agency_eid__in=self.agency_eids)
        if self.field_code:
            q &= Q(field_code=self.field_code)
        if self.procedure_code:
            q &= Q(procedure_code=self.procedure_code)
        return q

    def sql(self) -> tuple[str, list]:
        clauses, params = ["1 = 1"], []
        if self.province_code:
            clauses.append("province_code = %s")
            params.append(self.province_code)
        if self.agency_eids is not None:
            clauses.append(f"agency_eid IN ({', '.join(['%s'] * len(self.agency_eids)) or 'NULL'})")
            params += list(self.agency_eids)
        if self.field_code:
            clauses.append("field_code = %s")
            params.append(self.field_code)
        if self.procedure_code:
            clauses.append("procedure_code = %s")
            params.append(self.procedure_code)
        return " AND ".join(clauses), params


@dataclass
class HubRow:
    """One ranked unit (province, agency or commune) with its counters and scorecard."""

    kind: str  # nation | province | agency | commune
    key: str
    name: str
    agency_eids: tuple[str, ...] | None
    counters: dict[str, int]
    open: OpenCounts
    card: Scorecard
    late_previous: int = 0  # in the period before, of the same length (alerts)

    @property
    def late(self) -> int:
        return self.counters["finished"] - self.counters["on_time"]


@dataclass
class HubPage:
    total: HubRow
    rankings: dict[str, list[HubRow]]
    trend: list[TrendPoint]
    computed_at: datetime
    scope: HubScope = field(default_factory=HubScope)
    province_name: str = ""  # an agency's page: the province it is shown under


def _cells_sql(period: Period, where: str, params: list, columns: str) -> tuple[str, list]:
    """The hub rollup cells covering `period`: whole months, then edge days (UNION ALL)."""
    return cells_sql(
        period, where, params, columns=columns, monthly=HubMonthlyRollup, daily=HubDailyRollup
    )


def _sums(
    *, scope: HubScope, period: Period, group: tuple[str, ...], previous: bool = False
) -> dict[tuple, dict]:
    """Counters of `period` per group, and the distinct procedures used online / with fees
    (766 3.2, 3.5): one aggregate query. With `previous`, the same query also reads the cells
    of the period before (tagged `cur = 0`, UNION ALL) for the late count of the alerts; a
    group seen only there has `current` False."""
    where, params = scope.sql()
    columns = f"province_code, agency_eid, procedure_code, {', '.join(COUNTERS)}"
    cells, cell_params = _cells_sql(period, where, params, f"1 AS cur, {columns}")
    if previous:
        before, before_params = _cells_sql(period.previous(), where, params, f"0 AS cur, {columns}")
        cells, cell_params = f"{cells} UNION ALL {before}", cell_params + before_params
    heads = ", ".join(group) + ", " if group else ""
    sums = ", ".join(f"COALESCE(SUM(CASE WHEN cur = 1 THEN {n} END), 0)" for n in COUNTERS)
    used = (
        "COUNT(DISTINCT CASE WHEN cur = 1 AND received_online > 0 THEN procedure_code END),"
        " COUNT(DISTINCT CASE WHEN cur = 1 AND fee_dossiers > 0 THEN procedure_code END),"
        " COALESCE(SUM(CASE WHEN cur = 0 THEN finished - on_time END), 0), COALESCE(SUM(cur), 0)"
    )
    sql = f"SELECT {heads}{sums}, {used} FROM ({cells}) r"
    if group:
        sql += f" GROUP BY {', '.join(group)}"
    out = {}
    n = len(COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(sql, cell_params)
        for row in cursor.fetchall():
            key, values = tuple(row[: len(group)]), row[len(group) :]
            out[key] = {
                "counters": dict(zip(COUNTERS, (int(v or 0) for v in values[:n]), strict=True)),
                "online_used": int(values[n] or 0),
                "fee_used": int(values[n + 1] or 0),
                "late_previous": int(values[n + 2] or 0),
                "current": bool(values[n + 3]),
            }
    return out


_NO_SUMS = {
    "counters": dict.fromkeys(COUNTERS, 0),
    "online_used": 0,
    "fee_used": 0,
    "late_previous": 0,
    "current": False,
}


def _open(*, scope: HubScope, today: date, group: str) -> dict[str, dict]:
    return {
        row.pop(group): row
        for row in HubOpenRollup.objects.filter(scope.q())
        .values(group)
        .annotate(**open_aggregates(today))
        .order_by()
    }


def _add(rows: list[dict]) -> dict:
    out: dict[str, int] = defaultdict(int)
    for row in rows:
        for k, v in row.items():
            out[k] += v or 0
    return out


def _catalog_by_kind(scope: HubScope) -> dict[str, dict]:
    q = Q(is_active=True)
    if scope.procedure_code:
        q &= Q(code=scope.procedure_code)
    if scope.field_code:
        q &= Q(field__code=scope.field_code)
    return {
        row.pop("handling_agency_kind"): row
        for row in Procedure.objects.filter(q)
        .values("handling_agency_kind")
        .annotate(**catalog_aggregates())
        .order_by()
    }


def _catalog(by_kind: dict[str, dict], kinds=None) -> Catalog:
    rows = [v for k, v in by_kind.items() if kinds is None or k in kinds]
    return Catalog(
        **{k: sum(r[k] for r in rows) for k in ("total", "online", "full_online", "with_fee")}
    )


def _row(
    kind, key, name, eids, sums, open_row, catalog, points, period, today, feedback,
    time_unit=None,
) -> HubRow:  # fmt: skip
    open_counts = open_counts_from(open_row)
    card = scorecard(
        c=sums["counters"],
        open_counts=open_counts,
        catalog=catalog,
        online_procedures_used=sums["online_used"],
        fee_procedures_used=sums["fee_used"],
        points=points,
        include_open=period.contains(today),
        feedback=feedback,
        time_unit=time_unit,
    )
    return HubRow(
        kind, key, name, eids, sums["counters"], open_counts, card, sums.get("late_previous", 0)
    )


def _ranked(rows: list[HubRow]) -> list[HubRow]:
    rows.sort(key=lambda r: (r.card.total is None, -(r.card.total or 0), r.name))
    for row in rows:
        row.card = replace(row.card, subs=[], groups=[])  # nothing renders them in a ranking
    return rows


def trend_by_month(*, scope: HubScope, end: date, months: int = TREND_MONTHS) -> list[TrendPoint]:
    periods = months_back(end, months)
    rows = {
        row["month"]: row
        for row in HubMonthlyRollup.objects.filter(
            scope.q(), month__gte=periods[0].start, month__lte=periods[-1].start
        )
        .values("month")
        .annotate(**{n: Sum(n) for n in TREND_COLUMNS})
        .order_by()
    }
    return [
        TrendPoint(p, *((rows.get(p.start) or {}).get(n) or 0 for n in TREND_COLUMNS))
        for p in periods
    ]


def _cache_key(kind: str, scope: HubScope, period: Period, today: date, points) -> str:
    marks = list(HubProvinceMark.objects.order_by("pk").values_list("pk", "version"))
    raw = repr((kind, marks, scope, period, today, sorted(points.items())))
    return f"indicators:hub:{kind}:" + hashlib.sha256(raw.encode()).hexdigest()


def province_names(codes) -> dict[str, str]:
    return dict(AdminUnit.objects.filter(code__in=set(codes)).values_list("code", "name"))


def nation_page(*, period: Period, today: date, scope: HubScope = HubScope()) -> HubPage:
    """The nation's figures and the provinces ranked, cached until a province's hub rollups
    or PAKN change (the marks' versions are in the key). One query on a hit (+ the weights);
    eight on a miss: marks, per-province sums (with the previous period's late count, for the
    alerts), national sums, open cells, catalog, PAKN per province (+ the working calendar
    when there are any), names, trend."""
    points = weights_current()
    key = _cache_key("nation", scope, period, today, points)
    hit = cache.get(key)
    if hit is not None:
        return hit
    per_province = _sums(scope=scope, period=period, group=("province_code",), previous=True)
    nation = _sums(scope=scope, period=period, group=()).get((), _NO_SUMS)
    opens = _open(scope=scope, today=today, group="province_code")
    catalog = _catalog(_catalog_by_kind(scope))
    feedback = hub_feedback_counts(scope=scope, period=period, unit="province")
    codes = {k[0] for k, v in per_province.items() if v["current"]} | set(opens)
    names = province_names(codes)
    rows = [
        _row("province", code, names.get(code, code), None,
             per_province.get((code,), _NO_SUMS), opens.get(code, {}), catalog, points,
             period, today, feedback.get(code, FeedbackCounts()))
        for code in sorted(codes)
    ]  # fmt: skip
    total = _row(
        "nation", "", "Toàn quốc", None, nation, _add(list(opens.values())), catalog, points,
        period, today, sum_counts(feedback.values()),
        procedure_time_unit(code=scope.procedure_code),
    )  # fmt: skip
    page = HubPage(
        total,
        {"provinces": _ranked(rows)},
        trend_by_month(scope=scope, end=period.end),
        timezone.now(),
        scope,
    )
    cache.set(key, page, CACHE_SECONDS)
    return page


def province_known(*, province_code: str) -> bool:
    return (
        HubProvinceMark.objects.filter(pk=province_code).exists()
        or AdminUnit.objects.filter(code=province_code, parent__isnull=True).exists()
    )


def province_page(*, province_code: str, period: Period, today: date, scope: HubScope) -> HubPage:
    """One province on the hub: its figures and its agencies and communes ranked. Cached like
    the nation page; on a miss: marks, sums per agency and procedure (with the previous
    period's late count), open cells, agencies, catalog by kind, PAKN per agency (+ the
    working calendar when there are any), name, trend."""
    scope = replace(scope, province_code=province_code, agency_eids=None)
    points = weights_current()
    key = _cache_key("province", scope, period, today, points)
    hit = cache.get(key)
    if hit is not None:
        return hit
    cells = _sums(scope=scope, period=period, group=("agency_eid", "procedure_code"), previous=True)
    opens = _open(scope=scope, today=today, group="agency_eid")
    eids = {k[0] for k, v in cells.items() if v["current"]} | set(opens)
    # Units without activity are ranked too (without a score) when the hub knows them.
    agencies = {
        a.eid: a
        for a in Agency.objects.filter(Q(eid__in=eids) | Q(province_code=province_code))
        .select_related("admin_unit")
        .only("eid", "name", "kind", "level", "admin_unit_id", "admin_unit__name")
    }
    eids |= set(agencies)
    by_kind = _catalog_by_kind(scope)
    feedback = hub_feedback_counts(scope=scope, period=period, unit="agency")
    # Ranking units: a provincial agency (or an e-ID the hub does not know) alone; the
    # agencies of one commune together. Service centres receive, they do not decide.
    units: dict[tuple[str, str], list[str]] = defaultdict(list)
    for eid in sorted(eids):
        agency = agencies.get(eid)
        if agency is not None and agency.kind in SERVICE_CENTER_KINDS:
            continue
        if agency is not None and agency.level == AgencyLevel.COMMUNE:
            units[("commune", str(agency.admin_unit_id))].append(eid)
        else:
            units[("agency", eid)].append(eid)
    rankings: dict[str, list[HubRow]] = {"departments": [], "communes": []}
    for (kind, key_), members in units.items():
        first = agencies.get(members[0])
        name = (first.admin_unit.name if kind == "commune" else first.name) if first else members[0]
        kinds = {agencies[e].kind for e in members if e in agencies} or None
        sums = _merge({k: v for k, v in cells.items() if k[0] in members})
        rankings["departments" if kind == "agency" else "communes"].append(
            _row(kind, key_, name, tuple(members), sums,
                 _add([opens[e] for e in members if e in opens]),
                 _catalog(by_kind, kinds), points, period, today,
                 sum_counts(feedback[e] for e in members if e in feedback))
        )  # fmt: skip
    name = province_names([province_code]).get(province_code, province_code)
    total = _row(
        "province", province_code, name, None, _merge(cells),
        _add(list(opens.values())), _catalog(by_kind), points, period, today,
        sum_counts(feedback.values()), procedure_time_unit(code=scope.procedure_code),
    )  # fmt: skip
    page = HubPage(
        total,
        {k: _ranked(v) for k, v in rankings.items()},
        trend_by_month(scope=scope, end=period.end),
        timezone.now(),
        scope,
    )
    cache.set(key, page, CACHE_SECONDS)
    return page


def _merge(cells: dict[tuple[str, str], dict]) -> dict:
    """Sum `_sums` rows keyed by (agency e-ID, procedure code); the procedures used online /
    with fees (766 3.2, 3.5) are counted once each, whichever agencies used them."""
    counters = dict.fromkeys(COUNTERS, 0)
    online, fee, late_previous = set(), set(), 0
    for (_agency, procedure), row in cells.items():
        for n in COUNTERS:
            counters[n] += row["counters"][n]
        if row["counters"]["received_online"] > 0:
            online.add(procedure)
        if row["counters"]["fee_dossiers"] > 0:
            fee.add(procedure)
        late_previous += row["late_previous"]
    return {
        "counters": counters,
        "online_used": len(online),
        "fee_used": len(fee),
        "late_previous": late_previous,
    }


def alerts_from_rankings(rankings: dict[str, list[HubRow]]) -> list[HubRow]:
    """Units whose late count rose against the previous period, largest rise first."""
    rows = [r for rs in rankings.values() for r in rs if r.late > r.late_previous]
    return sorted(rows, key=lambda r: (-(r.late - r.late_previous), r.name))


# --- one agency ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubAgency:
    eid: str
    name: str
    kind: str | None  # None: an e-ID the hub does not know as `Agency`


def hub_agency_get(*, province_code: str, eid: str) -> HubAgency | None:
    """An agency of the province as the hub ranks it: a known `Agency` of that province, or an
    e-ID the province's replicas name as handling agency (shown by its e-ID when unknown).
    None for anything else. One query, two when the agency is not the province's own."""
    agency = Agency.objects.filter(eid=eid).only("eid", "name", "kind", "province_code").first()
    if agency is not None and agency.province_code == province_code:
        return HubAgency(eid, agency.name, agency.kind)
    if not HubDossierState.objects.filter(province_code=province_code, agency_eid=eid).exists():
        return None
    return HubAgency(eid, agency.name, agency.kind) if agency else HubAgency(eid, eid, None)


def agency_page(
    *, province_code: str, agency: HubAgency, period: Period, today: date, scope: HubScope
) -> HubPage:
    """One agency on the hub: its figures (and the previous period's late count), its 766
    table and its trend; the same numbers as its row on the province page. Cached like the
    other pages; on a miss: marks, sums, open cells, catalog by kind, PAKN (+ the working
    calendar when there are any), province name, trend."""
    scope = replace(scope, province_code=province_code, agency_eids=(agency.eid,))
    points = weights_current()
    key = _cache_key("agency", scope, period, today, points)
    hit = cache.get(key)
    if hit is not None:
        return hit
    sums = _sums(scope=scope, period=period, group=(), previous=True).get((), _NO_SUMS)
    opens = _open(scope=scope, today=today, group="agency_eid")
    catalog = _catalog(_catalog_by_kind(scope), {agency.kind} if agency.kind else None)
    feedback = hub_feedback_counts(scope=scope, period=period).get("", FeedbackCounts())
    total = _row(
        "agency", agency.eid, agency.name, (agency.eid,), sums, opens.get(agency.eid, {}),
        catalog, points, period, today, feedback, procedure_time_unit(code=scope.procedure_code),
    )  # fmt: skip
    page = HubPage(
        total,
        {},
        trend_by_month(scope=scope, end=period.end),
        timezone.now(),
        scope,
        province_names([province_code]).get(province_code, province_code),
    )
    cache.set(key, page, CACHE_SECONDS)
    return page
