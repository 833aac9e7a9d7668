"""QR codes of a dossier's tracking address, printed on every slip.

Citizens look a dossier up by its QR code as well as by its code (Ninh Bình QĐ 163/2025/QĐ-CTUBND
Art. 15.6). Error-correction level M survives a creased or stamped paper slip.
"""

import base64
import io

import segno


def _qr(data: str) -> segno.QRCode:
    return segno.make(data, error="m")


def qr_png(data: str, *, scale: int = 4, border: int = 2) -> bytes:
    """PNG bytes, `scale` pixels per module; a raster, so PDF tools list it as an image."""
    buffer = io.BytesIO()
    _qr(data).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_svg(data: str, *, border: int = 2) -> bytes:
    """SVG bytes, for web pages where a vector scales better than a PNG."""
    buffer = io.BytesIO()
    _qr(data).save(buffer, kind="svg", border=border, xmldecl=False, svgns=True)
    return buffer.getvalue()


def qr_png_data_uri(data: str, *, scale: int = 4, border: int = 2) -> str:
    """ "data:image/png;base64,…", ready for an <img src>."""
    return "data:image/png;base64," + base64.b64encode(
        qr_png(data, scale=scale, border=border)
    ).decode("ascii")
