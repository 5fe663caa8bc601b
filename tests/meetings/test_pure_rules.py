"""The pure rule functions of meetings/rules.py (DEC-2, DEC-3, DEC-6, DEC-8): boundary
tables, no database."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from meetings import errors, rules

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


# DEC-8: the report window, counted in calendar days in Asia/Shanghai -----------------------

DECIDED = local(
    2026, 3, 1, 23, 30
)  # decided 23:30 local: the day itself is not counted


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (local(2026, 3, 31, 23, 59), False),  # the last minute of day 30
        (local(2026, 3, 31, 23, 59, 59, 999999), False),  # its last instant
        (local(2026, 4, 1, 0, 0), True),  # the first minute of day 31
        # 30×24 hours after 23:30 would end here; the calendar day has not:
        (local(2026, 3, 31, 23, 31), False),
        (local(2026, 3, 2, 0, 0), False),  # the first day counted
    ],
)
def test_dec8_window_ends_at_24_00_of_the_30th_calendar_day(now, overdue):
    """DEC-8: decided on 1 March at 23:30 (Shanghai): the 30 days are 2–31 March, the
    window ends at 24:00 on 31 March, not 30×24 hours after the decision."""
    assert (
        rules.emergency_report_overdue(
            decided_at=DECIDED,
            reported_at=None,
            report_meeting_start=None,
            held_meeting_starts=[],
            now=now,
        )
        is overdue
    )


def test_dec8_window_is_local_even_for_a_utc_moment():
    """DEC-8: 1 March 23:30 in Shanghai is 15:30 UTC; the window is the same."""
    period = rules.emergency_report_period(DECIDED.astimezone(datetime.UTC))
    assert (period.first_day, period.last_day) == (
        datetime.date(2026, 3, 2),
        datetime.date(2026, 3, 31),
    )
    assert period.ends_at == local(2026, 3, 31, 23, 59, 59, 999999)
    assert "DEC-8" in period.basis


@pytest.mark.parametrize(
    ("reported_at", "overdue"),
    [
        (local(2026, 3, 31, 23, 59), False),  # reported on day 30
        (local(2026, 4, 1, 0, 1), True),  # day 31: late, and stays late
        (local(2026, 4, 15, 10), True),  # day 45
    ],
)
def test_dec8_a_late_report_is_still_a_breach(reported_at, overdue):
    """DEC-8: the report made after the window does not undo the breach."""
    assert (
        rules.emergency_report_overdue(
            decided_at=DECIDED,
            reported_at=reported_at,
            report_meeting_start=reported_at,
            held_meeting_starts=[reported_at],
            now=local(2026, 6, 1),
        )
        is overdue
    )


def test_dec8_the_next_meeting_held_without_the_report():
    """DEC-8: unreported after a meeting was held: overdue at once (day 5); reported at
    the second meeting held after it: a breach; at the first: in time."""
    first, second = local(2026, 3, 6, 9), local(2026, 3, 13, 9)
    kwargs = {"decided_at": DECIDED, "now": local(2026, 3, 7)}
    assert rules.emergency_report_overdue(
        reported_at=None,
        report_meeting_start=None,
        held_meeting_starts=[first],
        **kwargs,
    )
    assert not rules.emergency_report_overdue(
        reported_at=None,
        report_meeting_start=None,
        held_meeting_starts=[local(2026, 3, 1, 9)],  # held before the decision
        **kwargs,
    )
    assert rules.emergency_report_overdue(
        reported_at=second + datetime.timedelta(hours=1),
        report_meeting_start=second,
        held_meeting_starts=[first, second],
        **kwargs,
    )
    assert not rules.emergency_report_overdue(
        reported_at=first + datetime.timedelta(hours=1),
        report_meeting_start=first,
        held_meeting_starts=[first, second],
        **kwargs,
    )


@pytest.mark.parametrize(
    ("decided_at", "refused"),
    [
        (local(2026, 3, 1, 9, 0), False),  # now
        (local(2026, 3, 1, 8, 59), False),
        (local(2026, 3, 1, 9, 0, 0, 1), True),  # a microsecond ahead
        (datetime.datetime(2026, 3, 1, 8, 0), True),  # naive: no calendar day
        ("2026-03-01", True),
        (None, True),
    ],
)
def test_dec8_decision_time_not_in_the_future(decided_at, refused):
    refusal = rules.emergency_time_refusal(decided_at, local(2026, 3, 1, 9, 0))
    assert isinstance(refusal, errors.EmergencyTimeInvalid) is refused
    assert refused or refusal is None


# DEC-2: nothing joins the agenda after the notice -------------------------------------------


@pytest.mark.parametrize(
    ("status", "item_refusal", "material_refusal"),
    [
        ("scheduled", None, None),
        ("notice_sent", errors.AgendaFrozen, errors.MaterialsFrozen),
        ("open", errors.AgendaFrozen, errors.MaterialsFrozen),
        ("closed", errors.AgendaFrozen, errors.MaterialsFrozen),
    ],
)
def test_dec2_agenda_change_refusal(status, item_refusal, material_refusal):
    item = rules.agenda_change_refusal(status)
    material = rules.agenda_change_refusal(status, material=True)
    assert (type(item) if item else None) is item_refusal
    assert (type(material) if material else None) is material_refusal


# DEC-3: attendance ---------------------------------------------------------------------------

NOW = local(2026, 3, 10, 10, 0)
DAY = datetime.date(2026, 3, 10)


def event(person_id, kind):
    return SimpleNamespace(person_id=person_id, kind=kind)


def test_dec3_present_from_events():
    events = [
        event(1, "arrive"),
        event(2, "arrive"),
        event(1, "depart"),
        event(3, "arrive"),
        event(3, "depart"),
        event(3, "arrive"),
    ]
    assert rules.present_ids(events) == {2, 3}
    assert rules.present_ids([]) == set()


def refusal(kind, at, last_kind=None, last_at=None):
    return rules.attendance_refusal(
        name="张三",
        kind=kind,
        at=at,
        last_kind=last_kind,
        last_at=last_at,
        meeting_day=DAY,
        now=NOW,
    )


ARRIVED = local(2026, 3, 10, 9, 0)


@pytest.mark.parametrize(
    ("kind", "at", "last_kind", "last_at", "expected"),
    [
        ("arrive", ARRIVED, None, None, None),
        ("arrive", local(2026, 3, 10, 0, 0), None, None, None),  # the day's first minute
        ("arrive", local(2026, 3, 9, 23, 59), None, None, errors.AttendanceTimeInvalid),
        ("arrive", NOW, None, None, None),  # now itself
        ("arrive", NOW + datetime.timedelta(seconds=1), None, None,
         errors.AttendanceTimeInvalid),
        ("arrive", datetime.datetime(2026, 3, 10, 9), None, None,
         errors.AttendanceTimeInvalid),  # naive
        ("depart", ARRIVED, None, None, errors.AttendanceInvalid),  # never arrived
        ("depart", ARRIVED + datetime.timedelta(microseconds=1), "arrive", ARRIVED,
         None),
        ("depart", ARRIVED, "arrive", ARRIVED, errors.AttendanceOutOfOrder),
        ("depart", ARRIVED - datetime.timedelta(minutes=5), "arrive", ARRIVED,
         errors.AttendanceOutOfOrder),
        ("arrive", ARRIVED, "arrive", ARRIVED - datetime.timedelta(hours=1),
         errors.AlreadyPresent),
        ("depart", NOW, "depart", ARRIVED, errors.AttendanceInvalid),
        ("arrive", local(2026, 3, 10, 9, 30), "depart", local(2026, 3, 10, 9, 40),
         errors.AttendanceOutOfOrder),
        ("arrive", local(2026, 3, 10, 9, 41), "depart", local(2026, 3, 10, 9, 40),
         None),
    ],
)  # fmt: skip
def test_dec3_attendance_refusal_table(kind, at, last_kind, last_at, expected):
    """DEC-3: arrive < leave < arrive … per member, on the meeting day, never ahead."""
    found = refusal(kind, at, last_kind, last_at)
    assert (type(found) if found else None) is expected


def test_dec3_out_of_order_names_both_times_in_shanghai():
    found = refusal(
        "depart",
        datetime.datetime(2026, 3, 10, 0, 55, tzinfo=datetime.UTC),  # 08:55 local
        "arrive",
        ARRIVED,
    )
    assert str(found) == (
        "张三: the time 08:55:00 is not after the last recorded time, 09:00:00: "
        "attendance is recorded in order."
    )


# DEC-6: the secretary last, and nothing after the secretary ----------------------------------


@pytest.mark.parametrize(
    ("is_secretary", "has_cast", "waiting", "expected"),
    [
        (True, False, 0, None),
        (True, False, 1, errors.SecretaryVotesLast),
        (True, True, 0, None),  # the secretary's ballot on the next nominee
        (False, False, 3, None),
        (False, True, 0, errors.SecretaryHasSpoken),  # a late arrival after the view
    ],
)
def test_dec6_secretary_last_refusal(is_secretary, has_cast, waiting, expected):
    found = rules.secretary_last_refusal(
        voter_is_secretary=is_secretary, secretary_has_cast=has_cast, waiting=waiting
    )
    assert (type(found) if found else None) is expected


def test_dec6_secretary_waits_message_counts_the_members_waiting():
    found = rules.secretary_last_refusal(
        voter_is_secretary=True, secretary_has_cast=False, waiting=11
    )
    assert str(found) == (
        "The secretary states their view last: 11 present members have not yet voted."
    )


# DEC-10: never looser than the rule of the decision it changes ------------------------------


def test_dec10_stricter_threshold_table():
    """DEC-10: of the reconsideration rule and the original's, the one needing more yes
    votes for these members and those present; the reconsideration rule on a tie."""
    from fractions import Fraction

    from committees.rules import DEFAULT_RULES, Base, Comparison, Threshold

    recon, personnel = DEFAULT_RULES["reconsideration"], DEFAULT_RULES["personnel"]
    assert rules.stricter_threshold(recon, personnel, 15, 15) is personnel  # 11 > 8
    assert rules.stricter_threshold(recon, DEFAULT_RULES["ordinary"], 15, 15) is recon
    assert rules.stricter_threshold(recon, None, 15, 15) is recon
    # Of those present: 3/4 of 12 present (10) against 1/2 of all 15 (8).
    present_rule = Threshold(Fraction(3, 4), Base.PRESENT, Comparison.AT_LEAST)
    assert rules.stricter_threshold(recon, present_rule, 15, 12) is present_rule
    assert rules.stricter_threshold(recon, present_rule, 15, 10) is recon  # 8 = 8


# The refusals of each action (the services raise them, the screens show them) ---------------

T = local(2026, 3, 10, 9, 0)


def kind(refusal):
    return type(refusal) if refusal is not None else None


def test_rule_constants_are_the_models_values():
    """The rules name the models' values without importing the ORM: they must agree."""
    from meetings.models import AgendaItem, Attendance, Decision, Meeting
    from meetings.models import PreparationRecord as P

    assert (rules.SCHEDULED, rules.NOTICE_SENT, rules.OPEN, rules.CLOSED) == tuple(
        Meeting.Status.values
    )
    assert rules.PENDING == AgendaItem.Status.PENDING
    assert (rules.ARRIVE, rules.DEPART) == tuple(Attendance.Kind.values)
    assert {rules.PASSED, rules.PARTLY, rules.REJECTED} == set(Decision.Outcome.values)
    assert {
        rules.INVESTIGATION,
        rules.OPTION,
        rules.LOWER_OPINION,
        rules.EXPERT,
    } == set(P.Step.values)


