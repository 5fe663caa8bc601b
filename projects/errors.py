"""Refusals of the public-investment and tendering rules (PRJ-1 … PRJ-5). Each names its
rule and its article; the figures are in the params. Messages are asserted exactly by tests."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, RecordInvalid, refuses_invalid_input  # noqa: F401

# -- PRJ-1: stages ----------------------------------------------------------------------------


class StageSkipped(DomainError):
    rule = "PRJ-1"
    message = _(
        "No stage is skipped: the project is at “%(current)s”; the next stage is "
        "“%(next)s”, not “%(target)s”."
    )


class StageIncomplete(DomainError):
    rule = "PRJ-1"
    message = _("The stage “%(stage)s” is not complete: %(missing)s")


class EstimateOverrun(DomainError):
    rule = "PRJ-1"
    message = _(
        "The cost estimate %(estimate)s is more than 10%% above the feasibility estimate "
        "%(feasibility)s (limit %(limit)s): the project goes back to its feasibility study "
        "(政府投资条例第十二条)."
    )


class SpendingBeyondEstimate(DomainError):
    rule = "PRJ-1"
    message = _(
        "Spending stays within the approved estimate (政府投资条例第二十三条): %(spent)s spent, "
        "%(amount)s more would make %(total)s against the estimate %(estimate)s."
    )


class ContractorAdvance(DomainError):
    rule = "PRJ-1"
    message = _(
        "A contractor may not advance funds for a government investment project "
        "(政府投资条例第二十二条): refused."
    )


class DecisionNotPassed(DomainError):
    rule = "PRJ-1"
    message = _(
        "The committee has not passed the project's major item “%(item)s” (DEC-4, DEC-9): "
        "the project cannot go to the county's approval."
    )


class AcceptanceConditions(DomainError):
    rule = "PRJ-1"
    message = _(
        "Acceptance needs all five conditions of 建设工程质量管理条例第十六条; missing: "
        "%(missing)s."
    )


# -- PRJ-2: tendering -------------------------------------------------------------------------


class MustTender(DomainError):
    rule = "PRJ-2"
    message = _(
        "This project must be tendered openly (%(reason)s): a direct award is refused."
    )


class TooShortForBids(DomainError):
    rule = "PRJ-2"
    message = _(
        "At least 20 days from the tender documents to the bid deadline (招标投标法第二十四条): "
        "documents from %(docs)s need a deadline on %(earliest)s or later, not %(deadline)s."
    )


class DocumentsTooShort(DomainError):
    rule = "PRJ-2"
    message = _(
        "The tender documents are available at least 5 days (招标投标法实施条例第十六条): "
        "from %(docs)s until %(earliest)s at least, not %(until)s."
    )


class TenderNotOpen(DomainError):
    rule = "PRJ-2"
    message = _("The tender is “%(status)s”: this step is not possible now.")


class TenderPaused(DomainError):
    rule = "PRJ-2"
    message = _(
        "The tender is paused while an objection to the documents is unanswered "
        "(招标投标法实施条例第二十二条)."
    )


class BidAfterDeadline(DomainError):
    rule = "PRJ-2"
    message = _(
        "Bids are taken only until the deadline %(deadline)s (招标投标法第二十八条); this bid "
        "arrived at %(at)s and is refused."
    )


class TooFewBids(DomainError):
    rule = "PRJ-2"
    message = _(
        "Fewer than 3 bids (%(count)s): no opening, the tender is held again "
        "(招标投标法第二十八条；实施条例第四十四条)."
    )


class BidsNotClosed(DomainError):
    rule = "PRJ-2"
    message = _("The bids are opened only after the deadline %(deadline)s.")


class ObjectionTooLate(DomainError):
    rule = "PRJ-2"
    message = _(
        "An objection to the tender documents is taken until 10 days before the deadline "
        "(招标投标法实施条例第二十二条): the last day was %(last)s, it arrived on %(day)s."
    )


class EvaluationCommittee(DomainError):
    rule = "PRJ-2"
    message = _(
        "The evaluation committee has 5 or more members, an odd number, at least two "
        "thirds experts (招标投标法第三十七条): %(members)s members, %(experts)s experts."
    )


class CandidatesStillShown(DomainError):
    rule = "PRJ-2"
    message = _(
        "The candidates are shown at least 3 days and their objections answered "
        "(实施条例第五十四条): the award is possible after %(until)s%(pending)s."
    )


class FirstCandidateWins(DomainError):
    rule = "PRJ-2"
    message = _(
        "For a state-funded project the first candidate wins (招标投标法实施条例第五十五条): "
        "“%(first)s”, not “%(chosen)s”."
    )


class NotInTender(DomainError):
    rule = "PRJ-2"
    message = _("This record does not belong to this tender.")


# -- PRJ-3: conflicts -------------------------------------------------------------------------


class BiddersTied(DomainError):
    rule = "PRJ-3"
    message = _(
        "Bidders with the same legal representative or with control or management ties "
        "may not bid on the same lot (招标投标法实施条例第三十四条): “%(bidder)s” and "
        "“%(other)s” (%(tie)s)."
    )


class MustStepAside(DomainError):
    rule = "PRJ-3"
    message = _(
        "%(name)s must step aside (政府采购法实施条例第九条): a declared relative is tied to "
        "the bidder “%(bidder)s”."
    )


# -- PRJ-4: splitting -------------------------------------------------------------------------


class Splitting(DomainError):
    rule = "PRJ-4"
    message = _(
        "No splitting to avoid tendering (招标投标法第四条；政府采购法实施条例第二十八条): "
        "purchases of “%(category)s” in %(year)s already come to %(before)s; with "
        "%(amount)s they make %(total)s, which reaches the threshold %(threshold)s: tender "
        "them together."
    )


# -- PRJ-5: purchase clocks -------------------------------------------------------------------


class ChallengeLate(DomainError):
    rule = "PRJ-5"
    message = _(
        "A supplier's challenge is made within 7 working days (政府采购法第五十二条): the last "
        "day was %(last)s."
    )
