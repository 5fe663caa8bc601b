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