@pytest.mark.parametrize(
    ("status", "has_items", "expected"),
    [
        ("scheduled", True, None),
        ("scheduled", False, errors.AgendaEmpty),
        ("notice_sent", True, errors.AgendaFrozen),
        ("open", True, errors.AgendaFrozen),
    ],
)
def test_dec2_agenda_fix_refusal(status, has_items, expected):
    assert (
        kind(rules.agenda_fix_refusal(status=status, has_items=has_items)) is expected
    )


@pytest.mark.parametrize(
    ("status", "fixed", "ahead", "expected"),
    [
        ("scheduled", True, datetime.timedelta(hours=24), None),  # exactly the period
        ("scheduled", True, datetime.timedelta(hours=23, minutes=59), errors.NoticeTooLate),
        ("scheduled", False, datetime.timedelta(days=3), errors.AgendaNotFixed),
        ("notice_sent", True, datetime.timedelta(days=3), errors.AgendaFrozen),
    ],
)  # fmt: skip
def test_dec2_notice_send_refusal(status, fixed, ahead, expected):
    found = rules.notice_send_refusal(
        status=status, agenda_fixed=fixed, start=T + ahead, now=T, period_hours=24
    )
    assert kind(found) is expected


def test_dec2_notice_too_late_says_the_hours_left():
    found = rules.notice_period_refusal(
        start=T + datetime.timedelta(hours=23, minutes=59), now=T, period_hours=24
    )
    assert str(found) == (
        "The notice must reach participants at least 24 hours before the start; "
        "only 23 hours are left. Reschedule the meeting."
    )


