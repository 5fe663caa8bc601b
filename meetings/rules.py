"""Pure rule arithmetic of the decision-making mechanism (DEC-*): no ORM, no settings.

The services load the facts (events, counts, dates), call these functions and act on the
verdict; the selectors do the same for the screens and the county's figures, so a page, a
service and a figure can never disagree. Tested by boundary tables in
`tests/meetings/test_pure_rules.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from core.periods import SHANGHAI as _SHANGHAI
from core.periods import Period, PeriodRule, Unit, local_date, period

# -- DEC-8: the report of an emergency decision ---------------------------------------------

# "Reported to the committee at its next meeting … within 30 days": 30 calendar days in
# Asia/Shanghai after the day of the decision (the day itself not counted, 民法典 art. 201),
# ending at 24:00 of the 30th day. The window is the seed's, not a statutory one, so a last
# day that is a day off does not move: the committee can meet any day in an emergency.
EMERGENCY_REPORT = PeriodRule(
    length=30,
    unit=Unit.CALENDAR_DAYS,
    basis="DEC-8：紧急情况下个人临机处置后，应在下次党委会上（至迟三十日内）报告；民法典第二百零一条",
)


def emergency_report_period(decided_at: datetime.datetime) -> Period:
    """DEC-8: the calendar days within which an emergency decision must be reported."""
    return period(EMERGENCY_REPORT, local_date(decided_at))


def emergency_report_overdue(
    *,
    decided_at: datetime.datetime,
    reported_at: datetime.datetime | None,
    report_meeting_start: datetime.datetime | None,
    held_meeting_starts: Iterable[datetime.datetime],
    now: datetime.datetime,
) -> bool:
    """DEC-8: is this emergency decision a breach (overdue, or reported too late)?

    A breach stays a breach once the report is made: a decision reported on day 45, or at
    the second meeting after it, was still not reported in time.

    `held_meeting_starts`: the starts of the deciding meetings held (closed) since the
    decision; `report_meeting_start`: the start of the meeting it was reported at.
    """
    due = emergency_report_period(decided_at).ends_at
    if reported_at is None:
        if now > due:
            return True
        # Not reported at the next meeting held: any meeting held since the decision.
        return any(start > decided_at for start in held_meeting_starts)
    if reported_at > due:
        return True
    # Reported, but a meeting was held between the decision and the one it was reported at.
    report_start = report_meeting_start or reported_at
    return any(decided_at < start < report_start for start in held_meeting_starts)


# -- DEC-2: the agenda and its materials ----------------------------------------------------

# Meeting.Status.SCHEDULED (the model is not imported here: no ORM in the rules).
SCHEDULED = "scheduled"


def agenda_change_refusal(meeting_status: str, *, material: bool = False):
    """DEC-2: an item (proposed, carried forward, an emergency report, changed) or a
    material joins a meeting only before its notice: the notice carries the items with
    their materials, and nothing is added after it (no ad-hoc motions), during the
    meeting least of all. The refusal to raise, or None. Every path that adds to the
    agenda asks this one question; a path that adds also unfixes a fixed agenda."""
    from meetings import errors

    if meeting_status != SCHEDULED:
        return errors.MaterialsFrozen() if material else errors.AgendaFrozen()
    return None


# -- DEC-3: attendance ----------------------------------------------------------------------

ARRIVE = "arrive"  # Attendance.Kind values
DEPART = "depart"


def present_ids(events: Iterable) -> set[int]:
    """DEC-3: the people whose latest attendance event is an arrival.

    `events`: objects with `person_id` and `kind`, in time order (as recorded: the
    services keep each member's times strictly increasing)."""
    state: dict[int, str] = {}
    for event in events:
        state[event.person_id] = event.kind
    return {person_id for person_id, kind in state.items() if kind == ARRIVE}


def attendance_stage_refusal(*, status: str):
    """DEC-3: arrivals and departures are recorded from the notice to the close."""
    from meetings import errors

    return None if status in (NOTICE_SENT, OPEN) else errors.MeetingNotOpen()


def attendance_refusal(
    *,
    name: str,
    kind: str,
    at: datetime.datetime,
    last_kind: str | None,
    last_at: datetime.datetime | None,
    meeting_day: datetime.date,
    now: datetime.datetime,
):
    """DEC-3: may this arrival or departure be recorded? The refusal, or None.

    Each member's events alternate, arrival first, at strictly increasing times
    (arrive < leave < arrive …): a departure timed before the arrival would leave the
    member present, and a stay of no time is no stay. A time is aware, lies on the
    meeting day or later (Asia/Shanghai: arriving the day before a meeting is a wrong
    time) and is not in the future (nobody records an arrival that has not happened)."""
    from meetings import errors

    if not isinstance(at, datetime.datetime) or at.tzinfo is None:
        return errors.AttendanceTimeInvalid()
    if at > now or local_date(at) < meeting_day:
        return errors.AttendanceTimeInvalid()
    if kind == ARRIVE and last_kind == ARRIVE:
        return errors.AlreadyPresent(params={"name": name})
    if kind == DEPART and last_kind != ARRIVE:
        return errors.AttendanceInvalid(params={"name": name})
    if kind not in (ARRIVE, DEPART):
        return errors.AttendanceTimeInvalid()
    if last_at is not None and at <= last_at:
        return errors.AttendanceOutOfOrder(
            params={
                "name": name,
                "at": at.astimezone(_SHANGHAI).strftime("%H:%M:%S"),
                "last": last_at.astimezone(_SHANGHAI).strftime("%H:%M:%S"),
            }
        )
    return None


# -- DEC-6: the secretary states their view last --------------------------------------------


def secretary_last_refusal(
    *, voter_is_secretary: bool, secretary_has_cast: bool, waiting: int
):
    """DEC-6 (主要负责人末位表态) on a personnel item: the secretary casts only when every
    other present member has voted on every nominee of the item (`waiting`: how many
    have not); and once the secretary has cast on the item, no further ballot is taken
    on it — not even from a member who arrives afterwards, who would otherwise vote
    after the secretary. The refusal, or None."""
    from meetings import errors

    if voter_is_secretary:
        if waiting:
            return errors.SecretaryVotesLast(params={"count": waiting})
        return None
    if secretary_has_cast:
        return errors.SecretaryHasSpoken()
    return None


def emergency_time_refusal(decided_at, now: datetime.datetime):
    """DEC-8: an emergency decision is recorded after it was taken: its time is an aware
    moment, not in the future. The refusal, or None."""
    from meetings import errors

    if not isinstance(decided_at, datetime.datetime) or decided_at.tzinfo is None:
        return errors.EmergencyTimeInvalid()
    if decided_at > now:
        return errors.EmergencyTimeInvalid()
    return None


# -- DEC-10: a reconsideration is never looser than the rule of what it changes -------------


def stricter_threshold(reconsideration, original, members: int, present: int):
    """DEC-10: of the reconsideration rule and the rule of the decision it changes, the
    one that needs more yes votes for these members and those present (the
    reconsideration rule on a tie). A personnel decision passed by more than 2/3 of all
    members is not undone by more than 1/2 of them. Thresholds: `committees.rules`."""
    if original is None:
        return reconsideration
    if original.needed(members, present) > reconsideration.needed(members, present):
        return original
    return reconsideration


# -- the refusals of each action, for the services and the screens --------------------------
#
# Each `<action>_refusal(...)` takes the facts its service has loaded and returns the
# domain error the service raises (in the service's order of checks), or None. A screen
# calls the same function for its verdict (may_open, may_vote, …) and shows str(error).

# Meeting.Status and AgendaItem.Status values (the models are not imported: no ORM).
NOTICE_SENT = "notice_sent"
OPEN = "open"
CLOSED = "closed"
PENDING = "pending"


def agenda_fix_refusal(*, status: str, has_items: bool):
    """DEC-2: the secretary's office fixes the agenda before the notice, and not empty."""
    from meetings import errors

    if status != SCHEDULED:
        return errors.AgendaFrozen()
    if not has_items:
        return errors.AgendaEmpty()
    return None


def notice_period_refusal(
    *, start: datetime.datetime, now: datetime.datetime, period_hours: int
):
    """DEC-2: the notice reaches the participants at least `period_hours` before the
    start (exactly the period is in time)."""
    from meetings import errors

    ahead = start - now
    if ahead < datetime.timedelta(hours=period_hours):
        left = max(0, int(ahead.total_seconds() // 3600))
        return errors.NoticeTooLate(params={"hours": period_hours, "left": left})
    return None


def notice_send_refusal(
    *,
    status: str,
    agenda_fixed: bool,
    start: datetime.datetime,
    now: datetime.datetime,
    period_hours: int,
):
    """DEC-2: a fixed agenda, not yet noticed, a full notice period ahead."""
    from meetings import errors

    if status != SCHEDULED:
        return errors.AgendaFrozen()
    if not agenda_fixed:
        return errors.AgendaNotFixed()
    return notice_period_refusal(start=start, now=now, period_hours=period_hours)


def agenda_reopen_refusal(*, status: str):
    """DEC-2: only a noticed meeting not yet opened has its agenda reopened."""
    from meetings import errors

    return None if status == NOTICE_SENT else errors.MeetingAlreadyOpen()


def receipt_refusal(*, status: str):
    """DEC-2 (SEC-3): a receipt says the notice reached the participant before the meeting;
    once the meeting is closed one can no longer be recorded."""
    from meetings import errors

    return errors.ReceiptAfterClose() if status == CLOSED else None


def meeting_reschedule_refusal(*, status: str):
    """A meeting moves only before it opens (a noticed one gets a new notice)."""
    from meetings import errors

    return None if status in (SCHEDULED, NOTICE_SENT) else errors.MeetingAlreadyOpen()


def meeting_open_refusal(
    *,
    status: str,
    now: datetime.datetime,
    notified_start: datetime.datetime,
    decides: bool,
    quorum_met: bool,
    quorum_line: str = "",
):
    """DEC-2 and DEC-3, in the service's order: noticed, not yet open, not before the
    notified start (Asia/Shanghai in the message), and — for a deciding body — above
    quorum (`quorum_line`: the arithmetic the refusal prints)."""
    from meetings import errors

    if status == SCHEDULED:
        return errors.NoticeNotSent()
    if status != NOTICE_SENT:
        return errors.MeetingAlreadyOpen()
    if now < notified_start:
        start = notified_start.astimezone(_SHANGHAI).strftime("%Y-%m-%d %H:%M")
        return errors.MeetingBeforeStart(params={"start": start})
    if decides and not quorum_met:
        return errors.QuorumNotMet(params={"arithmetic": quorum_line})
    return None


def meeting_close_refusal(*, status: str, pending: int):
    """DEC-6: an open meeting closes once no item is pending (closed or postponed)."""
    from meetings import errors

    if status != OPEN:
        return errors.MeetingNotOpen()
    if pending:
        return errors.MeetingStillVoting()
    return None


def ballot_refusal(
    *,
    decides: bool,
    meeting_status: str,
    item_status: str,
    is_voted: bool,
    missing: list[str] = (),
):
    """DEC-1, DEC-6, DEC-9: the item-level checks of a ballot, in the service's order
    (the voter-level ones — present, once, no proxy, the secretary last — and the live
    quorum follow in the service)."""
    from meetings import errors

    if not decides:
        return errors.NotDecidingBody()
    if meeting_status != OPEN:
        return errors.MeetingNotOpen()
    if item_status != PENDING:
        return errors.ItemClosed()
    if not is_voted:
        return errors.ItemNotVoted()
    if missing:
        return errors.PreparationIncomplete(params={"missing": "、".join(missing)})
    return None


def ballot_correct_stage_refusal(*, meeting_status: str, item_status: str):
    """DEC-6: ballots are corrected only while the item is being voted in an open
    meeting. The refusal, or None."""
    from meetings import errors

    if meeting_status != OPEN or item_status != PENDING:
        return errors.BallotCorrectionClosed()
    return None


def ballot_correct_refusal(
    *,
    meeting_status: str,
    item_status: str,
    reason: str,
    choice_allowed: bool,
    unchanged: bool,
    name: str = "",
    choice_label: str = "",
    personnel: bool = False,
    of_secretary: bool = False,
    secretary_has_cast: bool = False,
):
    """DEC-6: a mis-entered ballot is corrected by the clerk while its item is still
    being voted in an open meeting (never after it is closed or postponed: its tally
    stands), with a reason, to another choice allowed for the item. On a personnel item
    the secretary states their view last: once the secretary has cast on the item, only
    the secretary's own ballot is still corrected. The refusal, or None."""
    from meetings import errors

    stage = ballot_correct_stage_refusal(
        meeting_status=meeting_status, item_status=item_status
    )
    if stage is not None:
        return stage
    if not (reason or "").strip():
        return errors.BallotCorrectionReasonRequired()
    if not choice_allowed:
        return errors.WrongChoice()
    if unchanged:
        return errors.BallotUnchanged(params={"name": name, "choice": choice_label})
    if personnel and secretary_has_cast and not of_secretary:
        return errors.BallotCorrectionAfterSecretary()
    return None


def schedule_refusal(
    *,
    start: datetime.datetime,
    now: datetime.datetime,
    recorded_afterwards: bool = False,
):
    """DEC-2: a meeting is scheduled ahead of its start (its notice comes first); a
    meeting already held is entered only through the explicit catch-up path
    (`recorded_afterwards`), and that path takes only a start already passed. The
    refusal, or None."""
    from meetings import errors

    shown = start.astimezone(_SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if recorded_afterwards:
        if start > now:
            return errors.PastMeetingInTheFuture(params={"start": shown})
        return None
    if start <= now:
        return errors.MeetingInThePast(params={"start": shown})
    return None


def item_close_refusal(
    *,
    decides: bool,
    meeting_status: str,
    item_status: str,
    is_voted: bool,
    missing: list[str] = (),
):
    """DEC-6, DEC-9: an open meeting's pending item; a voted item of a deciding body is
    closed only with its preparation on record (the gate applies to closing too). The
    live quorum follows in the service."""
    from meetings import errors

    if meeting_status != OPEN:
        return errors.MeetingNotOpen()
    if item_status != PENDING:
        return errors.ItemClosed()
    if decides and is_voted and missing:
        return errors.PreparationIncomplete(params={"missing": "、".join(missing)})
    return None


def item_postpone_refusal(*, meeting_status: str, item_status: str, is_voted: bool):
    """DEC-6 (暂缓表决): a pending voted item of an open meeting."""
    from meetings import errors

    if meeting_status != OPEN:
        return errors.MeetingNotOpen()
    if item_status != PENDING:
        return errors.ItemClosed()
    if not is_voted:
        return errors.ItemNotVoted()
    return None


# -- DEC-11: the minutes ---------------------------------------------------------------------

DRAFT = "draft"  # MinutesVersion.Status values
SIGNED = "signed"
LOCKED = "locked"


def minutes_draft_refusal(*, meeting_status: str, latest_status: str | None):
    """DEC-11: drafted after the meeting is closed; only a draft (or nothing yet) is
    written on; a signed or locked version changes only by a correction."""
    from meetings import errors

    if meeting_status != CLOSED:
        return errors.MinutesBeforeClose()
    if latest_status not in (None, DRAFT):
        return errors.MinutesNotDraft()
    return None


def minutes_sign_refusal(
    *,
    version_status: str | None,
    now: datetime.datetime | None = None,
    meeting_closed_at: datetime.datetime | None = None,
):
    """DEC-11: the secretary signs off a draft, after the meeting it records has closed
    (so the sign-off date on the minutes is never earlier than the meeting)."""
    from meetings import errors

    if version_status != DRAFT:
        return errors.MinutesNotDraft()
    if now is not None and meeting_closed_at is not None and now < meeting_closed_at:
        closed = meeting_closed_at.astimezone(_SHANGHAI).strftime("%Y-%m-%d %H:%M")
        return errors.MinutesSignedBeforeMeeting(params={"closed": closed})
    return None


def minutes_lock_refusal(*, version_status: str | None):
    """DEC-11: only signed minutes are locked."""
    from meetings import errors

    return None if version_status == SIGNED else errors.MinutesNotSigned()


def minutes_correct_refusal(
    *, version_status: str | None, is_latest: bool, reason: str | None = None
):
    """DEC-11: a correction starts from the latest locked version and gives its reason
    (`reason=None`: the screen asks before the reason is typed)."""
    from meetings import errors

    if version_status != LOCKED or not is_latest:
        return errors.MinutesNotLocked()
    if reason is not None and not reason.strip():
        return errors.ReasonRequired()
    return None


# -- DEC-9: the preparation of a major item -------------------------------------------------

INVESTIGATION = "investigation"  # PreparationRecord.Step values
OPTION = "option"
LOWER_OPINION = "lower_opinion"
EXPERT = "expert"


def preparation_refusal(*, needs_preparation: bool, item_status: str):
    """DEC-9: preparation is recorded for a major item still pending."""
    from meetings import errors

    if not needs_preparation:
        return errors.NotMajorItem()
    if item_status != PENDING:
        return errors.ItemClosed()
    return None


def preparation_missing(
    steps: Iterable[str],
    *,
    needs_preparation: bool,
    requires_alternatives: bool = False,
    requires_expert: bool = False,
) -> list[str]:
    """DEC-9: the steps still missing (their names, in the active language), from the
    steps on record (one entry per record): investigation and research; a plan — two
    options where alternatives are required; the opinion of a lower-level organization;
    an expert assessment where it is required."""
    from django.utils.translation import gettext as _

    if not needs_preparation:
        return []
    steps = list(steps)
    missing = []
    if INVESTIGATION not in steps:
        missing.append(_("investigation and research"))
    need = 2 if requires_alternatives else 1
    if steps.count(OPTION) < need:
        missing.append(
            _("options (%(have)s of %(need)s)")
            % {"have": steps.count(OPTION), "need": need}
        )
    if LOWER_OPINION not in steps:
        missing.append(_("opinion of a lower-level organization"))
    if requires_expert and EXPERT not in steps:
        missing.append(_("expert assessment"))
    return missing


# -- DEC-4, DEC-5, DEC-6: the tally and the outcome -----------------------------------------

PASSED = "passed"  # Decision.Outcome values
PARTLY = "partly"
REJECTED = "rejected"


def tally(
    ballots: Iterable[tuple[int | None, str]],
    nominee_ids: list[int | None],
    choices: Iterable[str],
) -> list[dict[str, int]]:
    """The counts of each choice per nominee (one row, nominee None, for an ordinary
    item), from (nominee id, choice) pairs."""
    rows = {nominee: {choice: 0 for choice in choices} for nominee in nominee_ids}
    for nominee, choice in ballots:
        if nominee in rows and choice in rows[nominee]:
            rows[nominee][choice] += 1
    return [rows[nominee] for nominee in nominee_ids]


def outcome(passed: list[bool]) -> str:
    """DEC-6: each person of a personnel item is decided on their own: all passed,
    some passed (partly), none (rejected)."""
    if passed and all(passed):
        return PASSED
    if any(passed):
        return PARTLY
    return REJECTED


# -- PRJ-3: a member who must step aside cannot vote on that item ---------------------------


def recusal_refusal(*, voter_id: int, name: str, recused: dict[int, str]):
    """PRJ-3: the refusal of a ballot by (or a correction of a ballot of) a member who
    must step aside on the item (`recused`: person id -> reason, from
    `meetings.recusals.recused`), or None. Only the ballot is refused: the member still
    counts among the members in office (应到), see `ballot_cast`."""
    from meetings import errors

    if voter_id in recused:
        return errors.MustStepAside(params={"name": name, "reason": recused[voter_id]})
    return None
