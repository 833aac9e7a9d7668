"""Dashboard pages and exports: parse GET, ask the gate and the selectors, render."""

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
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


def ranking_display(rankings: dict, *, link_units: bool, period_query: str) -> dict[str, str]:
    """The ranking tables' rows as one ready HTML string per table (~120 rows: no template
    loop, variable lookups or escaping per cell), escaped as the template would."""
    out = {}
    for name, rows in rankings.items():
        html = []
        for index, row in enumerate(rows, 1):
            unit, card = row.unit, row.card
            label = escape(unit.name)
            if link_units:
                prefix = "agency:" if unit.kind == "agency" else "commune:"
                href = escape(f"?{period_query}&unit={prefix}{unit.key}")
                label = f'<a href="{href}">{label}</a>'
            score = escape(_score_text(card.total))
            c = row.counters
            html.append(
                f'<tr class="band-{escape(card.band_key)}"><td>{index}</td><td>{label}</td>'
                f"<td>{score}</td><td>{escape(card.band_label)}</td><td>{c['received']}</td>"
                f"<td>{c['on_time']}</td><td>{row.late}</td><td>{row.open.overdue}</td></tr>\n"
            )
        out[name] = mark_safe("".join(html))  # every value is escaped above
    return out


def card_display(card) -> list[tuple[str, str, list[tuple[str, ...]]]]:
    """The 766 table as ready strings: per group its title, its points and, per sub-indicator,
    (css class, code, name, note, numerator / denominator, value, points); the template only
    escapes them."""
    localize, no_data = formats.localize, _("không có dữ liệu")
    out = []
    for group in card.groups:
        rows = []
        for s in group["subs"]:
            if not s.computed:
                counts = no_data
            elif s.den is None:
                counts = ""
            elif s.num is None:
                counts = intcomma(s.den)
            else:
                counts = f"{intcomma(s.num)} / {intcomma(s.den)}"
            if s.value is not None:
                value = f"{localize(s.value)} {s.unit or '%'}"  # 2.2: a time, in its unit
            else:
                value = "—" if s.computed else ""
            score = localize(s.score) if s.computed else "—"
            rows.append(
                (
                    "" if s.computed else "muted",
                    s.code,
                    s.name,
                    s.note,
                    counts,
                    value,
                    f"{score} / {localize(s.max_points)}",
                )
            )
        title = f"{group['code']}. {group['name']}"
        out.append((title, f"{localize(group['score'])} / {localize(group['max'])}", rows))
    return out


def alerts_display(alerts: list) -> str:
    """The alert rows as one ready HTML string (up to every unit of the province)."""
    numbers: dict[int, str] = {}  # intcomma is slow; the counts repeat

    def number(value: int) -> str:
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = escape(intcomma(value))
        return text

    return mark_safe(  # every value is escaped
        "".join(
            f'<tr class="alert"><td>{escape(r.unit.name)}</td><td>{number(r.late_previous)}</td>'
            f"<td>{number(r.late)}</td><td>{number(r.open.overdue)}</td></tr>"
            for r in alerts
        )
    )


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
        "card_rows": card_display(data.card),
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
        fields=Field.objects.order_by("code").values_list("code", "name"),
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
