"""Refusals of the quarterly report (FIN-2). Messages are asserted exactly by tests."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class QuarterNotEnded(DomainError):
    rule = "FIN-2"
    message = _(
        "FIN-2: the report of quarter %(quarter)s of %(year)s is drawn from the ledger once the "
        "quarter has ended (on %(last_day)s)."
    )


class NoBudgetInForce(DomainError):
    rule = "FIN-2"
    message = _(
        "FIN-2: there is no budget in force for %(year)s: the quarterly report compares the "
        "approved budget with the ledger (FIN-3: only an approved budget is in force)."
    )


class ReportAlreadyOnAgenda(DomainError):
    rule = "FIN-2"
    message = _(
        "FIN-2: the report of quarter %(quarter)s of %(year)s is already on the agenda of "
        "“%(meeting)s”: it is no longer regenerated or put on another agenda."
    )


class ReportNotGenerated(DomainError):
    rule = "FIN-2"
    message = _(
        "FIN-2: the report has not been generated yet: its PDF and spreadsheet must exist before "
        "it goes on an agenda."
    )


class NotEnlargedMeeting(DomainError):
    rule = "FIN-2"
    message = _(
        "FIN-2: the quarterly report is made to an enlarged committee meeting; “%(meeting)s” is "
        "a %(body)s."
    )


class ReportNotDecided(DomainError):
    rule = "FIN-2"
    message = _(
        "FIN-2: the summary is published once the enlarged meeting has heard and closed the "
        "report's agenda item."
    )


class SummaryAlreadyPublished(DomainError):
    rule = "FIN-2"
    message = _("FIN-2: the summary of this report is already in the column.")
