"""The hub's pages (ministry): the nation, one province, the replicas behind a number, and the
nation/province views as .xlsx and PDF. Parse GET, ask the gate and hub_selectors, render."""

import re
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
from motcua.indicators.hub_selectors import (
    METRICS,
    HubPage,
    HubScope,
    dossier_states,
    nation_page,
    province_known,
    province_names,
    province_page,
    replicas_for_states,
)
from motcua.indicators.periods import Period, period_parse

CODE = re.compile(r"^[0-9A-Za-z._-]{1,64}$")
PAGE_SIZE = 50
PERIOD_KINDS = [("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm"), ("custom", "Tùy chọn")]


class BadInput(Exception):
    pass


def _code(request: HttpRequest, name: str) -> str:
    value = (request.GET.get(name) or "").strip()
    if value and not CODE.match(value):
        raise BadInput(name)
    return value


def _bad_request(request: HttpRequest, name: str) -> HttpResponse:
    message = _("Tham số «%(name)s» không hợp lệ.") % {"name": name}
    return render(request, "indicators/hub/bad_request.html", {"message": message}, status=400)


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


def _ranking_rows(rows, *, period: Period, base: HubScope, unit_href) -> list[tuple]:
    """Ranking tables as ready strings and links (one plain loop in the template)."""
    out = []
    for index, row in enumerate(rows, 1):
        scope = HubScope(
            province_code=row.key if row.kind == "province" else base.province_code,
            agency_eids=row.agency_eids,
            field_code=base.field_code,
            procedure_code=base.procedure_code,
        )
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


def _parse(request: HttpRequest):
    today = timezone.localdate()
    period = period_parse(request.GET, today=today)
    scope = HubScope(field_code=_code(request, "field"), procedure_code=_code(request, "procedure"))
    return today, period, scope


def _context(page: HubPage, *, period: Period, today, request: HttpRequest, title: str) -> dict:
    c = page.total.counters
    query = request.GET.copy()
    query.pop("format", None)
    return {
        "page": page,
        "unit": page.total,
        "card": page.total.card,
        "title": title,
        "period": period,
        "today": today,
        "headline": _headline(page, period),
        "on_time_ratio": ratio(c["on_time"], c["finished"]),
        "online_ratio": ratio(c["received_online"], c["received"]),
        "trend": page.trend,
        "trend_svg": trend_svg(page.trend),
        "query": query.urlencode(),
        "period_query": urlencode(period.query()),
        "period_kinds": PERIOD_KINDS,
        "quarter": (period.start.month - 1) // 3 + 1,
        "scope": page.scope,
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
    filters = urlencode(
        {k: v for k, v in (("field", scope.field_code), ("procedure", scope.procedure_code)) if v}
    )

    def province_href(row) -> str:
        url = reverse("indicators:hub_province", args=[row.key])
        return f"{url}?{context['period_query']}" + (f"&{filters}" if filters else "")

    context["rankings"] = [
        (
            _("Xếp hạng tỉnh, thành phố"),
            _ranking_rows(
                page.rankings["provinces"], period=period, base=scope, unit_href=province_href
            ),
        )
    ]
    return _respond(request, context, "indicators/hub/nation.html")


@login_required
def province(request: HttpRequest, province_code: str) -> HttpResponse:
    refused = _gate(request)
    if refused is not None:
        return refused
    if not province_code.isdigit() or not province_known(province_code=province_code):
        raise Http404(_("Không tìm thấy tỉnh."))
    try:
        today, period, scope = _parse(request)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    page = province_page(province_code=province_code, period=period, today=today, scope=scope)
    context = _context(page, period=period, today=today, request=request, title=page.total.name)
    context["rankings"] = [
        (
            _("Xếp hạng sở, ban, ngành"),
            _ranking_rows(
                page.rankings["departments"],
                period=period,
                base=page.scope,
                unit_href=lambda row: "",
            ),
        ),
        (
            _("Xếp hạng xã, phường, đặc khu"),
            _ranking_rows(
                page.rankings["communes"], period=period, base=page.scope, unit_href=lambda row: ""
            ),
        ),
    ]
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
