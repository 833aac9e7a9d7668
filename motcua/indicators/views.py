"""Dashboard pages and exports: parse GET, ask the gate and the selectors, render."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from motcua.indicators import exports
from motcua.indicators.access import dashboard_scope, unit_for_user
from motcua.indicators.charts import trend_svg
from motcua.indicators.formulas import ratio
from motcua.indicators.periods import Period, period_parse
from motcua.indicators.rollup_queries import Filters, Unit
from motcua.indicators.selectors import (
    alerts_from_rankings,
    indicators_for_unit,
    province_page_cached,
    trend_by_month,
    weights_current,
)
from motcua.procedures.models import Field, Procedure

PERIOD_KINDS = [("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm"), ("custom", "Tùy chọn")]


def inbox_url(
    *,
    period: Period | None = None,
    by: str = "accepted",
    unit: Unit | None = None,
    field: str = "",
    procedure: str = "",
    **extra,
) -> str:
    """The workspace inbox filtered to the dossiers behind a number (its own access gate):
    the handling agency or commune, and the period on the day the number counts by — the
    reception day (`by="accepted"`: received by the agency, not merely submitted) or the
    end-of-processing day (`by="finished"`)."""
    params: dict = {}
    if period is not None:
        params[f"{by}_from"], params[f"{by}_to"] = period.start.isoformat(), period.end.isoformat()
        params["scope"] = "all"
    if unit is not None and unit.kind == "agency":
        params["agency"] = unit.key
    if unit is not None and unit.kind == "commune":
        params["commune"] = unit.key
    params.update(field=field, procedure=procedure, **extra)
    return reverse("dossiers:inbox") + "?" + urlencode({k: v for k, v in params.items() if v})


def _score_text(total) -> str:
    return formats.localize(total) if total is not None else "—"


def ranking_display(
    rankings: dict, *, link_units: bool, period_query: str
) -> dict[str, list[tuple[str, ...]]]:
    """The ranking tables as ready strings (one plain loop in the template: no per-row
    includes, lookups or number localisation for ~120 rows)."""
    out = {}
    for name, rows in rankings.items():
        table = []
        for index, row in enumerate(rows, 1):
            unit = row.unit
            prefix = "agency:" if unit.kind == "agency" else "commune:"
            href = f"?{period_query}&unit={prefix}{unit.key}" if link_units else ""
            table.append(
                (
                    row.card.band_key,
                    str(index),
                    unit.name,
                    href,
                    _score_text(row.card.total),
                    str(row.card.band_label),
                    str(row.counters["received"]),
                    str(row.counters["on_time"]),
                    str(row.late),
                    str(row.open.overdue),
                )
            )
        out[name] = table
    return out


def alerts_display(alerts: list) -> list[tuple[str, ...]]:
    return [
        (r.unit.name, intcomma(r.late_previous), intcomma(r.late), intcomma(r.open.overdue))
        for r in alerts
    ]


@dataclass
class Request:
    period: Period
    filters: Filters
    field_code: str
    procedure_code: str


def _parse(request: HttpRequest, today) -> Request:
    period = period_parse(request.GET, today=today)
    field_code = (request.GET.get("field") or "").strip()
    procedure_code = (request.GET.get("procedure") or "").strip()
    field_id = (
        Field.objects.filter(code=field_code).values_list("pk", flat=True).first()
        if field_code
        else None
    )
    procedure_id = (
        Procedure.objects.filter(code=procedure_code).values_list("pk", flat=True).first()
        if procedure_code
        else None
    )
    return Request(
        period,
        Filters(field_id, procedure_id),
        field_code if field_id else "",
        procedure_code if procedure_id else "",
    )


def dashboard_context(request: HttpRequest, *, unit: Unit, parsed: Request, today) -> dict:
    points = weights_current()
    rankings = {"departments": [], "communes": []}
    rankings_at = None
    if unit.kind == "province":
        page = province_page_cached(
            unit=unit, period=parsed.period, today=today, filters=parsed.filters, points=points
        )
        data, trend, rankings, rankings_at = page.data, page.trend, page.rankings, page.computed_at
    else:
        data = indicators_for_unit(
            unit=unit, period=parsed.period, today=today, filters=parsed.filters, points=points
        )
        trend = trend_by_month(unit=unit, end=parsed.period.end, filters=parsed.filters)
    link = {"unit": unit, "field": parsed.field_code, "procedure": parsed.procedure_code}
    c, o = data.counters, data.open
    period = parsed.period
    headline = [
        (_("Hồ sơ tiếp nhận"), c["received"], inbox_url(period=period, **link)),
        (_("Đã giải quyết"), c["resolved"], inbox_url(period=period, by="finished", **link)),
        (
            _("Đúng hạn, trước hạn"),
            c["on_time"],
            inbox_url(period=period, by="finished", **link),
        ),
        (
            _("Trễ hạn"),
            c["finished"] - c["on_time"],
            inbox_url(period=period, by="finished", **link),
        ),
        (_("Đang giải quyết"), o.open, inbox_url(**link)),
        (_("Sắp đến hạn"), o.due_soon, inbox_url(due_soon=1, **link)),
        (_("Quá hạn hiện tại"), o.overdue, inbox_url(overdue=1, **link)),
        (_("Chờ công dân bổ sung"), o.paused, inbox_url(status=5, **link)),
        (_("Nộp trực tuyến"), c["received_online"], inbox_url(period=period, channel=2, **link)),
        (
            _("Từ chối tiếp nhận"),
            c["refused"],
            inbox_url(period=period, by="finished", status=3, **link),
        ),
        (
            _("Dừng xử lý, rút hồ sơ"),
            c["stopped"],
            inbox_url(period=period, by="finished", status=8, **link),
        ),
    ]
    return {
        "unit": unit,
        "period": parsed.period,
        "parsed": parsed,
        "data": data,
        "card": data.card,
        "headline": headline,
        "on_time_ratio": ratio(c["on_time"], c["finished"]),
        "online_ratio": ratio(c["received_online"], c["received"]),
        "trend": trend,
        "trend_svg": trend_svg(trend),
        "rankings": rankings,
        "rankings_at": rankings_at,
        "alerts": alerts_from_rankings(rankings),
        "today": today,
    }


def _gate(request: HttpRequest):
    scope = dashboard_scope(user=request.user)
    if not scope.allowed:
        return scope, None, render(request, "indicators/forbidden.html", {}, status=403)
    unit = unit_for_user(scope=scope, value=request.GET.get("unit", ""))
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return scope, unit, None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope, unit, refused = _gate(request)
    if refused is not None:
        return refused
    today = timezone.localdate()
    parsed = _parse(request, today)
    context = dashboard_context(request, unit=unit, parsed=parsed, today=today)
    query = request.GET.copy()
    period_query = urlencode(parsed.period.query())
    link_units = bool(scope.province_codes)
    context.update(
        ranking_rows=ranking_display(
            context["rankings"], link_units=link_units, period_query=period_query
        ),
        alert_rows=alerts_display(context["alerts"]),
    )
    context.update(
        scope=scope,
        fields=Field.objects.order_by("code").only("code", "name"),
        query=query.urlencode(),
        unit_value=request.GET.get("unit", ""),
        is_workspace=True,
        link_units=link_units,
        period_query=period_query,
        period_kinds=PERIOD_KINDS,
        quarter=(parsed.period.start.month - 1) // 3 + 1,
    )
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return exports.xlsx_response(context)
    if fmt == "pdf":
        return exports.pdf_response(context, request=request)
    return render(request, "indicators/dashboard.html", context)