@pytest.mark.parametrize(
    ("status", "now", "decides", "quorum", "expected"),
    [
        ("scheduled", T, True, True, errors.NoticeNotSent),
        ("open", T, True, True, errors.MeetingAlreadyOpen),
        ("closed", T, True, True, errors.MeetingAlreadyOpen),
        ("notice_sent", T - datetime.timedelta(minutes=1), True, True,
         errors.MeetingBeforeStart),
        ("notice_sent", T - datetime.timedelta(minutes=1), True, False,
         errors.MeetingBeforeStart),  # the start first, as the service
        ("notice_sent", T, True, True, None),  # at the start itself
        ("notice_sent", T, True, False, errors.QuorumNotMet),
        ("notice_sent", T, False, False, None),  # DEC-1: no quorum to discuss
    ],
)  # fmt: skip
def test_dec2_dec3_meeting_open_refusal(status, now, decides, quorum, expected):
    found = rules.meeting_open_refusal(
        status=status,
        now=now,
        notified_start=T,
        decides=decides,
        quorum_met=quorum,
        quorum_line="出席 10 人 / 应到 15 人",
    )
    assert kind(found) is expected


def test_dec2_before_the_start_names_it_in_shanghai_time():
    found = rules.meeting_open_refusal(
        status="notice_sent",
        now=T - datetime.timedelta(days=1),
        notified_start=T.astimezone(datetime.UTC),
        decides=True,
        quorum_met=True,
    )
    assert str(found) == (
        "The meeting opens no earlier than its notified start, 2026-03-10 09:00: an "
        "earlier sitting is a new meeting with its own notice."
    )


