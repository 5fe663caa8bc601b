"""Refusals of the decision-making rules (DEC-1..DEC-11). Messages are asserted exactly by tests."""

from django.utils.translation import gettext_lazy as _

# SEC-3: bad input is core's RecordInvalid (save_with_history raises it); every public
# meetings service is decorated with core's refuses_invalid_input. Both re-exported here.
from core.errors import DomainError, RecordInvalid, refuses_invalid_input  # noqa: F401


class NotDecidingBody(DomainError):
    rule = "DEC-1"
    message = _(
        "A secretary's office or joint meeting records discussion only: it does not vote "
        "or decide."
    )


class AgendaFrozen(DomainError):
    rule = "DEC-2"
    message = _(
        "The notice has been sent: no item may be added or changed (no ad-hoc motions)."
    )


class AgendaNotFixed(DomainError):
    rule = "DEC-2"
    message = _("The agenda must be fixed before the notice is sent.")


class AgendaEmpty(DomainError):
    rule = "DEC-2"
    message = _("The agenda has no item.")


class NoticeTooLate(DomainError):
    rule = "DEC-2"
    message = _(
        "The notice must reach participants at least %(hours)s hours before the start; "
        "only %(left)s hours are left. Reschedule the meeting."
    )


class NoticeNotSent(DomainError):
    rule = "DEC-2"
    message = _("The meeting cannot open before its notice has been sent.")


class NotAParticipant(DomainError):
    rule = "DEC-2"
    message = _("You are not a participant of this meeting.")


class ReceiptAfterClose(DomainError):
    rule = "DEC-2"
    message = _(
        "The meeting is closed: a receipt of its notice can no longer be recorded."
    )


class QuorumNotMet(DomainError):
    rule = "DEC-3"
    message = _("Below quorum: %(arithmetic)s.")


class MeetingNotOpen(DomainError):
    rule = "DEC-3"
    message = _("The meeting is not in session.")


class MeetingAlreadyOpen(DomainError):
    rule = "DEC-3"
    message = _("The meeting has already been opened.")


class AttendanceInvalid(DomainError):
    rule = "DEC-3"
    message = _("%(name)s is not recorded as present.")


class AlreadyPresent(DomainError):
    rule = "DEC-3"
    message = _("%(name)s is already recorded as present.")


class NotAVoter(DomainError):
    rule = "DEC-6"
    message = _("%(name)s is not a voting member of the committee on the meeting day.")


class VoterAbsent(DomainError):
    rule = "DEC-6"
    message = _("%(name)s is not present: absent members do not vote.")


class DuplicateBallot(DomainError):
    rule = "DEC-6"
    message = _("%(name)s has already voted on this item.")


class NoProxyVote(DomainError):
    rule = "DEC-6"
    message = _("No proxy votes: a member may enter only their own ballot.")


class WrongChoice(DomainError):
    rule = "DEC-6"
    message = _("This choice is not allowed for this kind of item.")


class NomineeRequired(DomainError):
    rule = "DEC-6"
    message = _("A personnel ballot names one of the item's nominees.")


class SecretaryVotesLast(DomainError):
    rule = "DEC-6"
    message = _(
        "The secretary states their view last: %(count)s present members have not yet voted."
    )


class ItemNotVoted(DomainError):
    rule = "DEC-6"
    message = _("This item is a report: it is heard, not voted.")


class ItemClosed(DomainError):
    rule = "DEC-6"
    message = _("This item is already closed or postponed.")


class PreparationIncomplete(DomainError):
    rule = "DEC-9"
    message = _(
        "The vote is blocked until the preparation is complete. Missing: %(missing)s."
    )


class NotMajorItem(DomainError):
    rule = "DEC-9"
    message = _("Preparation records belong to major items.")


class WrongDecisionChange(DomainError):
    rule = "DEC-10"
    message = _(
        "A decision is changed or revoked only by a new decision of the same body that names it."
    )


class MinutesNotDraft(DomainError):
    rule = "DEC-11"
    message = _("Only a draft may be edited or signed off.")


