"""The hub's nation and province views as .xlsx (openpyxl) and PDF (WeasyPrint): the same
context as the page (hub_views._context), so the files show the page's numbers."""

import io
import unicodedata

from django.http import HttpResponse
from django.template.loader import render_to_string


def _filename(context: dict, ext: str) -> str:
    period, unit = context["period"], context["unit"]
    name = "toan-quoc" if unit.kind == "nation" else f"tinh-{unit.key}"
    return f"chi-so-{name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{ext}"


def _number(value):
    return float(value) if value is not None else None


def xlsx_bytes(context: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ số 766"
    bold = Font(bold=True)
    card = context["card"]
    sheet.append(["Đơn vị", str(context["title"])])
    sheet.append(["Kỳ báo cáo", context["period"].label])
    sheet.append(["Điểm (thang 100)", _number(card.total), str(card.band_label)])
    sheet.append([])
    sheet.append(["Số liệu", "Giá trị"])
    for label, value, _url in context["headline"]:
        sheet.append([str(label), value])
    sheet.append([])
    sheet.append(["Mã", "Chỉ số", "Tử số", "Mẫu số", "Giá trị", "Điểm", "Điểm tối đa", "Ghi chú"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for s in card.subs:
        sheet.append(
            [
                s.code,
                s.name,
                s.num,
                s.den,
                _number(s.value),
                _number(s.score) if s.computed else None,
                float(s.max_points),
                s.note if s.computed else (s.note or "Không có dữ liệu trên hệ thống"),
            ]
        )
    for title, rows in context["rankings"]:
        ranking = book.create_sheet(str(title)[:31])
        ranking.append(
            ["Hạng", "Đơn vị", "Điểm", "Xếp loại", "Tiếp nhận", "Đúng hạn", "Trễ hạn", "Quá hạn"]
        )
        for cell in ranking[1]:
            cell.font = bold
        for _band, rank, name, _href, score, label, numbers in rows:
            ranking.append(
                [
                    int(rank),
                    name,
                    score,
                    label,
                    *(value for _text, _url, value in numbers),
                ]
            )
    trend = book.create_sheet("Xu hướng")
    trend.append(["Tháng", "Tiếp nhận", "Đã giải quyết", "Kết thúc", "Đúng hạn", "Trực tuyến"])
    for p in context["trend"]:
        trend.append(
            [p.period.label, p.received, p.resolved, p.finished, p.on_time, p.received_online]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(context: dict) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(context),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, "xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_bytes(context: dict, *, request=None) -> bytes:
    from weasyprint import HTML

    html = unicodedata.normalize(
        "NFC", render_to_string("indicators/hub/report_pdf.html", context, request=request)
    )
    return HTML(string=html).write_pdf()


def pdf_response(context: dict, *, request=None) -> HttpResponse:
    response = HttpResponse(pdf_bytes(context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(context, "pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response
