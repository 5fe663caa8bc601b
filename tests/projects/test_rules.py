"""PRJ-1 … PRJ-5: the pure clocks and tests of `projects.rules`, by boundary tables at the
minute (Asia/Shanghai), across National Day 2026 (1–7 October off; Sunday 20 September and
Saturday 10 October are make-up working days) — the way tests/core/test_periods.py reads."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.periods import SHANGHAI, WorkCalendar
from projects import rules

D = datetime.date
CAL = WorkCalendar()


def at(y, m, d, hh=0, mm=0, ss=0):
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=SHANGHAI)


UTC = datetime.UTC


# -- PRJ-1 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target", "skip"),
    [
        ("proposal", "feasibility", None),
        ("proposal", "decision", rules.Stage.FEASIBILITY),
        ("decision", "approval", None),
        ("approval", "implementation", rules.Stage.TENDERING),
        ("acceptance", "accounts", None),
        ("accounts", "finished", None),
        ("finished", "finished", rules.Stage.FINISHED),
    ],
)
def test_prj1_no_stage_skipped(current, target, skip):
    assert rules.stage_skip(current, target) == skip


def test_prj1_stages_skipped_from_records():
    assert rules.stages_skipped(["feasibility", "decision"], "tendering") == [
        rules.Stage.APPROVAL
    ]
    assert rules.stages_skipped([], "proposal") == []


@pytest.mark.parametrize(
    ("feasibility", "estimate", "flagged"),
    [
        ("1000000.00", "1100000.00", False),  # exactly 10 % over: not more than 10 %
        ("1000000.00", "1100000.01", True),
        ("1000000.00", "900000.00", False),
        ("333333.33", "366666.66", False),  # 366666.663 is the limit
        ("333333.33", "366666.67", True),
    ],
)
def test_prj1_estimate_more_than_ten_percent_over(feasibility, estimate, flagged):
    assert rules.estimate_overrun(Decimal(feasibility), Decimal(estimate)) is flagged


@pytest.mark.parametrize(
    ("spent", "amount", "refused"),
    [
        ("0", "500000.00", False),
        ("400000.00", "100000.00", False),
        ("400000.00", "100000.01", True),
    ],
)
def test_prj1_spending_within_estimate(spent, amount, refused):
    assert (
        rules.spending_refused(Decimal(spent), Decimal(amount), Decimal("500000.00"))
        is refused
    )


@pytest.mark.parametrize(
    ("accepted", "last"),
    [
        (
            D(2026, 9, 20),
            D(2026, 10, 8),
        ),  # day 15 is 5 Oct (National Day): moved to 8 Oct
        (D(2026, 9, 10), D(2026, 9, 28)),  # Fri 25 Sep is Mid-Autumn: moved to Mon 28
        (D(2026, 11, 2), D(2026, 11, 17)),
    ],
)
def test_prj1_acceptance_filed_within_15_days(accepted, last):
    due = rules.acceptance_filing(accepted, CAL)
    assert due.basis.startswith("建设工程质量管理条例第四十九条")
    assert due.last_day == last


# -- PRJ-2: the duty to tender ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "category", "strict", "required"),
    [
        ("3999999.99", "works", False, False),
        ("4000000.00", "works", False, True),  # "以上" includes the figure
        ("1999999.99", "goods", False, False),
        ("2000000.00", "goods", False, True),
        ("1000000.00", "services", False, True),
        ("300000.00", "works", True, True),  # the township's stricter setting
    ],
)
def test_prj2_tender_duty_follows_thresholds(amount, category, strict, required):
    threshold = rules.DEFAULT_THRESHOLDS[rules.Category(category)]
    duty = rules.tender_duty(Decimal(amount), threshold, township_requires_all=strict)
    assert duty.required is required
    assert duty.reason


# -- PRJ-2: the clocks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("docs_from", "deadline", "allowed"),
    [
        (D(2026, 12, 1), at(2026, 12, 21, 9, 0), True),  # day 20 after 1 Dec
        (D(2026, 12, 1), at(2026, 12, 20, 23, 59), False),
        # Across National Day: calendar days, a holiday counts and nothing moves.
        (D(2026, 9, 15), at(2026, 10, 5, 9, 0), True),
        (D(2026, 9, 15), at(2026, 10, 4, 17, 0), False),
        # The deadline given in UTC is judged by its Shanghai day: 20 Dec 16:00Z is 21 Dec.
        (D(2026, 12, 1), datetime.datetime(2026, 12, 20, 16, 0, tzinfo=UTC), True),
        (D(2026, 12, 1), datetime.datetime(2026, 12, 20, 15, 59, tzinfo=UTC), False),
    ],
)
def test_prj2_twenty_days_documents_to_deadline(docs_from, deadline, allowed):
    assert rules.deadline_allowed(docs_from, deadline) is allowed
    assert rules.DOCS_TO_DEADLINE.basis.startswith("招标投标法第二十四条")


@pytest.mark.parametrize(
    ("docs_from", "earliest"),
    [(D(2026, 9, 28), D(2026, 10, 3)), (D(2026, 12, 1), D(2026, 12, 6))],
)
def test_prj2_documents_available_five_days(docs_from, earliest):
    assert rules.earliest_documents_until(docs_from) == earliest


@pytest.mark.parametrize(
    ("clarified", "deadline", "new"),
    [
        # 15 days before: the deadline stands.
        (at(2026, 12, 6, 23, 59), at(2026, 12, 21, 9, 30), at(2026, 12, 21, 9, 30)),
        # A minute later is the next day: 14 days before, moved to 22 Dec, same time.
        (at(2026, 12, 7, 0, 0), at(2026, 12, 21, 9, 30), at(2026, 12, 22, 9, 30)),
        # Across National Day: 28 Sep + 15 = 13 Oct.
        (at(2026, 9, 28, 15, 0), at(2026, 10, 12, 9, 30), at(2026, 10, 13, 9, 30)),
    ],
)
def test_prj2_late_clarification_moves_deadline(clarified, deadline, new):
    assert rules.deadline_after_clarification(clarified, deadline) == new


@pytest.mark.parametrize(
    ("received", "deadline", "allowed"),
    [
        (at(2026, 10, 2, 23, 59), at(2026, 10, 12, 9, 30), True),  # 10 days before
        (at(2026, 10, 3, 0, 0), at(2026, 10, 12, 9, 30), False),
        (at(2026, 12, 11, 18, 0), at(2026, 12, 21, 9, 30), True),
        (at(2026, 12, 12, 8, 0), at(2026, 12, 21, 9, 30), False),
    ],
)
def test_prj2_objection_until_ten_days_before(received, deadline, allowed):
    assert rules.objection_allowed(received, deadline) is allowed


@pytest.mark.parametrize(
    ("received", "last"),
    [
        (
            at(2026, 9, 29, 10),
            D(2026, 10, 8),
        ),  # day 3 is 2 Oct, a holiday: moved to 8 Oct
        (at(2026, 10, 6, 10), D(2026, 10, 9)),
        (
            at(2026, 10, 7, 10),
            D(2026, 10, 10),
        ),  # Saturday 10 Oct is a make-up working day
        (at(2026, 12, 1, 10), D(2026, 12, 4)),
    ],
)
def test_prj2_objection_answered_within_three_days(received, last):
    due = rules.answer_due(received, CAL)
    assert due.last_day == last
    assert due.ends_at == at(
        last.year, last.month, last.day, 23, 59, 59
    ) + datetime.timedelta(microseconds=999999)


@pytest.mark.parametrize(
    ("received", "in_time"),
    [
        (at(2026, 12, 20, 17, 0, 0) - datetime.timedelta(seconds=1), True),
        (at(2026, 12, 20, 17, 0, 0), False),
        (
            datetime.datetime(2026, 12, 20, 8, 59, 59, tzinfo=UTC),
            True,
        ),  # 16:59:59 local
        (datetime.datetime(2026, 12, 20, 9, 0, 0, tzinfo=UTC), False),
    ],
)
def test_prj2_bids_only_until_the_deadline_to_the_second(received, in_time):
    assert rules.bid_in_time(received, at(2026, 12, 20, 17, 0)) is in_time


@pytest.mark.parametrize(("count", "ok"), [(2, False), (3, True), (7, True)])
def test_prj2_fewer_than_three_bids(count, ok):
    assert rules.enough_bids(count) is ok


@pytest.mark.parametrize(
    ("members", "experts", "ok"),
    [
        (5, 4, True),
        (5, 3, False),  # 3/5 < 2/3
        (4, 4, False),  # even
        (3, 3, False),  # fewer than 5
        (7, 5, True),  # 5/7 ≥ 2/3
        (7, 4, False),
        (9, 6, True),  # exactly 2/3
    ],
)
def test_prj2_evaluation_committee(members, experts, ok):
    assert rules.evaluation_committee_ok(members, experts) is ok


@pytest.mark.parametrize(
    ("report", "last"),
    [(at(2026, 9, 28, 10), D(2026, 10, 8)), (at(2026, 12, 1, 10), D(2026, 12, 4))],
)
def test_prj2_candidates_published_within_three_days(report, last):
    assert rules.candidates_publish_due(report, CAL).last_day == last


def test_prj2_candidates_shown_at_least_three_days_not_moved():
    shown = rules.candidates_shown(at(2026, 9, 30, 10))
    assert shown.last_day == D(2026, 10, 3)  # a holiday, not moved: a minimum period
    assert not shown.has_ended_at(at(2026, 10, 3, 23, 59))
    assert shown.has_ended_at(at(2026, 10, 4, 0, 0))


@pytest.mark.parametrize(
    ("awarded", "last"),
    [(at(2026, 9, 5, 10), D(2026, 10, 8)), (at(2026, 11, 1, 10), D(2026, 12, 1))],
)
def test_prj2_contract_within_thirty_days(awarded, last):
    assert rules.contract_due(awarded, CAL).last_day == last


def test_prj2_days_left_printed_for_villagers():
    deadline = at(2026, 12, 20, 17, 0)
    assert rules.days_left(deadline, at(2026, 12, 11, 8, 0)) == 9
    assert rules.days_left(deadline, at(2026, 12, 20, 16, 59)) == 0
    assert rules.days_left(deadline, at(2026, 12, 20, 17, 0)) is None


# -- PRJ-3 --------------------------------------------------------------------------------------

A = {"name": "甲建设有限公司", "legal_rep": "张三", "controller": "甲集团"}


@pytest.mark.parametrize(
    ("new", "tie"),
    [
        (
            {"name": "乙建设有限公司", "legal_rep": "张 三", "controller": ""},
            "same_legal_rep",
        ),
        ({"name": "丙公司", "legal_rep": "李四", "controller": "甲集团"}, "control"),
        (
            {"name": "丁公司", "legal_rep": "王五", "controller": "甲建设有限公司"},
            "control",
        ),
        ({"name": "甲集团", "legal_rep": "赵六", "controller": ""}, "control"),
        ({"name": "戊公司", "legal_rep": "钱七", "controller": "戊控股"}, None),
    ],
)
def test_prj3_tied_bidders_on_one_lot(new, tie):
    found = rules.bidder_tie(new, [A])
    assert (found[1] if found else None) == tie


def test_prj3_declared_relative_tied_to_a_bidder():
    assert rules.conflicted_bidder(["甲集团"], [A]) == "甲建设有限公司"
    assert rules.conflicted_bidder(["别的公司", ""], [A]) is None


# -- PRJ-4 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "amount", "refused"),
    [
        (["1500000.00"], "499999.99", False),  # total below ¥2m
        (["1500000.00"], "500000.00", True),  # total reaches ¥2m: a split
        (
            ["1500000.00"],
            "2000000.00",
            False,
        ),  # itself at the threshold: tendered, no split
        ([], "1999999.99", False),
        (["1000000.00", "900000.00"], "100000.00", True),
    ],
)
def test_prj4_purchases_of_one_category_added_up(existing, amount, refused):
    assert (
        rules.split_refused(
            [Decimal(x) for x in existing], Decimal(amount), Decimal("2000000.00")
        )
        is refused
    )


# -- PRJ-5 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "event", "last"),
    [
        # 7 working days from 29 Sep: 30 Sep, 8, 9, 10 (make-up Sat), 12, 13, 14 Oct.
        (rules.CHALLENGE, at(2026, 9, 29, 10), D(2026, 10, 14)),
        (rules.CHALLENGE_ANSWER, at(2026, 12, 1, 10), D(2026, 12, 10)),
        # 2 working days from 30 Sep: 8, 9 Oct.
        (rules.AWARD_PUBLISH, at(2026, 9, 30, 10), D(2026, 10, 9)),
        # 2 working days from Fri 9 Oct: Sat 10 Oct (make-up), Mon 12 Oct.
        (rules.CONTRACT_PUBLISH, at(2026, 10, 9, 10), D(2026, 10, 12)),
    ],
)
def test_prj5_working_day_clocks(rule, event, last):
    due = rules.working_day_due(rule, event, CAL)
    assert due.last_day == last
    assert "工作日" in due.basis
    assert not due.has_ended_at(at(last.year, last.month, last.day, 23, 59))
    next_day = last + datetime.timedelta(days=1)
    assert due.has_ended_at(at(next_day.year, next_day.month, next_day.day, 0, 0))
