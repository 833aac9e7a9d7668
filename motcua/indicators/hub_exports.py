"""The hub's nation, province and agency views as .xlsx (openpyxl) and PDF (WeasyPrint): the
same context as the page (hub_views._context), so the files show the page's numbers."""

from django.http import HttpResponse

from motcua.indicators.exports import book_bytes, pdf_bytes, pdf_http, xlsx_http


def _filename(context: dict, ext: str) -> str:
    period, unit = context["period"], context["unit"]
    if unit.kind == "nation":
        name = "toan-quoc"
    elif unit.kind == "agency":
        name = f"tinh-{context['scope'].province_code}-co-quan-{unit.key}"
    else:
        name = f"tinh-{unit.key}"
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
    if context["alerts"]:
        alerts = book.create_sheet("Cảnh báo trễ hạn")
        alerts.append(["Đơn vị", "Kỳ trước", "Kỳ này", "Tăng", "Quá hạn hiện tại"])
        for cell in alerts[1]:
            cell.font = bold
        for name, _href, previous, now, rise, overdue in context["alerts"]:
            alerts.append([name, previous[2], now[2], rise[1], overdue[2]])
    return book_bytes(book, context["trend"])


def xlsx_response(context: dict) -> HttpResponse:
    return xlsx_http(xlsx_bytes(context), _filename(context, "xlsx"))


def pdf_response(context: dict, *, request=None) -> HttpResponse:
    data = pdf_bytes(context, request=request, template="indicators/hub/report_pdf.html")
    return pdf_http(data, _filename(context, "pdf"))
