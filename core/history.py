"""Audit trail helpers (AUD-1): every service save records the acting user and a reason.

django-simple-history writes one historical row per save(). `QuerySet.update()` and
`bulk_*` write none, so services never use them on tracked models.
"""

from django.core.exceptions import ValidationError
from django.db import models

from core.errors import RecordInvalid


def actor_or_none(actor):
    """The acting user to record (`recorded_by=`, history user), or None for the system
    (a task, demo data) and for an anonymous visitor."""
    return actor if getattr(actor, "is_authenticated", False) else None


def save_with_history(
    obj: models.Model, *, actor, reason: str, **save_kwargs
) -> models.Model:
    """Validate and save `obj`, attributing the history row to `actor` with `reason`.

    What `full_clean` refuses is a domain error (`RecordInvalid`, SEC-3), never Django's
    ValidationError: the view shows it and the service's transaction writes nothing."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise RecordInvalid.of(error, obj) from None
    obj._history_user = actor_or_none(actor)
    obj._change_reason = reason
    obj.save(**save_kwargs)
    return obj


def delete_with_history(obj: models.Model, *, actor, reason: str) -> None:
    obj._history_user = actor_or_none(actor)
    obj._change_reason = reason
    obj.delete()
