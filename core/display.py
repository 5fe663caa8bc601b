"""Records as people read them (issue 15): people by their names, fields by their verbose
names, values by their labels, history reasons in the reader's language.

Pure of any app: a user's person is reached by the `person` accessor if it exists.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext

EMPTY = "—"


def display_name(user) -> str:
    """The person's name, else the user's full name, else the login name (last resort)."""
    if user is None:
        return ""
    try:
        person = getattr(user, "person", None)
    except Exception:  # a reverse one-to-one without a row raises DoesNotExist
        person = None
    name = getattr(person, "name", "") or ""
    if name:
        return name
    full = (user.get_full_name() if hasattr(user, "get_full_name") else "").strip()
    return full or user.get_username()


# A reason may carry a rule ID ("LRN-3 report commented", "ballot corrected (DEC-6)")
# or a free part after a colon ("correction: <the clerk's words>"); the fixed part is
# the catalogue's msgid.
_RULE_PREFIX = re.compile(r"^([A-Z]{2,4}-\d+[a-z]?) (.+)$")
_RULE_SUFFIX = re.compile(r"^(.+) \(([A-Z]{2,4}-\d+[a-z]?)\)$")


def change_reason(reason: str | None) -> str:
    """A stored history reason, translated where the catalogue knows it."""
    if not reason:
        return ""
    translated = gettext(reason)
    if translated != reason:
        return translated
    if match := _RULE_PREFIX.match(reason):
        rest = gettext(match.group(2))
        if rest != match.group(2):
            return f"{match.group(1)} {rest}"
    if match := _RULE_SUFFIX.match(reason):
        rest = gettext(match.group(1))
        if rest != match.group(1):
            return f"{rest}（{match.group(2)}）"
    if ": " in reason:
        head, tail = reason.split(": ", 1)
        translated_head = gettext(head)
        if translated_head != head:
            return f"{translated_head}：{tail}"
    return reason


def field_label(model, name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return name
    return str(getattr(field, "verbose_name", name))


def field_value(model, name: str, value) -> str:
    """A stored value as a reader reads it: a user by name, a choice by its label, a
    foreign key by the record's str, a date in the reader's format."""
    if value is None or value == "":
        return EMPTY
    try:
        field = model._meta.get_field(name)
    except Exception:
        field = None
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        target = related._default_manager.filter(pk=value).first()
        if target is None:
            return f"#{value}"
        if related is get_user_model():
            return display_name(target)
        return str(target)
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def readable_changes(model, delta) -> list[dict]:
    """simple_history's ModelDelta → [{field, old, new}] as people read them."""
    return [
        {
            "name": change.field,
            "field": field_label(model, change.field),
            "old": field_value(model, change.field, change.old),
            "new": field_value(model, change.field, change.new),
        }
        for change in delta.changes
    ]
