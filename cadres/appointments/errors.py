"""Refusals of the appointment rules (SPEC APT-1 … APT-3). Tests assert the messages exactly."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class AppointmentError(DomainError):
    rule = "APT-1"


class StageSkipped(AppointmentError):
    rule = "APT-1"
    message = _(
        "The case is at the stage “%(current)s”: “%(wanted)s” cannot be recorded now. "
        "No stage may be skipped."
    )


class CaseClosed(AppointmentError):
    rule = "APT-1"
    message = _("The case is closed (%(stage)s); nothing more can be recorded.")


class PersonOfOtherTownship(AppointmentError):
    rule = "APT-1"
    message = _("Only people of this township can be appointed or nominated.")


class StopReasonRequired(AppointmentError):
    rule = "APT-1"
    message = _("Give the reason for stopping the case.")


class NomineesRequired(AppointmentError):
    rule = "APT-2"
    message = _("A democratic recommendation records at least one nominee.")


class BallotsExceedElectorate(AppointmentError):
    rule = "APT-2"
    message = _(
        "%(returned)s ballots returned is more than the electorate of %(electorate)s."
    )


class VotesExceedBallots(AppointmentError):
    rule = "APT-2"
    message = _(
        "%(name)s received %(votes)s votes, more than the %(returned)s ballots returned."
    )


class VotesInvalid(AppointmentError):
    rule = "APT-2"
    message = _("%(name)s received %(votes)s votes: a vote count is 0 or more.")


class NomineeTwice(AppointmentError):
    rule = "APT-2"
    message = _("%(name)s is given twice: each nominee once, with their votes.")


class CountsInvalid(AppointmentError):
    rule = "APT-2"
    message = _(
        "The electorate is a whole number of at least 1 and the ballots returned a whole "
        "number of 0 or more."
    )


class CandidateNotRecommended(AppointmentError):
    rule = "APT-2"
    message = _(
        "%(names)s was not recommended: candidates for inspection come only from those "
        "recommended."
    )


class PersonNotCandidate(AppointmentError):
    rule = "APT-2"
    message = _(
        "%(name)s, the person of this case, must be among the candidates for inspection."
    )


class CandidatesRequired(AppointmentError):
    rule = "APT-2"
    message = _("Choose at least one candidate for inspection.")


class WrongAgendaItem(AppointmentError):
    rule = "DEC-4"
    message = _(
        "The decision must be a personnel item of a committee meeting of this township "
        "with %(name)s among its nominees."
    )


class DecisionNotTaken(AppointmentError):
    rule = "DEC-6"
    message = _("The committee has not voted on the personnel item yet.")


class DecisionNotPassed(AppointmentError):
    rule = "DEC-4"
    message = _(
        "The committee did not pass the appointment of %(name)s (%(arithmetic)s); the "
        "case cannot move on."
    )


class DecisionNotOnPerson(AppointmentError):
    rule = "DEC-4"
    message = _(
        "The committee's decision on “%(item)s” does not decide on %(name)s; the case "
        "stands only on a decision about its own person."
    )


class DecisionRevoked(AppointmentError):
    rule = "DEC-10"
    message = _(
        "The committee revoked this decision (“%(by)s”, %(day)s); a case cannot stand on "
        "a revoked decision."
    )


class DecisionBeforeCase(AppointmentError):
    rule = "APT-1"
    message = _(
        "This decision was taken on %(day)s, before the case reached the committee "
        "decision stage (%(reached)s); a case stands only on a decision taken for it."
    )


class DecisionUsedByAnotherCase(AppointmentError):
    rule = "APT-1"
    message = _(
        "This decision has already carried another case (“%(case)s”); one decision "
        "moves one case."
    )


class NoticePeriodOpen(AppointmentError):
    rule = "APT-3"
    message = _(
        "The public notice runs until %(ends)s; the formalities wait until it has ended."
    )


class FormalitiesInsideNotice(AppointmentError):
    rule = "APT-3"
    message = _(
        "The formalities cannot be dated on or before %(day)s, the last day of the "
        "public notice."
    )


class ObjectionWithoutFinding(AppointmentError):
    rule = "APT-3"
    message = _(
        "%(count)s objection(s) to the notice have no finding yet; record a finding for "
        "each before the formalities."
    )


class ObjectionNotOnThisNotice(AppointmentError):
    rule = "APT-3"
    message = _("This objection was not sent on this case's public notice.")


class NoticeAlreadyPublished(AppointmentError):
    rule = "APT-3"
    message = _("The public notice of this case is already published.")


class NoticeNotPublished(AppointmentError):
    rule = "APT-3"
    message = _("The public notice has not been published yet.")


class AffectingObjection(AppointmentError):
    rule = "APT-3"
    message = _(
        "An objection was found to affect the appointment; the case is stopped."
    )


# -- APT-4: competitive selection ----------------------------------------------------------


class WeightsInvalid(AppointmentError):
    rule = "APT-4"
    message = _(
        "The written exam weight must be between 0 and 1 (the interview has the rest)."
    )


class PostingClosed(AppointmentError):
    rule = "APT-4"
    message = _("Applications were taken until %(day)s; the posting is closed.")


class PostingStillOpen(AppointmentError):
    rule = "APT-4"
    message = _("Scores are recorded after applications close on %(day)s.")


class ScoreOutOfRange(AppointmentError):
    rule = "APT-4"
    message = _("Scores are between 0 and 100.")


class ScoresMissing(AppointmentError):
    rule = "APT-4"
    message = _("%(count)s applicant(s) have no written or interview score yet.")


class ResultPublished(AppointmentError):
    rule = "APT-4"
    message = _("The result is published; the scores can no longer change.")


class NoApplicants(AppointmentError):
    rule = "APT-4"
    message = _("A result needs at least one applicant.")


class ApplicantTwice(AppointmentError):
    rule = "APT-4"
    message = _("%(name)s has already applied.")


# -- APT-5: outstanding cadres ------------------------------------------------------------


class VoteExists(AppointmentError):
    rule = "APT-5"
    message = _("The outstanding cadre vote of %(year)s already exists.")


class VoteClosed(AppointmentError):
    rule = "APT-5"
    message = _("The vote is closed.")


class NotInElectorate(AppointmentError):
    rule = "APT-5"
    message = _("%(name)s is not a cadre or village leader of this township.")


class BallotTwice(AppointmentError):
    rule = "APT-5"
    message = _("%(name)s has already cast a ballot.")


class TooManyChoices(AppointmentError):
    rule = "APT-5"
    message = _("Choose between 1 and %(seats)s people.")


class NotOwnBallot(AppointmentError):
    rule = "APT-5"
    message = _("Everyone casts their own ballot.")


class ReasonRequired(AppointmentError):
    rule = "APT-5"
    message = _("Give the reason.")


class AlreadyOnList(AppointmentError):
    rule = "APT-5"
    message = _("%(name)s is already on the list of outstanding cadres.")


class NotOnList(AppointmentError):
    rule = "APT-5"
    message = _("This entry has already been removed from the list.")
