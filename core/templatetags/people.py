"""People and records as people read them: {% load people %} then
`{{ user|display_name }}`, `{{ row.history_change_reason|change_reason }}`."""

from django import template

from core import display

register = template.Library()


@register.filter
def display_name(user) -> str:
    return display.display_name(user)


@register.filter
def change_reason(reason) -> str:
    return display.change_reason(reason)
