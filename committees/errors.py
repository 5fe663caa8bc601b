from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class RuleSetBelowFloor(DomainError):
    rule = "Thresholds"
    message = _(
        "This rule set is looser than the national floor for: %(kinds)s. Personnel and major "
        "items need at least two-thirds of members present and more than half of all members "
        "voting yes."
    )


class RuleSetIncomplete(DomainError):
    rule = "Thresholds"
    message = _("A rule set needs a threshold for each of: %(kinds)s.")


class WrongTownship(DomainError):
    message = _("These records belong to different townships.")


class NotCountyReviewer(DomainError):
    rule = "APT-3"
    message = _(
        "Only a reviewer of the county organization department corrects the county's "
        "holiday calendar."
    )
