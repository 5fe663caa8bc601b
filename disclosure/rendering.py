"""Item text: plain text or Markdown, rendered to a small safe set of HTML (SEC-5)."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe

from core import markdown

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_body(text: str) -> SafeString:
    """Markdown → HTML, then nh3 keeps only ALLOWED_TAGS (raw HTML in the text is escaped)."""
    # core.markdown: a list typed right after a paragraph line is still a list.
    html = markdown.to_html(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
    )
    return mark_safe(clean)  # noqa: S308 - cleaned by nh3 just above