@pytest.mark.parametrize(
    ("status", "pending", "expected"),
    [
        ("open", 0, None),
        ("open", 1, errors.MeetingStillVoting),
        ("notice_sent", 0, errors.MeetingNotOpen),
    ],
)
def test_dec6_meeting_close_refusal(status, pending, expected):
    assert kind(rules.meeting_close_refusal(status=status, pending=pending)) is expected


@pytest.mark.parametrize(
    ("decides", "meeting", "item", "voted", "missing", "ballot", "close"),
    [
        (True, "open", "pending", True, [], None, None),
        (False, "open", "pending", True, [], errors.NotDecidingBody, None),
        (True, "notice_sent", "pending", True, [], errors.MeetingNotOpen,
         errors.MeetingNotOpen),
        (True, "open", "closed", True, [], errors.ItemClosed, errors.ItemClosed),
        (True, "open", "postponed", True, [], errors.ItemClosed, errors.ItemClosed),
        (True, "open", "pending", False, [], errors.ItemNotVoted, None),  # heard
        (True, "open", "pending", True, ["调研"], errors.PreparationIncomplete,
         errors.PreparationIncomplete),  # DEC-9 gates voting and closing
    ],
)  # fmt: skip
def test_dec6_dec9_ballot_and_item_close_refusals(
    decides, meeting, item, voted, missing, ballot, close
):
    facts = {
        "decides": decides,
        "meeting_status": meeting,
        "item_status": item,
        "is_voted": voted,
        "missing": missing,
    }
    assert kind(rules.ballot_refusal(**facts)) is ballot
    assert kind(rules.item_close_refusal(**facts)) is close


@pytest.mark.parametrize(
    ("status", "reopen", "reschedule"),
    [
        ("scheduled", errors.MeetingAlreadyOpen, None),
        ("notice_sent", None, None),
        ("open", errors.MeetingAlreadyOpen, errors.MeetingAlreadyOpen),
    ],
)
def test_dec2_reopen_and_reschedule_refusals(status, reopen, reschedule):
    assert kind(rules.agenda_reopen_refusal(status=status)) is reopen
    assert kind(rules.meeting_reschedule_refusal(status=status)) is reschedule


