"""Result documents: HTML templates to PDF with WeasyPrint; no database access here.

A procedure may have its own template, `documents/results/<procedure code>.html`; the
default one prints the catalog's result name, the national header, the agency, the result
number, the dossier code, the dossier data as a table and a QR code of the verification
page. Every string is NFC (WeasyPrint and pdftotext handle decomposed marks badly).
"""

import base64
import functools
import io
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import segno
from django.template.loader import render_to_string, select_template
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from motcua.core.text import nfc
from motcua.documents.constants import RESULT_KEYWORD_PREFIX

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_render_lock = threading.Lock()  # Pango font maps are not thread-safe


class _DataOnlyURLFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), fail_on_errors=True)


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@dataclass(frozen=True, kw_only=True)
class ResultDocument:
    """What a result PDF prints."""

    procedure_code: str
    procedure_name: str
    title: str  # "GIẤY PHÉP TIẾN HÀNH CÔNG VIỆC BỨC XẠ" (printed upper-case)
    number: str
    dossier_code: str
    agency_parent_name: str
    agency_name: str
    agency_eid: str
    place: str
    issued_at: datetime
    valid_until: date | None
    owner_label: str  # "Cá nhân" / "Tổ chức"
    owner_name: str
    owner_id_label: str
    owner_id: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    verify_url: str = ""
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"


def date_long(value: date) -> str:
    """ "ngày 05 tháng 02 năm 2026" — months 1 and 2 take a leading zero (NĐ 30/2020/NĐ-CP)."""
    if isinstance(value, datetime):
        value = value.astimezone(VIETNAM_TZ).date()
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def qr_png_data_uri(data: str) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=4, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _nfc_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(nfc(label), nfc(value)) for label, value in rows]


def result_render_html(*, document: ResultDocument) -> str:
    template = select_template(
        [f"documents/results/{document.procedure_code}.html", "documents/results/default.html"]
    )
    context = {
        "doc": document,
        "title": nfc(document.title).upper(),
        "agency_parent": nfc(document.agency_parent_name).upper(),
        "agency_name": nfc(document.agency_name).upper(),
        "rows": _nfc_rows(document.rows),
        "place_date": f"{nfc(document.place)}, {date_long(document.issued_at)}",
        "valid_until": date_long(document.valid_until) if document.valid_until else "",
        "keywords": RESULT_KEYWORD_PREFIX + document.number,
        "qr_data_uri": qr_png_data_uri(document.verify_url),
    }
    return nfc(render_to_string(template.template.name, context))


def result_render_pdf(*, document: ResultDocument) -> bytes:
    """The unsigned PDF (A4 portrait). Its /Keywords carry the result number for verifiers."""
    html = HTML(
        string=result_render_html(document=document),
        base_url=None,
        url_fetcher=_DataOnlyURLFetcher(),
    )
    with _render_lock:
        return html.write_pdf(font_config=_font_config())
