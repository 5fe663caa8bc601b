"""Refusals of the incentive mechanism, each naming its rule and the figures."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class WeightsNotHundred(DomainError):
    rule = "INC-1"
    message = _(
        "The plan of %(person)s is refused: its weights add up to %(total)s, not exactly 100."
    )


class PlanHasNoTargets(DomainError):
    rule = "INC-1"
    message = _("The plan of %(person)s is refused: it has no targets.")


class PlanAlreadyScored(DomainError):
    rule = "INC-1"
    message = _(
        "The plan of %(person)s already has scores: its targets are no longer changed."
    )


class TargetsRowsInvalid(DomainError):
    rule = "INC-1"
    message = _("The targets were not imported: %(count)s rows have errors.")


class TargetsUnreadable(DomainError):
    rule = "INC-1"
    message = _("The file is not a readable .xlsx workbook.")


class TargetsHeadingsMissing(DomainError):
    rule = "INC-1"
    message = _(
        "The first row must name the columns, at least 姓名, 指标, 量化要求 and 权重."
    )


class NotOfTownship(DomainError):
    rule = "SEC-1"
    message = _("%(person)s is not a person of this township.")


class PlanNotScored(DomainError):
    rule = "INC-2"
    message = _("Not split: targets of %(names)s have no score yet.")


class GradesMissing(DomainError):
    rule = "INC-2"
    message = _(
        "Not split: %(names)s have no grade for %(year)s yet; the year-end share goes "
        "only to those graded excellent or competent (公务员法 Art 80)."
    )


class NoPlans(DomainError):
    rule = "INC-2"
    message = _("Not split: no cadre has a target plan for %(year)s.")


class NobodyEligible(DomainError):
    rule = "INC-2"
    message = _("Not split: nobody is graded excellent or competent for %(year)s.")


class ExcellentAboveCap(DomainError):
    rule = "INC-3"
    message = _(
        "The grades are refused: %(excellent)s graded excellent, above the cap of "
        "%(cap)s (%(arithmetic)s)."
    )


class CommitteeMemberGradedHere(DomainError):
    rule = "INC-3"
    message = _(
        "%(person)s is a committee member: the grade is decided by the higher "
        "authority (公务员法 Art 37) and only recorded here, with its decision."
    )


class HigherDecisionMissing(DomainError):
    rule = "INC-3"
    message = _(
        "Name the higher authority's decision that set the grade of %(person)s."
    )


class NotACommitteeMember(DomainError):
    rule = "INC-3"
    message = _("%(person)s is not a committee member on %(day)s.")


class NoticeNotServed(DomainError):
    rule = "INC-3"
    message = _(
        "No review request before the written notice of the grade has been served."
    )


class ReviewOutOfTime(DomainError):
    rule = "INC-3"
    message = _(
        "Too late: the period for %(what)s ended on %(last_day)s (%(basis)s); filed on %(filed)s."
    )


class ReviewBeforeStart(DomainError):
    rule = "INC-3"
    message = _("A request is filed on or after the day its period starts (%(start)s).")


class AppealWithoutReviewResult(DomainError):
    rule = "INC-3"
    message = _(
        "An appeal follows the result of a review request (公务员法 Art 95): "
        "record the review's result first."
    )


class AttendanceShort(DomainError):
    rule = "INC-4"
    message = _(
        "Not recorded: %(present)s of the %(due)s members due attended; at least "
        "%(needed)s (two thirds) must attend."
    )


class MeetingInFuture(DomainError):
    rule = "INC-4"
    message = _(
        "A democratic life meeting is recorded once held: %(day)s is still to come."
    )


class NotDue(DomainError):
    rule = "INC-4"
    message = _("%(person)s is not a committee member on %(day)s.")


class NoMembersDue(DomainError):
    rule = "INC-4"
    message = _("The committee has no members in office on %(day)s.")


class IntervalTooLong(DomainError):
    rule = "INC-4"
    message = _(
        "The interval must divide the year and be at most twelve months "
        "(the national floor is once a year)."
    )


class AppraisalExists(DomainError):
    rule = "INC-5"
    message = _("The democratic appraisal of %(year)s has already been opened.")


class AppraisalClosed(DomainError):
    rule = "INC-5"
    message = _("The democratic appraisal is closed: no more ballots.")


class AlreadyVoted(DomainError):
    rule = "INC-5"
    message = _("You have already cast your ballot: one ballot per voter.")


class NotAVoter(DomainError):
    rule = "INC-5"
    message = _("Only the township's people vote in its democratic appraisal.")


class MarksIncomplete(DomainError):
    rule = "INC-5"
    message = _("Mark every cadre on the ballot: %(missing)s not marked.")


class NoSubjects(DomainError):
    rule = "INC-5"
    message = _("Name at least one cadre to be appraised.")


class ReportNotOwn(DomainError):
    rule = "INC-6"
    message = _("A member reports only their own personal matters.")


class ReportYearMissing(DomainError):
    rule = "INC-6"
    message = _("A yearly report names the year it reports on.")


class ReportEventMissing(DomainError):
    rule = "INC-6"
    message = _("Give the day of taking office or of the change.")


class NotReviewer(DomainError):
    rule = "INC-6"
    message = _("Only the secretary reviews personal matters reports.")