# DEC-9: preparation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "alternatives", "expert", "missing"),
    [
        ([], False, False, ["investigation and research", "options (0 of 1)",
                            "opinion of a lower-level organization"]),
        (["investigation", "option", "lower_opinion"], False, False, []),
        (["investigation", "option", "lower_opinion"], True, False,
         ["options (1 of 2)"]),
        (["investigation", "option", "option", "lower_opinion"], True, False, []),
        (["investigation", "option", "lower_opinion"], False, True,
         ["expert assessment"]),
        (["investigation", "option", "lower_opinion", "expert"], False, True, []),
    ],
)  # fmt: skip
def test_dec9_preparation_missing_table(english, steps, alternatives, expert, missing):
    assert (
        rules.preparation_missing(
            steps,
            needs_preparation=True,
            requires_alternatives=alternatives,
            requires_expert=expert,
        )
        == missing
    )


def test_dec9_an_ordinary_item_needs_no_preparation():
    assert rules.preparation_missing([], needs_preparation=False) == []


# DEC-4, DEC-5, DEC-6: tally and outcome ------------------------------------------------------


def test_dec6_tally_per_nominee():
    ballots = [(1, "agree"), (1, "agree"), (2, "disagree"), (1, "defer"), (3, "agree")]
    rows = rules.tally(ballots, [1, 2], ["agree", "disagree", "defer"])
    assert rows == [
        {"agree": 2, "disagree": 0, "defer": 1},
        {"agree": 0, "disagree": 1, "defer": 0},
    ]
    assert rules.tally([(None, "yes")], [None], ["yes", "no"]) == [{"yes": 1, "no": 0}]


@pytest.mark.parametrize(
    ("passed", "outcome"),
    [
        ([True], "passed"),
        ([False], "rejected"),
        ([True, False], "partly"),
        ([True, True], "passed"),
        ([], "rejected"),
    ],
)
def test_dec6_outcome_table(passed, outcome):
    assert rules.outcome(passed) == outcome


# -- DEC-11: the minutes, DEC-9: preparation ------------------------------------------------


@pytest.mark.parametrize(
    ("meeting_status", "latest", "refused"),
    [
        ("open", None, errors.MinutesBeforeClose),
        ("notice_sent", None, errors.MinutesBeforeClose),
        ("closed", None, None),
        ("closed", "draft", None),
        ("closed", "signed", errors.MinutesNotDraft),
        ("closed", "locked", errors.MinutesNotDraft),
    ],
)
def test_dec11_minutes_draft_refusal_table(meeting_status, latest, refused):
    """DEC-11: drafted after the meeting; a signed or locked version is never edited."""
    found = rules.minutes_draft_refusal(
        meeting_status=meeting_status, latest_status=latest
    )
    assert type(found) is refused if refused else found is None


def test_dec11_sign_lock_correct_follow_one_order():
    """DEC-11: draft → signed → locked → corrected as a new version with a reason."""
    assert rules.minutes_sign_refusal(version_status="draft") is None
    assert isinstance(
        rules.minutes_sign_refusal(version_status="signed"), errors.MinutesNotDraft
    )
    assert rules.minutes_lock_refusal(version_status="signed") is None
    assert isinstance(
        rules.minutes_lock_refusal(version_status="draft"), errors.MinutesNotSigned
    )
    assert (
        rules.minutes_correct_refusal(version_status="locked", is_latest=True) is None
    )
    assert isinstance(
        rules.minutes_correct_refusal(version_status="locked", is_latest=False),
        errors.MinutesNotLocked,
    )
    assert isinstance(
        rules.minutes_correct_refusal(version_status="signed", is_latest=True),
        errors.MinutesNotLocked,
    )
    assert isinstance(
        rules.minutes_correct_refusal(
            version_status="locked", is_latest=True, reason="  "
        ),
        errors.ReasonRequired,
    )


def test_dec9_preparation_refusal_table():
    """DEC-9: preparation is recorded for a major item still pending."""
    assert (
        rules.preparation_refusal(needs_preparation=True, item_status="pending") is None
    )
    assert isinstance(
        rules.preparation_refusal(needs_preparation=False, item_status="pending"),
        errors.NotMajorItem,
    )
    assert isinstance(
        rules.preparation_refusal(needs_preparation=True, item_status="closed"),
        errors.ItemClosed,
    )


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("scheduled", False),
        ("agenda_fixed", False),
        ("notice_sent", True),
        ("open", True),
        ("closed", False),
    ],  # fmt: skip
)
def test_dec3_attendance_is_recorded_from_the_notice_to_the_close(status, allowed):
    """DEC-3: arrivals and departures from the notice (early arrivals) to the close."""
    found = rules.attendance_stage_refusal(status=status)
    assert found is None if allowed else isinstance(found, errors.MeetingNotOpen)
