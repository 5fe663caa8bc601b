"""Refusals of the township's money rules (FIN-1 … FIN-10). Each names its rule, its article
and its figures; the services raise them (from `finance.rules`' `Refusal`s where the rule's
arithmetic is pure), the views show them. Amounts are passed formatted (`yuan`)."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, RecordInvalid, refuses_invalid_input  # noqa: F401


class GroupHasNoMembers(DomainError):
    rule = "FIN-1"
    message = _("FIN-1: the finance group has no members on %(day)s: nobody can vote.")


class NotAGroupMember(DomainError):
    rule = "FIN-1"
    message = _(
        "FIN-1: %(name)s is not a member of the finance group on %(day)s: the ballot "
        "is refused."
    )


class BudgetYearExists(DomainError):
    rule = "FIN-3"
    message = _("FIN-3: the township already has a budget for %(year)s.")


class NegativeAmount(DomainError):
    rule = "FIN-3"
    message = _("FIN-3: an amount cannot be negative (%(amount)s).")


class LineCodeExists(DomainError):
    rule = "FIN-3"
    message = _("FIN-3: the budget already has a line with the code %(code)s.")


class LineKindMismatch(DomainError):
    rule = "FIN-6"
    message = _(
        "FIN-6: a %(kind)s line is a %(direction)s line (收支两条线: revenue and spending "
        "are kept on their own lines, 预算法 Art 4, Art 56)."
    )


class BudgetNotDraft(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the %(year)s budget has been reported to the committee: its lines "
        "are no longer changed here (a budget in force changes through FIN-4)."
    )


class BudgetEmpty(DomainError):
    rule = "FIN-3"
    message = _("FIN-3: the budget has no spending line yet.")


class ReserveOutOfBounds(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the reserve fund of %(reserve)s is outside 1–3%% of general-budget "
        "spending of %(spending)s: it must lie between %(low)s and %(high)s "
        "(预算法 Art 40)."
    )


class NoReserveFund(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the budget has no reserve fund line; it must hold 1–3%% of general-budget "
        "spending of %(spending)s, between %(low)s and %(high)s (预算法 Art 40)."
    )


class NotACommitteeMeeting(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the budget is reported to a committee meeting or an enlarged committee "
        "meeting, not to this meeting."
    )


class NotReported(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the budget must first be reported to the committee and its item decided."
    )


class CommitteeNotDecided(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the committee has not passed the budget item yet (%(state)s): the "
        "congress's approval cannot be recorded before it (预算法 Art 21)."
    )


class OpinionsNotHeard(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the voters' opinions heard by deputies must be recorded before the "
        "congress reviews the budget (预算法 Art 45)."
    )


class ApprovalIncomplete(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the congress's approval needs its date, session and resolution number "
        "(预算法 Art 21)."
    )


class NotApprovedYet(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the %(year)s budget is not approved yet: it cannot be %(what)s before the "
        "congress approves it."
    )


class DateBeforeApproval(DomainError):
    rule = "FIN-3"
    message = _("FIN-3: %(day)s is before the congress's approval on %(approved)s.")


class PaymentBeforeApproval(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the %(year)s budget is not approved yet; until then only carry-overs, "
        "base spending at last year's level and statutory or emergency spending may be "
        "paid (预算法 Art 54). Line %(line)s is none of these."
    )


class ChangeNeedsBudgetInForce(DomainError):
    rule = "FIN-4"
    message = _("FIN-4: only a budget in force is changed; the %(year)s budget is not.")


class ChangeChangesNothing(DomainError):
    rule = "FIN-4"
    message = _("FIN-4: the change changes no line.")


class ChangeOnRevenueLine(DomainError):
    rule = "FIN-4"
    message = _(
        "FIN-4: a change moves spending lines only; %(line)s is a revenue line."
    )


class ChangeNeedsPlan(DomainError):
    rule = "FIN-4"
    message = _(
        "FIN-4: this change is a budget adjustment (%(tests)s): it needs an adjustment "
        "plan stating the reason, the items and the amounts (预算法 Art 67, Art 69)."
    )


class ChangeBelowSpent(DomainError):
    rule = "FIN-4"
    message = _(
        "FIN-4: line %(line)s would be lowered to %(after)s, below the %(spent)s already "
        "spent from it."
    )


class ChangeNotOpen(DomainError):
    rule = "FIN-4"
    message = _("FIN-4: the change is %(state)s: the finance group has voted on it.")


class ChangeNeedsGroup(DomainError):
    rule = "FIN-4"
    message = _(
        "FIN-4: the finance group must approve the adjustment before the congress "
        "(预算法 Art 69)."
    )


class ChangeNeedsNoCongress(DomainError):
    rule = "FIN-4"
    message = _(
        "FIN-4: a %(kind)s needs the finance group's approval only; the congress does "
        "not approve it."
    )


class CollectedSpending(DomainError):
    rule = "FIN-6"
    message = _(
        "FIN-6: spending cannot be booked on revenue line %(line)s (坐收坐支): spend "
        "only from budget spending lines (预算法 Art 4, Art 56)."
    )


class RevenueOnSpendingLine(DomainError):
    rule = "FIN-6"
    message = _(
        "FIN-6: revenue is paid in on its own revenue line, not on spending line "
        "%(line)s (预算法 Art 56)."
    )


class EntryNotPositive(DomainError):
    rule = "FIN-6"
    message = _("FIN-6: an entry's amount is more than zero (%(amount)s).")


class EntryOutsideYear(DomainError):
    rule = "FIN-6"
    message = _(
        "FIN-6: %(day)s lies outside the budget year %(year)s (the calendar year, "
        "预算法 Art 18)."
    )


class OverSpending(DomainError):
    rule = "FIN-6"
    message = _(
        "FIN-6: %(amount)s is more than the balance of line %(line)s: %(balance)s "
        "(adjusted %(adjusted)s, spent %(spent)s). Spending without a budget is not "
        "allowed (预算法 Art 13); change the budget first (FIN-4)."
    )


class LargeExpenditureUndecided(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: %(amount)s is above the township's threshold of %(threshold)s: it is "
        "paid only as a large expenditure decided by an enlarged committee meeting."
    )


class SplitRefused(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: %(amount)s is not above the threshold of %(threshold)s, but this year "
        "%(before)s has already been spent for the same purpose; together %(total)s is "
        "above it. Splitting one purpose into parts is refused: propose it as one large "
        "expenditure for the enlarged meeting (PRJ-4)."
    )


class NotCommunicated(DomainError):
    rule = "FIN-10"
    message = _(
        "FIN-10: the large expenditure must first be communicated to the secretary "
        "(when, what, the secretary's view) before it goes to the enlarged meeting."
    )


class NotEnlargedMeeting(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: a large expenditure is decided by an enlarged committee meeting."
    )


class AlreadyOnAgenda(DomainError):
    rule = "FIN-5"
    message = _("FIN-5: the large expenditure is already on a meeting's agenda.")


class NotDecided(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: the enlarged meeting has not passed this large expenditure (%(state)s): "
        "no contract is signed and nothing is paid before its decision."
    )


class ContractBeforeDecision(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: the contract date %(signed)s is before the enlarged meeting's decision "
        "of %(decided)s: the decision comes before the contract is signed."
    )


class PaymentTermTooLong(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: a payment term of %(days)s days exceeds the 60 days allowed "
        "(保障中小企业款项支付条例 Art 9)."
    )


class PaymentBeyondDecision(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: %(amount)s is more than what is left of the decided large expenditure: "
        "%(left)s of %(decided)s."
    )


class WrongLine(DomainError):
    rule = "FIN-5"
    message = _("FIN-5: the large expenditure is paid from its own line %(line)s.")


class NoContractYet(DomainError):
    rule = "FIN-5"
    message = _("FIN-5: record the contract (signed after the decision) before paying.")


class PaidBeforeContract(DomainError):
    rule = "FIN-5"
    message = _(
        "FIN-5: a payment on %(day)s comes before the contract signed on %(signed)s "
        "after the enlarged meeting's decision."
    )


class ApprovalBeforeCommittee(DomainError):
    rule = "FIN-3"
    message = _(
        "FIN-3: the congress's approval on %(approved)s cannot come before the "
        "committee's decision of %(decided)s."
    )
