"""Refusals of the pilot rules (PIL-1, PIL-2). Messages are translatable constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class PilotExists(DomainError):
    message = _("This township already has a pilot.")
    rule = "PIL-1"


class PilotDatesInvalid(DomainError):
    message = _("The pilot cannot end before it starts.")
    rule = "PIL-1"


class PhaseSkipped(DomainError):
    message = _("Phases follow one another in order; none may be skipped.")
    rule = "PIL-1"


class PilotFinished(DomainError):
    message = _("The pilot is already in its last phase.")
    rule = "PIL-1"


class PhaseDocumentsMissing(DomainError):
    message = _("This phase cannot end yet. Missing: %(missing)s.")
    rule = "PIL-1"


class TrialRunTooShort(DomainError):
    message = _(
        "The trial run lasts at least half a month (15 days): "
        "it can move on from %(date)s."
    )
    rule = "PIL-1"


class PhaseDateInvalid(DomainError):
    message = _("A phase cannot end before it started.")
    rule = "PIL-1"


class DocumentNotOfPhase(DomainError):
    message = _("This kind of document does not belong to this phase.")
    rule = "PIL-1"


class PhaseClosed(DomainError):
    message = _("This phase has ended: documents are added to the current phase.")
    rule = "PIL-1"


class SummaryTooEarly(DomainError):
    message = _("The summary is submitted in the summary and improvement phase.")
    rule = "PIL-2"


class SummaryPending(DomainError):
    message = _(
        "A summary is already with the county or accepted: "
        "a new round follows only a returned one."
    )
    rule = "PIL-2"


class SummaryAlreadyReviewed(DomainError):
    message = _("This summary has already been reviewed.")
    rule = "PIL-2"


class ReturnNeedsComment(DomainError):
    message = _("A returned summary needs a comment saying what to change.")
    rule = "PIL-2"


class NotCountyReviewer(DomainError):
    message = _("Only a county reviewer of this township's county reviews its summary.")
    rule = "PIL-2"


class NotTownshipStaff(DomainError):
    message = _("Only the township's secretary or clerk records the pilot.")
    rule = "PIL-1"


class NotReviewerOfCounty(DomainError):
    message = _(
        "Only county reviewers of this township's county join its steering group."
    )
    rule = "SEC-1"


class AlreadyAssigned(DomainError):
    message = _("This reviewer already steers this township.")
    rule = "PIL-1"


class SymposiumWithoutOpinions(DomainError):
    message = _("A symposium record holds the opinions gathered.")
    rule = "PIL-1"
