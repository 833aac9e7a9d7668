"""The hub's pages (ministry): the nation, one province, one agency, the replicas behind a
number, and the nation/province/agency views as .xlsx and PDF. Parse GET, ask the gate and
hub_selectors, render."""

import re
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.dossiers.constants import Channel, DossierStatus
from motcua.indicators import hub_exports
from motcua.indicators.charts import trend_svg
from motcua.indicators.formulas import ratio
from motcua.indicators.hub_access import hub_serves_indicators, hub_viewer
from motcua.indicators.hub_drilldown import METRICS, dossier_states, replicas_for_states
from motcua.indicators.hub_selectors import (
    HubPage,
    HubRow,
    HubScope,
    agency_page,
    alerts_from_rankings,
    hub_agency_get,
    nation_page,
    province_known,
    province_names,
    province_page,
)
from motcua.indicators.periods import Period, period_parse

CODE = re.compile(r"^[0-9A-Za-z._-]{1,64}$")
NUMBER = re.compile(r"^[0-9]{1,4}$")
PAGE_SIZE = 50
PERIOD_KINDS = [("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm"), ("custom", "Tùy chọn")]
# Bounds of the period parameters: anything else is a bad request (400), not a silent fallback.
PERIOD_NUMBERS = (("year", 1900, 2999), ("month", 1, 12), ("quarter", 1, 4))


class BadInput(Exception):
    pass


def _code(request: HttpRequest, name: str) -> str:
    value = (request.GET.get(name) or "").strip()
    if value and not CODE.match(value):
        raise BadInput(name)
    return value


def _period(request: HttpRequest, today: date) -> Period:
    params = request.GET
    kind = params.get("period") or "month"
    if kind not in dict(PERIOD_KINDS):
        raise BadInput("period")
    for name, low, high in PERIOD_NUMBERS:
        value = (params.get(name) or "").strip()
        if value and not (NUMBER.match(value) and low <= int(value) <= high):
            raise BadInput(name)
    if kind == "custom":
        for name in ("from", "to"):
            try:
                day = date.fromisoformat(params.get(name) or "")
            except ValueError:
                raise BadInput(name) from None
            if not PERIOD_NUMBERS[0][1] <= day.year <= PERIOD_NUMBERS[0][2]:
                raise BadInput(name)
    return period_parse(params, today=today)


def _bad_request(request: HttpRequest, name: str) -> HttpResponse:
    message = _("Tham số «%(name)s» không hợp lệ.") % {"name": name}
    return render(request, "indicators/hub/bad_request.html", {"message": message}, status=400)


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "indicators/hub/not_found.html", {"message": message}, status=404)


def _gate(request: HttpRequest) -> HttpResponse | None:
    if not hub_serves_indicators():
        raise Http404(_("Không tìm thấy trang."))
    if not hub_viewer(user=request.user):
        return render(request, "indicators/hub/forbidden.html", {}, status=403)
    return None


def dossiers_url(*, metric: str, period: Period | None, scope: HubScope) -> str:
    """The replicas behind a number: the drill-down list, behind the same gate."""
    params: list[tuple[str, str]] = [("metric", metric)]
    if period is not None:
        params += list(period.query().items())
    if scope.province_code:
        params.append(("province", scope.province_code))
    params += [("agency", e) for e in scope.agency_eids or ()]
    if scope.field_code:
        params.append(("field", scope.field_code))
    if scope.procedure_code:
        params.append(("procedure", scope.procedure_code))
    return reverse("indicators:hub_dossiers") + "?" + urlencode(params)


def _headline(page: HubPage, period: Period) -> list[tuple[str, int, str]]:
    c, o, scope = page.total.counters, page.total.open, page.scope
    closed = [
        (_("Hồ sơ tiếp nhận"), c["received"], "received"),
        (_("Đã giải quyết"), c["resolved"], "resolved"),
        (_("Đúng hạn, trước hạn"), c["on_time"], "on_time"),
        (_("Trễ hạn"), c["finished"] - c["on_time"], "late"),
        (_("Nộp trực tuyến"), c["received_online"], "received_online"),
        (_("Từ chối tiếp nhận"), c["refused"], "refused"),
        (_("Dừng xử lý, rút hồ sơ"), c["stopped"], "stopped"),
    ]
    still_open = [
        (_("Đang giải quyết"), o.open, "open"),
        (_("Sắp đến hạn"), o.due_soon, "due_soon"),
        (_("Quá hạn hiện tại"), o.overdue, "overdue"),
        (_("Chờ công dân bổ sung"), o.paused, "paused"),
    ]
    return [
        (label, value, dossiers_url(metric=m, period=period, scope=scope))
        for label, value, m in closed
    ] + [
        (label, value, dossiers_url(metric=m, period=None, scope=scope))
        for label, value, m in still_open
    ]


