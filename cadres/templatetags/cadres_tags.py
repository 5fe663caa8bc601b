"""Safe Markdown for study reports: Markdown → HTML → nh3 allow-list (no HTML injection)."""

import nh3
from django import template
from django.utils.safestring import mark_safe

from core.markdown import to_html

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "code",
    "pre",
    "hr",
}


def render_markdown(text: str) -> str:
    """Raw HTML in the text is escaped by the allow-list; <script> and its content vanish.

    A list typed right after a paragraph line is a list (core.markdown.loosen_lists)."""
    html = to_html(text, extensions=["sane_lists"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, link_rel=None)


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return mark_safe(render_markdown(text))  # noqa: S308 — cleaned by nh3 just above


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
