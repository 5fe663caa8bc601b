"""Domain errors of the disclosure column: translatable messages, with the rule they enforce."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class DisclosureError(DomainError):
    rule = "PUB-2"


class NotDraft(DisclosureError):
    message = _("Only a draft can be published or changed this way.")
    rule = "PUB-2"


class NotPublished(DisclosureError):
    message = _("Only a published item can be withdrawn.")
    rule = "PUB-2"


class WithdrawnItemLocked(DisclosureError):
    message = _("A withdrawn item cannot be changed; publish a new item instead.")
    rule = "PUB-2"


class SourceAlreadyPublished(DisclosureError):
    message = _("This record has already been published in the column.")
    rule = "PUB-2"


class ItemNotPublic(DisclosureError):
    message = _("This item is not open for feedback.")
    rule = "PUB-3"


class ObjectionOutsideWindow(DisclosureError):
    message = _("Objections are accepted only during the notice period.")
    rule = "PUB-3"


class FindingOnlyForObjections(DisclosureError):
    message = _("A finding is recorded only for an objection.")
    rule = "APT-3"


class AnswerRequired(DisclosureError):
    message = _("Write an answer first.")
    rule = "PUB-3"


class ItemOwned(DisclosureError):
    message = _(
        "This item is kept by %(kept_by)s: change or withdraw it there, not in the "
        "column."
    )
    rule = "APT-3"


class FindingAlreadyRecorded(DisclosureError):
    message = _(
        "A finding is already recorded on this objection (%(finding)s); a finding once "
        "recorded is not changed."
    )
    rule = "APT-3"
