"""Refusals of the economic responsibility audits (FIN-7). Asserted exactly by tests."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class AuditPeriodInvalid(DomainError):
    rule = "FIN-7"
    message = _(
        "FIN-7: the period an audit covers ends after it begins (%(start)s – %(end)s)."
    )


class NotOfTownship(DomainError):
    rule = "FIN-7"
    message = _("FIN-7: %(name)s is not a person of this township.")


class ReportNotReceived(DomainError):
    rule = "FIN-7"
    message = _(
        "FIN-7: the audit report has not been recorded yet: comments, findings and the "
        "rectification follow the report."
    )


class DateBeforeReport(DomainError):
    rule = "FIN-7"
    message = _(
        "FIN-7: %(what)s (%(day)s) cannot be before the audit report was received "
        "(%(report)s)."
    )


class TextRequired(DomainError):
    rule = "FIN-7"
    message = _("FIN-7: %(what)s is required.")


class CommentsAlreadyRecorded(DomainError):
    rule = "FIN-7"
    message = _("FIN-7: the audited person's written comments are already recorded.")


class FindingAlreadyClosed(DomainError):
    rule = "FIN-7"
    message = _("FIN-7: this finding was closed on %(day)s.")


class RectificationMissing(DomainError):
    rule = "FIN-7"
    message = _(
        "FIN-7: the rectification report must be recorded before it is published."
    )


class AlreadyPublished(DomainError):
    rule = "FIN-7"
    message = _("FIN-7: the rectification report was published on %(day)s.")
