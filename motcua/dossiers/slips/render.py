"""Render a slip context to HTML (Django templates) and to a PDF (WeasyPrint).

Every printed string is NFC-normalised (WeasyPrint shapes decomposed Vietnamese marks badly and
pdftotext/search would not match them). No network: the only resources a slip may load are
data: URIs, and the font configuration is built once per process.
"""

import dataclasses
import functools
import threading
from datetime import date, datetime
from enum import Enum
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from motcua.core.text import nfc
from motcua.dossiers.slips import formats
from motcua.dossiers.slips.context import SlipBase
from motcua.dossiers.slips.qr import qr_png_data_uri

# Pango font maps are not thread-safe; the shared font configuration is used under this lock.
_render_lock = threading.Lock()


class DataOnlyURLFetcher(URLFetcher):
    """Refuses every URL but data: URIs, and stops the rendering instead of printing a gap."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), fail_on_errors=True)


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


class When:
    """A date or datetime as the templates print it: {{ slip.received_at.long }}."""

    __slots__ = ("value",)

    def __init__(self, value: date) -> None:
        self.value = value

    @property
    def is_datetime(self) -> bool:
        return isinstance(self.value, datetime)

    @property
    def long(self) -> str:
        """ "15 giờ 05 phút, ngày 13 tháng 02 năm 2026", or "ngày 13 tháng 02 năm 2026"."""
        if self.is_datetime:
            return formats.datetime_long(self.value)
        return formats.date_long(self.value)

    @property
    def short(self) -> str:
        """ "15:05 13/02/2026", or "13/02/2026"."""
        if self.is_datetime:
            return formats.datetime_short(self.value)
        return formats.date_short(self.value)

    @property
    def date_long(self) -> str:
        return formats.date_long(self.value)

    @property
    def date_short(self) -> str:
        return formats.date_short(self.value)

    @property
    def time(self) -> str:
        return formats.time_short(self.value) if self.is_datetime else ""

    def __str__(self) -> str:
        return self.long


def _view(value: Any) -> Any:
    """The template's view of a context: NFC strings, When-wrapped dates, plain dicts and lists."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, date):
        return When(value)
    if isinstance(value, list | tuple):
        return [_view(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _view(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def slip_render_html(slip: SlipBase) -> str:
    """The slip as a standalone HTML page (inline CSS, QR as a data: URI), NFC throughout."""
    form = slip.form
    tracking_url = nfc(slip.tracking_url)
    context = {
        "slip": _view(slip),
        "form": _view(form),
        "place_date_line": formats.place_date_line(slip.place, slip.issued_at),
        "qr_data_uri": qr_png_data_uri(tracking_url),
    }
    return nfc(render_to_string(form.template_name, context))


def slip_render_pdf(slip: SlipBase) -> bytes:
    """The slip as PDF bytes: A4 portrait (the ledger, Mẫu 07, landscape)."""
    html = HTML(string=slip_render_html(slip), base_url=None, url_fetcher=DataOnlyURLFetcher())
    with _render_lock:
        return html.write_pdf(font_config=_font_config())
