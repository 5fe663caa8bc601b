"""The column's notice-board sheet (PUB-4): its short address and QR code (segno, SVG)."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from django.utils.safestring import SafeString, mark_safe


def short_address(url: str) -> str:
    """What a villager types: the host and path, without the scheme or a trailing slash."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def qr_svg(url: str) -> SafeString:
    """The address as an inline SVG QR code: no script, no image request, prints sharp.

    Error correction M (15 % may be soiled on a notice board); scaled by CSS, so the
    SVG carries a viewBox only. segno escapes nothing into it but the QR modules."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None
    )
    return mark_safe(svg)  # noqa: S308 -- segno's own markup: paths only, no input text