def _row_scope(row: HubRow, base: HubScope) -> HubScope:
    """The rollup rows of one ranked unit, under the page's filters."""
    return HubScope(
        province_code=row.key if row.kind == "province" else base.province_code,
        agency_eids=row.agency_eids,
        field_code=base.field_code,
        procedure_code=base.procedure_code,
    )


def _ranking_rows(rows, *, period: Period, base: HubScope, unit_href) -> list[tuple]:
    """Ranking tables as ready strings and links (one plain loop in the template)."""
    out = []
    for index, row in enumerate(rows, 1):
        scope = _row_scope(row, base)
        numbers = [
            (intcomma(value), dossiers_url(metric=metric, period=p, scope=scope), value)
            for value, metric, p in (
                (row.counters["received"], "received", period),
                (row.counters["on_time"], "on_time", period),
                (row.late, "late", period),
                (row.open.overdue, "overdue", None),
            )
        ]
        score = formats.localize(row.card.total) if row.card.total is not None else "—"
        out.append(
            (
                row.card.band_key,
                str(index),
                row.name,
                unit_href(row),
                score,
                str(row.card.band_label),
                numbers,
            )
        )
    return out


def _alert_rows(rows: list[HubRow], *, period: Period, base: HubScope, unit_href) -> list[tuple]:
    """Units whose late count rose (hub_selectors.alerts_from_rankings) as ready strings and
    links: the late counts of the previous and of this period, each to the replicas behind it,
    the rise, and the currently overdue (text, link, value; the rise: text, value)."""
    before = period.previous()
    out = []
    for row in rows:
        scope = _row_scope(row, base)
        rise = row.late - row.late_previous
        previous, now, overdue = (
            (intcomma(value), dossiers_url(metric=metric, period=p, scope=scope), value)
            for value, metric, p in (
                (row.late_previous, "late", before),
                (row.late, "late", period),
                (row.open.overdue, "overdue", None),
            )
        )
        out.append((row.name, unit_href(row), previous, now, ("+" + intcomma(rise), rise), overdue))
    return out


def _parse(request: HttpRequest):
    today = timezone.localdate()
    period = _period(request, today)
    scope = HubScope(field_code=_code(request, "field"), procedure_code=_code(request, "procedure"))
    return today, period, scope


def _context(page: HubPage, *, period: Period, today, request: HttpRequest, title: str) -> dict:
    c = page.total.counters
    query = request.GET.copy()
    query.pop("format", None)
    filters = [("field", page.scope.field_code), ("procedure", page.scope.procedure_code)]
    return {
        "page": page,
        "unit": page.total,
        "card": page.total.card,
        "title": title,
        "period": period,
        "previous_period": period.previous(),
        "today": today,
        "headline": _headline(page, period),
        "on_time_ratio": ratio(c["on_time"], c["finished"]),
        "online_ratio": ratio(c["received_online"], c["received"]),
        "trend": page.trend,
        "trend_svg": trend_svg(page.trend),
        "query": query.urlencode(),
        "period_query": urlencode(period.query()),
        # the period and filters, for the links to another hub page
        "unit_query": urlencode([*period.query().items(), *((k, v) for k, v in filters if v)]),
        "period_kinds": PERIOD_KINDS,
        "quarter": (period.start.month - 1) // 3 + 1,
        "scope": page.scope,
        "rankings": [],
        "alerts": [],
    }


def _respond(request: HttpRequest, context: dict, template: str) -> HttpResponse:
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return hub_exports.xlsx_response(context)
    if fmt == "pdf":
        return hub_exports.pdf_response(context, request=request)
    return render(request, template, context)


@login_required
def nation(request: HttpRequest) -> HttpResponse:
    refused = _gate(request)
    if refused is not None:
        return refused
    try:
        today, period, scope = _parse(request)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    page = nation_page(period=period, today=today, scope=scope)
    context = _context(page, period=period, today=today, request=request, title=_("Toàn quốc"))

    def province_href(row: HubRow) -> str:
        url = reverse("indicators:hub_province", args=[row.key])
        return f"{url}?{context['unit_query']}"

    context["rankings"] = [
        (
            _("Xếp hạng tỉnh, thành phố"),
            _ranking_rows(
                page.rankings["provinces"], period=period, base=scope, unit_href=province_href
            ),
        )
    ]
    context["alerts"] = _alert_rows(
        alerts_from_rankings(page.rankings), period=period, base=scope, unit_href=province_href
    )
    return _respond(request, context, "indicators/hub/nation.html")


