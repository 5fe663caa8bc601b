"""Audit trail helpers (AUD-1): every service save records the acting user and a reason.

django-simple-history writes one historical row per save(). `QuerySet.update()` and
`bulk_*` write none, so services never use them on tracked models.
"""

from django.db import models


def actor_or_none(actor):
    """The acting user to record (`recorded_by=`, history user), or None for the system
    (a task, demo data) and for an anonymous visitor."""
    return actor if getattr(actor, "is_authenticated", False) else None


def save_with_history(
    obj: models.Model, *, actor, reason: str, **save_kwargs
) -> models.Model:
    """Validate and save `obj`, attributing the history row to `actor` with `reason`."""
    obj.full_clean()
    obj._history_user = actor_or_none(actor)
    obj._change_reason = reason
    obj.save(**save_kwargs)
    return obj


def delete_with_history(obj: models.Model, *, actor, reason: str) -> None:
    obj._history_user = actor_or_none(actor)
    obj._change_reason = reason
    obj.delete()
