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


# -- bad input to the organisation's services (SEC-3: a clear error, nothing written) ------


class ThresholdMalformed(DomainError):
    rule = "Thresholds"
    message = _(
        "%(kind)s: a threshold needs a numerator, a denominator, a base and a comparison."
    )


class ThresholdFractionInvalid(DomainError):
    rule = "Thresholds"
    message = _(
        "%(kind)s: a threshold is a fraction p/q of whole numbers with 1 ≤ p ≤ q ≤ "
        "%(limit)s; %(given)s is not."
    )


class ThresholdBaseUnknown(DomainError):
    rule = "Thresholds"
    message = _(
        "%(kind)s: the base is all members or members present, not “%(given)s”."
    )


class ThresholdComparisonUnknown(DomainError):
    rule = "Thresholds"
    message = _(
        "%(kind)s: the comparison is “more than” or “at least”, not “%(given)s”."
    )


class ThresholdNeverMet(DomainError):
    rule = "Thresholds"
    message = _(
        "%(kind)s: “more than all” can never be met; unanimity is “at least” 1/1."
    )


class RuleSetUnknownKind(DomainError):
    rule = "Thresholds"
    message = _("A rule set has no kind of decision called: %(kinds)s.")


class RuleSetTooEarly(DomainError):
    rule = "Thresholds"
    message = _(
        "A rule set cannot take effect before %(date)s, when the default rules begin."
    )


class RuleSetDateInvalid(DomainError):
    rule = "Thresholds"
    message = _("A rule set takes effect on a date, not “%(given)s”.")


class NotATownshipSetting(DomainError):
    rule = "SEC-3"
    message = _("“%(field)s” is not a township setting.")


class MembershipEndsBeforeStart(DomainError):
    rule = "DEC-3"
    message = _("A membership cannot end (%(end)s) before it starts (%(start)s).")


class MembershipOverlaps(DomainError):
    rule = "DEC-3"
    message = _(
        "%(person)s already holds a seat in this body from %(start)s: one person is "
        "counted once."
    )


class NotATownshipRole(DomainError):
    rule = "SEC-6"
    message = _("“%(role)s” is not a township role.")


class SystemAccountHoldsNoRole(DomainError):
    rule = "SEC-6"
    message = _(
        "%(user)s is a system account (system admin, security admin or auditor) and "
        "holds no township role."
    )


# -- the three administrators (SEC-6) ---------------------------------------------------


class SelfAdministration(DomainError):
    rule = "SEC-6"
    message = _(
        "Nobody grants or revokes their own role, or changes their own account or password, "
        "through the administration."
    )


class SystemRolesExclusive(DomainError):
    rule = "SEC-6"
    message = _(
        "%(user)s already holds a system role (%(role)s): the system admin, the security "
        "admin and the auditor are three different people."
    )


class TownshipUserGetsNoSystemRole(DomainError):
    rule = "SEC-6"
    message = _(
        "%(user)s works in a township (a township role, a county review or a person's "
        "account) and cannot be given a system role."
    )


class SystemAccountManagedOnServer(DomainError):
    rule = "SEC-6"
    message = _(
        "%(user)s is a system account (system admin, security admin, auditor or superuser): "
        "it is managed on the server, not by the system admin."
    )


class SystemRoleGrantedOnServer(DomainError):
    rule = "SEC-6"
    message = _(
        "System roles and superusers are granted on the server (manage.py system_role, "
        "manage.py grant_superuser), not through the application."
    )
