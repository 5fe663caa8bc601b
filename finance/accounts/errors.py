"""Refusals of the final accounts (FIN-8). Asserted exactly by tests."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class YearNotEnded(DomainError):
    rule = "FIN-8"
    message = _(
        "FIN-8: the final accounts of %(year)s are drawn once the budget year has ended "
        "(31 December)."
    )


class NoBudgetOfYear(DomainError):
    rule = "FIN-8"
    message = _(
        "FIN-8: there is no approved budget for %(year)s: the final accounts compare it "
        "with the ledger."
    )


class AccountsYearExists(DomainError):
    rule = "FIN-8"
    message = _("FIN-8: the final accounts of %(year)s are already drawn.")


class ApprovalBeforeYearEnd(DomainError):
    rule = "FIN-8"
    message = _(
        "FIN-8: the congress approves the final accounts of %(year)s after the year "
        "(%(day)s is within it)."
    )


class ApprovalDetailsMissing(DomainError):
    rule = "FIN-8"
    message = _(
        "FIN-8: the congress's approval is recorded with its session and resolution "
        "number (预算法 Art 77)."
    )


class AlreadyApproved(DomainError):
    rule = "FIN-8"
    message = _("FIN-8: the congress approved these final accounts on %(day)s.")


class NotApproved(DomainError):
    rule = "FIN-8"
    message = _(
        "FIN-8: the final accounts are filed and published after the congress has "
        "approved them."
    )


class DateBeforeApproval(DomainError):
    rule = "FIN-8"
    message = _(
        "FIN-8: the filing date %(day)s is before the congress's approval (%(approved)s)."
    )


class AlreadyFiled(DomainError):
    rule = "FIN-8"
    message = _("FIN-8: the final accounts were filed with the county on %(day)s.")


class AlreadyPublished(DomainError):
    rule = "FIN-8"
    message = _("FIN-8: the final accounts were published on %(day)s.")
