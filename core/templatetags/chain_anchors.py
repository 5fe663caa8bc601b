"""AUD-2: chain anchors in templates — the column's footer and every PDF's footer."""

from django import template
from django.utils.safestring import mark_safe

from core import anchors

register = template.Library()


@register.simple_tag
def township_anchor(township):
    """The township's newest anchor (None before the first), for a page footer."""
    return anchors.latest(township.pk) if township else None


def _css_string(text: str) -> str:
    cleaned = "".join(c for c in text if c.isprintable() and c not in '<>"\\')
    return f'"{cleaned}"'


@register.simple_tag(takes_context=True)
def pdf_integrity_footer(context):
    """The @page rule printing the anchor (and the document's code) at each page's foot.

    A PDF whose service registers it (core.documents.pdf_footer) prints its code and the
    anchor made as it was rendered; any other PDF with a `township` in its context
    prints that township's newest anchor."""
    footer = context.get("integrity_footer")
    anchor = code = None
    if footer:
        anchor, code = footer.get("anchor"), footer.get("code")
    else:
        township = context.get("township")
        if getattr(township, "pk", None):
            anchor = anchors.latest(township.pk)
    parts = []
    if anchor is not None:
        parts.append(anchor.printed)
    if code:
        parts.append(f"核验码 {code}（公开栏“核验文件”页）")
    if not parts:
        return ""
    line = _css_string(" · ".join(parts))
    return mark_safe(  # noqa: S308 - built from digits, hex and fixed words only
        "<style>@page { @bottom-center { white-space: nowrap; } "
        f"@bottom-left {{ content: {line}; font-family: 'Noto Sans CJK SC', sans-serif; "
        "font-size: 8pt; line-height: 1.3; width: 156mm; vertical-align: bottom; "
        "text-align: center; padding-bottom: 6mm; } }</style>"
    )
