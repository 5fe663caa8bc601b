"""What the appointments listen to in the apps below them (registered in `ready()`).

DEC-10: a committee decision that revokes the decision an appointment case stood on stops
the case, in the transaction that records the revocation (`meetings` knows nothing of
cadres; cadres may import meetings).

APT-3: the case's notice and the competitive-selection items are owned in the column
(`disclosure.owners`): the column's pages cannot change or withdraw them, and a finding on
an objection to a notice, recorded on either side, reaches the case.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _decision_changes_another(*, changing) -> None:
    from cadres.appointments import services

    services.cases_follow_revocation(revoking=changing)


def register() -> None:
    from cadres.appointments import services
    from disclosure import owners
    from meetings import revocations

    owners.register_owner(
        services.NOTICE_OWNER,
        label=_("the appointment case page"),
        on_finding=services.notice_finding_recorded,
    )
    owners.register_owner(
        services.SELECTION_OWNER, label=_("the competitive selection page")
    )

    revocations.register("cadres.appointment", _decision_changes_another)