@login_required
def province(request: HttpRequest, province_code: str) -> HttpResponse:
    refused = _gate(request)
    if refused is not None:
        return refused
    if not province_code.isdigit() or not province_known(province_code=province_code):
        return _not_found(request, _("Không tìm thấy tỉnh."))
    try:
        today, period, scope = _parse(request)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    page = province_page(province_code=province_code, period=period, today=today, scope=scope)
    context = _context(page, period=period, today=today, request=request, title=page.total.name)

    def agency_href(row: HubRow) -> str:
        """A ranked unit that is a single agency has its own page."""
        if row.agency_eids is None or len(row.agency_eids) != 1:
            return ""
        url = reverse("indicators:hub_agency", args=[province_code, row.agency_eids[0]])
        return f"{url}?{context['unit_query']}"

    context["rankings"] = [
        (
            _("Xếp hạng sở, ban, ngành"),
            _ranking_rows(
                page.rankings["departments"], period=period, base=page.scope, unit_href=agency_href
            ),
        ),
        (
            _("Xếp hạng xã, phường, đặc khu"),
            _ranking_rows(
                page.rankings["communes"], period=period, base=page.scope, unit_href=agency_href
            ),
        ),
    ]
    context["alerts"] = _alert_rows(
        alerts_from_rankings(page.rankings), period=period, base=page.scope, unit_href=agency_href
    )
    return _respond(request, context, "indicators/hub/nation.html")


@login_required
def agency(request: HttpRequest, province_code: str, eid: str) -> HttpResponse:
    """One agency of a province on the hub (a department, a commune's committee, or an e-ID
    the hub knows only from the replicas): its figures, 766 table, trend and alert."""
    refused = _gate(request)
    if refused is not None:
        return refused
    if not province_code.isdigit() or not province_known(province_code=province_code):
        return _not_found(request, _("Không tìm thấy tỉnh."))
    found = hub_agency_get(province_code=province_code, eid=eid) if CODE.match(eid) else None
    if found is None:
        return _not_found(request, _("Không tìm thấy cơ quan."))
    try:
        today, period, scope = _parse(request)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    page = agency_page(
        province_code=province_code, agency=found, period=period, today=today, scope=scope
    )
    context = _context(page, period=period, today=today, request=request, title=page.total.name)
    url = reverse("indicators:hub_province", args=[province_code])
    context["province_link"] = (page.province_name, f"{url}?{context['unit_query']}")
    context["alerts"] = _alert_rows(
        alerts_from_rankings({"agency": [page.total]}),
        period=period,
        base=page.scope,
        unit_href=lambda row: "",
    )
    return _respond(request, context, "indicators/hub/nation.html")


METRIC_LABELS = {
    "received": _lazy("Hồ sơ tiếp nhận"),
    "received_online": _lazy("Nộp trực tuyến"),
    "finished": _lazy("Kết thúc xử lý"),
    "resolved": _lazy("Đã giải quyết"),
    "on_time": _lazy("Đúng hạn, trước hạn"),
    "late": _lazy("Trễ hạn"),
    "refused": _lazy("Từ chối tiếp nhận"),
    "stopped": _lazy("Dừng xử lý, rút hồ sơ"),
    "open": _lazy("Đang giải quyết"),
    "overdue": _lazy("Quá hạn hiện tại"),
    "due_soon": _lazy("Sắp đến hạn"),
    "paused": _lazy("Chờ công dân bổ sung"),
}


@login_required
def dossiers(request: HttpRequest) -> HttpResponse:
    """The replicas behind one number, 50 a page: four queries after the gate (count, page of
    states, their replicas, the province names)."""
    refused = _gate(request)
    if refused is not None:
        return refused
    metric = request.GET.get("metric") or "received"
    try:
        if metric not in METRICS:
            raise BadInput("metric")
        today, period, scope = _parse(request)
        province_code = _code(request, "province")
        eids = tuple(request.GET.getlist("agency"))
        if any(not CODE.match(e) for e in eids):
            raise BadInput("agency")
    except BadInput as exc:
        return _bad_request(request, str(exc))
    scope = HubScope(province_code, eids or None, scope.field_code, scope.procedure_code)
    states = dossier_states(metric=metric, scope=scope, period=period, today=today)
    paginator = Paginator(states, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    replicas = replicas_for_states(list(page.object_list))
    names = province_names({r.province for r in replicas})
    statuses, channels = dict(DossierStatus.choices), dict(Channel.choices)
    rows = [
        (
            names.get(r.province, r.province),
            r.code,
            r.procedure_code,
            r.handling_agency,
            str(channels.get(r.channel, r.channel)),
            str(statuses.get(r.status, r.status)),
            r.received_at,
            r.due_at,
            r.finished_at,
        )
        for r in replicas
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "indicators/hub/dossiers.html",
        {
            "metric_label": METRIC_LABELS[metric],
            "open_metric": METRICS[metric] is None,
            "period": period,
            "scope": scope,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "today": today,
        },
    )
