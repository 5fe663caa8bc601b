"""LRN-3: monthly study reports — drafts, submission, the due moment, authorship, comments."""

import datetime

import pytest
import time_machine

from cadres.learning import selectors, services
from cadres.learning.deadlines import TZ
from cadres.learning.errors import (
    NotACadre,
    ReportAlreadySubmitted,
    ReportEmpty,
    ReportMonthNotStarted,
    ReportNotSubmitted,
)
from cadres.learning.models import StudyReport
from core.errors import NotPermitted
from tests.cadres.learning.factories import (
    cadre_with_account,
    draft_report,
    submitted_report,
)

pytestmark = pytest.mark.django_db

LAST_MINUTE = datetime.datetime(2026, 11, 5, 23, 59, tzinfo=TZ)
FIRST_MINUTE_AFTER = datetime.datetime(2026, 11, 6, 0, 0, tzinfo=TZ)


def _submit(world, text="本月学习体会", year=2026, month=10):
    return services.study_report_submit(
        actor=world.a.cadre, township=world.own, year=year, month=month, text=text
    )


def test_lrn3_draft_then_submit_keeps_history(world):
    with time_machine.travel(
        datetime.datetime(2026, 11, 3, 8, 0, tzinfo=TZ), tick=False
    ):
        draft = services.study_report_save_draft(
            actor=world.a.cadre, township=world.own, year=2026, month=10, text="第一段"
        )
        assert draft.status == StudyReport.Status.DRAFT
        report = _submit(world, text="第一段\n\n第二段")
    assert report.pk == draft.pk
    assert report.status == StudyReport.Status.SUBMITTED
    assert report.late is False
    assert report.text == "第一段\n\n第二段"
    reasons = list(
        report.history.order_by("history_date").values_list(
            "history_change_reason", "history_user"
        )
    )
    assert reasons == [
        ("LRN-3 study report draft saved", world.a.cadre.pk),
        ("LRN-3 study report submitted", world.a.cadre.pk),
    ]


def test_lrn3_submitted_in_the_last_minute_before_the_deadline_is_on_time(world):
    with time_machine.travel(LAST_MINUTE, tick=False):
        report = _submit(world)
    assert report.late is False
    assert report.submitted_at == LAST_MINUTE


def test_lrn3_submitted_in_the_first_minute_after_the_deadline_is_late(world):
    with time_machine.travel(FIRST_MINUTE_AFTER, tick=False):
        report = _submit(world)
    assert report.late is True


def test_lrn3_a_missing_report_is_overdue_from_the_first_minute_after(world):
    person = world.a.cadre.person
    draft_report(person, 2026, 10)
    grid = selectors.report_grid(world.own, 2026, LAST_MINUTE)
    row = next(r for r in grid["rows"] if r["person"] == person)
    assert row["cells"][9]["status"] == "draft"
    grid = selectors.report_grid(world.own, 2026, FIRST_MINUTE_AFTER)
    row = next(r for r in grid["rows"] if r["person"] == person)
    assert row["cells"][9]["status"] == "missing"
    other = next(r for r in grid["rows"] if r["person"] == world.a.clerk.person)
    assert other["cells"][9]["status"] == "missing"
    assert other["cells"][10]["status"] == "none"  # November: not due yet


def test_lrn3_submitted_report_can_no_longer_be_edited(world, english):
    with time_machine.travel(LAST_MINUTE, tick=False):
        _submit(world, text="定稿")
        with pytest.raises(ReportAlreadySubmitted) as refused:
            services.study_report_save_draft(
                actor=world.a.cadre,
                township=world.own,
                year=2026,
                month=10,
                text="改动",
            )
    assert str(refused.value) == (
        "This study report is already submitted and can no longer be edited."
    )
    assert refused.value.rule == "LRN-3"
    report = StudyReport.objects.get(person=world.a.cadre.person)
    assert report.text == "定稿"
    assert report.history.count() == 1


def test_lrn3_a_cadre_only_ever_writes_their_own_report(world):
    """LRN-3: the author is the acting user's own person; another's report is untouched."""
    theirs = draft_report(world.a.clerk.person, 2026, 10, text="别人的草稿")
    with time_machine.travel(LAST_MINUTE, tick=False):
        mine = services.study_report_save_draft(
            actor=world.a.cadre, township=world.own, year=2026, month=10, text="我的"
        )
    assert mine.person == world.a.cadre.person
    theirs.refresh_from_db()
    assert theirs.text == "别人的草稿"


