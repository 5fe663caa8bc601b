"""What the appointments listen to in the apps below them (registered in `ready()`).

DEC-10: a committee decision that revokes the decision an appointment case stood on stops
the case, in the transaction that records the revocation (`meetings` knows nothing of
cadres; cadres may import meetings).
"""

from __future__ import annotations

from django.db.models.signals import post_save


def _decision_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not created or not instance.changes_id:
        return
    from cadres.appointments import services

    services.cases_follow_revocation(revoking=instance)


def register() -> None:
    from meetings.models import Decision

    post_save.connect(
        _decision_saved,
        sender=Decision,
        dispatch_uid="cadres.appointments.decision_revoked",
    )