class MinutesNotSigned(DomainError):
    rule = "DEC-11"
    message = _(
        "The minutes must be signed off by the secretary before they are locked."
    )


class MinutesNotLocked(DomainError):
    rule = "DEC-11"
    message = _("Only locked minutes are corrected, with a new version and a reason.")


class MinutesBeforeClose(DomainError):
    rule = "DEC-11"
    message = _("Minutes are drafted after the meeting is closed.")


class ReasonRequired(DomainError):
    rule = "DEC-11"
    message = _("A correction needs a reason.")


class MeetingStillVoting(DomainError):
    rule = "DEC-6"
    message = _(
        "Items are still open: close or postpone each before closing the meeting."
    )


class MeetingBeforeStart(DomainError):
    rule = "DEC-2"
    message = _(
        "The meeting opens no earlier than its notified start, %(start)s: an earlier "
        "sitting is a new meeting with its own notice."
    )


class MaterialsFrozen(DomainError):
    rule = "DEC-2"
    message = _(
        "The notice has been sent with its materials: no material may be added. "
        "Reopen the agenda and send a new notice."
    )


class AttendanceOutOfOrder(DomainError):
    rule = "DEC-3"
    message = _(
        "%(name)s: the time %(at)s is not after the last recorded time, %(last)s: "
        "attendance is recorded in order."
    )


class AttendanceTimeInvalid(DomainError):
    rule = "DEC-3"
    message = _("An attendance time lies on the meeting day and not in the future.")


class SecretaryHasSpoken(DomainError):
    rule = "DEC-6"
    message = _(
        "The secretary has stated their view on this item: no further ballot is taken "
        "on it."
    )


class EmergencyTimeInvalid(DomainError):
    rule = "DEC-8"
    message = _(
        "An emergency decision is recorded after it was taken: its time cannot lie in "
        "the future."
    )


class DecisionAlreadyRevoked(DomainError):
    rule = "DEC-10"
    message = _(
        "This decision has already been revoked: a revoked decision is neither revoked "
        "again nor changed."
    )


class PersonNotOfTownship(DomainError):
    rule = "SEC-1"
    message = _("%(name)s is not a person of this township.")


class BallotCorrectionClosed(DomainError):
    rule = "DEC-6"
    message = _(
        "A ballot is corrected only while its item is still being voted: the tally of a "
        "closed or postponed item stands with its ballots."
    )


class BallotCorrectionReasonRequired(DomainError):
    rule = "DEC-6"
    message = _("A corrected ballot needs a reason (what was entered wrongly).")


class BallotUnchanged(DomainError):
    rule = "DEC-6"
    message = _("%(name)s's ballot is already “%(choice)s”: nothing to correct.")


class BallotCorrectionAfterSecretary(DomainError):
    rule = "DEC-6"
    message = _(
        "The secretary has stated their view on this item: another member's ballot is "
        "no longer corrected (the secretary states their view last)."
    )


class MeetingInThePast(DomainError):
    rule = "DEC-2"
    message = _(
        "%(start)s has already passed: a meeting is scheduled ahead, with its notice. "
        "To catch up on a meeting already held, use “Record a past meeting”."
    )


class PastMeetingInTheFuture(DomainError):
    rule = "DEC-2"
    message = _(
        "A meeting recorded afterwards was held before now; %(start)s is still to "
        "come: schedule it instead."
    )


class PersonnelItemNeedsNominee(DomainError):
    rule = "DEC-4"
    message = _(
        "A personnel item names its nominee: choose at least one person under "
        "“Nominees”."
    )


class MinutesSignedBeforeMeeting(DomainError):
    rule = "DEC-11"
    message = _(
        "Minutes are signed off after the meeting they record, which closed at "
        "%(closed)s."
    )


class MustStepAside(DomainError):
    rule = "PRJ-3"
    message = _(
        "%(name)s may not vote on this item: a member who must step aside does not "
        "vote (PRJ-3). %(reason)s"
    )