def test_lrn3_a_month_not_begun_is_refused(world, english):
    with time_machine.travel(LAST_MINUTE, tick=False):
        with pytest.raises(ReportMonthNotStarted) as refused:
            services.study_report_save_draft(
                actor=world.a.cadre, township=world.own, year=2026, month=12, text="x"
            )
    assert str(refused.value) == (
        "The report for month 12 of 2026 cannot be written before the month begins."
    )
    assert not StudyReport.objects.exists()


def test_lrn3_an_empty_report_cannot_be_submitted(world, english):
    with time_machine.travel(LAST_MINUTE, tick=False):
        services.study_report_save_draft(
            actor=world.a.cadre, township=world.own, year=2026, month=10, text="草稿"
        )
        with pytest.raises(ReportEmpty) as refused:
            _submit(world, text="   ")
    assert str(refused.value) == "An empty study report cannot be submitted."
    report = StudyReport.objects.get()
    assert (report.status, report.text) == (StudyReport.Status.DRAFT, "草稿")


def test_lrn3_a_user_without_a_cadre_record_cannot_write(world, english):
    with pytest.raises(NotACadre) as refused:
        services.study_report_save_draft(
            actor=world.reviewer, township=world.own, year=2026, month=10, text="x"
        )
    assert (
        str(refused.value) == "Your account is not linked to a cadre of this township."
    )
    # A cadre of another township cannot write in this one either.
    with pytest.raises(NotACadre):
        services.study_report_save_draft(
            actor=world.b.cadre, township=world.own, year=2026, month=10, text="x"
        )
    assert not StudyReport.objects.exists()


def test_lrn3_the_secretary_comments_and_grades_a_submitted_report(world, english):
    report = submitted_report(world.a.cadre.person, 2026, 9)
    services.study_report_comment(
        actor=world.a.secretary, report=report, comment="联系实际较好", grade="good"
    )
    report.refresh_from_db()
    assert (report.comment, report.grade, report.commented_by) == (
        "联系实际较好",
        "good",
        world.a.secretary,
    )
    assert report.history.latest().history_change_reason == "LRN-3 report commented"
    draft = draft_report(world.a.clerk.person, 2026, 9)
    with pytest.raises(ReportNotSubmitted) as refused:
        services.study_report_comment(
            actor=world.a.secretary, report=draft, comment="x", grade="fail"
        )
    assert str(refused.value) == (
        "Only a submitted study report can be commented on or graded."
    )
    draft.refresh_from_db()
    assert (draft.comment, draft.grade) == ("", "")


@pytest.mark.parametrize(
    "who", ["another_cadre", "cadre_itself", "clerk", "member", "outsider", "reviewer"]
)
def test_lrn3_only_the_township_secretary_comments_on_a_report(world, english, who):
    """LRN-3: the secretary comments on and grades a submitted report; the service itself
    refuses anyone else (another cadre above all), and writes nothing."""
    report = submitted_report(world.a.cadre.person, 2026, 9)
    actor = {
        "another_cadre": cadre_with_account(world.own, "a-cadre-2").user,
        "cadre_itself": world.a.cadre,
        "clerk": world.a.clerk,
        "member": world.a.member,
        "outsider": world.b.secretary,
        "reviewer": world.reviewer,
    }[who]
    versions = report.history.count()
    with pytest.raises(NotPermitted) as refused:
        services.study_report_comment(
            actor=actor, report=report, comment="写得不好", grade="fail"
        )
    assert str(refused.value) == "Your role does not allow this action."
    report.refresh_from_db()
    assert (report.comment, report.grade, report.commented_by) == ("", "", None)
    assert report.history.count() == versions


def test_lrn3_submission_rate_by_month_with_the_records_behind_it(world):
    people = list(services.cadres_of(world.own))
    submitted_report(people[0], 2026, 9)
    submitted_report(people[1], 2026, 9, late=True)
    figures = selectors.submission_rate_by_month(
        world.own, 2026, datetime.datetime(2026, 10, 6, 0, 0, tzinfo=TZ)
    )
    assert [f.detail["month"] for f in figures] == list(range(1, 10))
    september = figures[-1]
    assert september.detail["expected"] == len(people)
    assert september.detail["submitted"] == 2
    assert september.detail["late"] == 1
    assert september.value == 2 * 100 // len(people)
    assert {p.pk for p in september.records} == {p.pk for p in people[2:]}
