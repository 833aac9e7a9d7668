"""The dashboard as .xlsx (openpyxl) and as a PDF report (WeasyPrint, same partial template)."""

import io
import unicodedata

from django.http import HttpResponse
from django.template.loader import render_to_string


def _filename(context: dict, ext: str) -> str:
    period = context["period"]
    return f"chi-so-{context['unit'].kind}-{context['unit'].key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{ext}"


def xlsx_bytes(context: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ số 766"
    bold = Font(bold=True)
    card = context["card"]
    sheet.append(["Đơn vị", context["unit"].name])
    sheet.append(["Kỳ báo cáo", context["period"].label])
    sheet.append(
        ["Điểm (thang 100)", float(card.total) if card.total is not None else None, card.band_label]
    )
    sheet.append([])
    sheet.append(["Số liệu", "Giá trị"])
    for label, value, _url in context["headline"]:
        sheet.append([str(label), value])
    sheet.append([])
    header = ["Mã", "Chỉ số", "Tử số", "Mẫu số", "Giá trị", "Điểm", "Điểm tối đa", "Ghi chú"]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for s in card.subs:
        sheet.append(
            [
                s.code,
                s.name,
                s.num,
                s.den,
                float(s.value) if s.value is not None else None,
                float(s.score) if s.computed else None,
                float(s.max_points),
                s.note if s.computed else (s.note or "Không có dữ liệu trên hệ thống"),
            ]
        )
    for title, rows in (
        ("Sở, ban, ngành", context["rankings"]["departments"]),
        ("Xã, phường", context["rankings"]["communes"]),
    ):
        if not rows:
            continue
        ranking = book.create_sheet(title)
        ranking.append(
            [
                "Hạng",
                "Đơn vị",
                "Điểm",
                "Xếp loại",
                "Tiếp nhận",
                "Đã giải quyết",
                "Đúng hạn",
                "Trễ hạn",
                "Quá hạn hiện tại",
            ]
        )
        for index, row in enumerate(rows, 1):
            ranking.append(
                [
                    index,
                    row.unit.name,
                    float(row.card.total) if row.card.total is not None else None,
                    row.card.band_label,
                    row.counters["received"],
                    row.counters["resolved"],
                    row.counters["on_time"],
                    row.late,
                    row.open.overdue,
                ]
            )
    return book_bytes(book, context["trend"])


def book_bytes(book, trend_points) -> bytes:
    """Add the monthly trend sheet (province and hub alike) and serialise the workbook."""
    trend = book.create_sheet("Xu hướng")
    trend.append(["Tháng", "Tiếp nhận", "Đã giải quyết", "Kết thúc", "Đúng hạn", "Trực tuyến"])
    for p in trend_points:
        trend.append(
            [p.period.label, p.received, p.resolved, p.finished, p.on_time, p.received_online]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(context: dict) -> HttpResponse:
    return xlsx_http(xlsx_bytes(context), _filename(context, "xlsx"))


def xlsx_http(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_bytes(
    context: dict, *, request=None, template: str = "indicators/report_pdf.html"
) -> bytes:
    from weasyprint import HTML

    html = unicodedata.normalize("NFC", render_to_string(template, context, request=request))
    return HTML(string=html).write_pdf()


def pdf_response(context: dict, *, request=None) -> HttpResponse:
    return pdf_http(pdf_bytes(context, request=request), _filename(context, "pdf"))


def pdf_http(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
