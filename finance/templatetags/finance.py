"""Template filters of the finance pages: an amount as the screens print it."""

from django import template

from finance.rules import yuan_zh

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """12,345.60元 (an exact Decimal; empty for None)."""
    if amount is None or amount == "":
        return "—"
    return yuan_zh(amount)


@register.filter
def version_of(versions, line_id):
    return versions.get(line_id, []) if versions else []
