"""Model fields every app's records share: the township a record belongs to (SEC-1 scopes
by it; the audit test requires it) and the user who did something."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def township_fk(related_name: str = "+") -> models.ForeignKey:
    """The record's township; deleting a township deletes its records."""
    return models.ForeignKey(
        "committees.Township",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("township"),
    )


def user_fk(verbose_name, **kwargs) -> models.ForeignKey:
    """Who did it (optional: the system acts without a user); users are never deleted
    from under their records."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


# A primary key (BigAutoField) is a PostgreSQL bigint.
PK_MAX = 2**63 - 1


def pk_or_none(value) -> int | None:
    """A primary key typed into a hidden field or a query parameter, or None (SEC-3): "x",
    "", "1.5", "-3", a value with a NUL or a 30-digit number no bigint holds never reach
    the database (a ValueError or a DataError there is a 500). Choice fields
    (ModelChoiceField, ModelMultipleChoiceField) already refuse such values with a form
    error; this is for ids a view reads itself."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= PK_MAX else None
