"""QR codes of the share link (segno, pure Python), big enough to scan from a projected screen.

A phone camera reads a QR code reliably when a module is at least a few
screen pixels after projection; we render at least :data:`MIN_MODULE_PX`
pixels per module and about :data:`TARGET_PX` pixels in total, with the
standard quiet zone of four modules, black on white (maximum contrast on a
washed-out projector). Error correction level M (15 %) keeps the symbol
small for long links; segno raises it for free when the data leaves room.
"""

from __future__ import annotations

import io
import math

import segno

__all__ = ["MAX_URL_LENGTH", "TARGET_PX", "MIN_MODULE_PX", "make_qr", "scale_for", "qr_png", "qr_svg", "qr_svg_inline"]

#: Links longer than this do not fit a scannable code (version 25-M holds ~1,200 bytes; phones struggle beyond).
MAX_URL_LENGTH = 1200
TARGET_PX = 720
MIN_MODULE_PX = 8
BORDER = 4


def make_qr(url: str) -> segno.QRCode:
    """The QR code of ``url`` (byte mode, never a Micro QR: phones read only full QR codes).

    ``ValueError`` naming the link when it is empty or too long to scan.
    """
    if not url:
        raise ValueError("share link: nothing to encode")
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"share link: {len(url)} characters is too long for a scannable QR code")
    return segno.make(url, error="m", micro=False)


def scale_for(qr: segno.QRCode, target_px: int = TARGET_PX) -> int:
    """Pixels per module so that the whole image (with quiet zone) is about ``target_px`` wide."""
    width_modules = qr.symbol_size(scale=1, border=BORDER)[0]
    return max(MIN_MODULE_PX, math.floor(target_px / width_modules))


def qr_png(url: str, target_px: int = TARGET_PX) -> bytes:
    """PNG bytes of the QR code of ``url``, about ``target_px`` pixels wide."""
    qr = make_qr(url)
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=scale_for(qr, target_px), border=BORDER, dark="#000000", light="#ffffff")
    return buf.getvalue()


def qr_svg(url: str, target_px: int = TARGET_PX) -> bytes:
    """A standalone SVG file of the QR code of ``url``."""
    qr = make_qr(url)
    buf = io.BytesIO()
    qr.save(
        buf,
        kind="svg",
        scale=scale_for(qr, target_px),
        border=BORDER,
        dark="#000000",
        light="#ffffff",
        title="QR code",
        xmldecl=True,
        svgns=True,
    )
    return buf.getvalue()


def qr_svg_inline(url: str, size_px: int = 240) -> str:
    """An ``<svg>`` element (no XML declaration) to embed in an HTML page, about ``size_px`` wide."""
    qr = make_qr(url)
    scale = max(2, math.floor(size_px / qr.symbol_size(scale=1, border=BORDER)[0]))
    return qr.svg_inline(scale=scale, border=BORDER, dark="#000000", light="#ffffff", svgclass="qr", lineclass=None)
