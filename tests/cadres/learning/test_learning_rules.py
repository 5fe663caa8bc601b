"""LRN-1, LRN-2, LRN-4, LRN-5, LRN-6: refusals with exact messages, nothing written on refusal."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cadres.learning import selectors, services
from cadres.learning.deadlines import TZ
from cadres.learning.errors import (
    ExamClosed,
    ExamNoCandidates,
    SpotCheckExists,
    SpotCheckTooEarly,
    StudyDayInFuture,
    StudyDayNeedsAttendance,
    StudyPlanApproved,
    StudyPlanExists,
    StudyPlanIncomplete,
    TrainingHoursInvalid,
)
from cadres.learning.models import (
    ExamCandidate,
    QualificationExam,
    SpotCheck,
    SpotCheckItem,
    StudyArea,
    StudyAttendance,
    StudyDay,
    StudyPlan,
    StudyTopic,
    TrainingRecord,
)
from committees.errors import WrongTownship
from core.errors import NotPermitted
from tests.cadres.learning.factories import full_plan, training

pytestmark = pytest.mark.django_db


# LRN-1 ------------------------------------------------------------------------------------


def test_lrn1_one_plan_a_year(world, english):
    services.study_plan_create(actor=world.a.clerk, township=world.own, year=2026)
    with pytest.raises(StudyPlanExists) as refused:
        services.study_plan_create(actor=world.a.clerk, township=world.own, year=2026)
    assert str(refused.value) == "The study plan for 2026 already exists."
    assert StudyPlan.objects.count() == 1
    # Another township has its own plan for the same year.
    services.study_plan_create(actor=world.b.clerk, township=world.other, year=2026)


def test_lrn1_approval_needs_all_four_areas(world, english):
    plan = services.study_plan_create(
        actor=world.a.clerk, township=world.own, year=2026
    )
    services.study_topic_add(
        actor=world.a.clerk,
        plan=plan,
        month=1,
        area=StudyArea.POLITICAL_THEORY,
        title="党的创新理论",
    )
    with pytest.raises(StudyPlanIncomplete) as refused:
        services.study_plan_approve(actor=world.a.secretary, plan=plan)
    assert str(refused.value) == (
        "A study plan needs topics in every area (political theory, economics, science "
        "and culture, law) before it is approved. Missing: economics、science and "
        "culture、law."
    )
    plan.refresh_from_db()
    assert plan.status == StudyPlan.Status.DRAFT
    assert plan.approved_by is None


def test_lrn1_approved_plan_is_locked(world, english):
    plan = full_plan(world.own, 2026, actor=world.a.clerk)
    services.study_plan_approve(actor=world.a.secretary, plan=plan)
    plan.refresh_from_db()
    assert plan.status == StudyPlan.Status.APPROVED
    assert plan.approved_by == world.a.secretary
    assert plan.history.latest().history_change_reason == "LRN-1 study plan approved"
    with pytest.raises(StudyPlanApproved) as refused:
        services.study_topic_add(
            actor=world.a.clerk, plan=plan, month=5, area=StudyArea.LAW, title="新增"
        )
    assert (
        str(refused.value) == "The study plan is approved and can no longer be changed."
    )
    with pytest.raises(StudyPlanApproved):
        services.study_topic_remove(actor=world.a.clerk, topic=plan.topics.first())
    assert StudyTopic.objects.filter(plan=plan).count() == 4


@pytest.mark.parametrize(
    "who", ["clerk", "member", "cadre", "finance_group", "outsider", "reviewer"]
)
def test_lrn1_only_the_township_secretary_approves_the_study_plan(world, english, who):
    """LRN-1: the secretary approves the plan; the service refuses anyone else (not only
    the page), and the plan stays a draft."""
    plan = full_plan(world.own, 2026, actor=world.a.clerk)
    actor = {
        "outsider": world.b.secretary,
        "reviewer": world.reviewer,
    }.get(who) or getattr(world.a, who)
    versions = plan.history.count()
    with pytest.raises(NotPermitted) as refused:
        services.study_plan_approve(actor=actor, plan=plan)
    assert str(refused.value) == "Your role does not allow this action."
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by, plan.approved_at) == (
        StudyPlan.Status.DRAFT,
        None,
        None,
    )
    assert plan.history.count() == versions
    # The allowed case: the township's own secretary.
    services.study_plan_approve(actor=world.a.secretary, plan=plan)
    plan.refresh_from_db()
    assert plan.status == StudyPlan.Status.APPROVED


def test_lrn1_plan_pdf_is_chinese(world, login, tmp_path):
    import subprocess

    plan = full_plan(world.own, 2026, actor=world.a.clerk)
    response = login(world.a.member).get(
        f"/t/{world.own.slug}/study/plans/{plan.pk}/pdf/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "党委中心组学习计划" in text
    assert "专题1" in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts


# LRN-2 ------------------------------------------------------------------------------------


def _day(world, **overrides):
    values = {
        "actor": world.a.clerk,
        "township": world.own,
        "kind": StudyDay.Kind.CENTRAL_GROUP,
        "date": datetime.date(2026, 3, 10),
        "topic": "专题学习",
        "attendees": [world.a.secretary.person, world.a.member.person],
        "experience": "交流发言",
    }
    return services.study_day_record(**(values | overrides))


def test_lrn2_study_day_with_attendance(world):
    day = _day(world)
    assert set(day.attendance.values_list("person__name", flat=True)) == {
        "asecretary",
        "amember",
    }
    assert day.history.get().history_change_reason == "LRN-2 study day recorded"


def test_lrn2_refusals_write_nothing(world, english):
    with pytest.raises(StudyDayNeedsAttendance) as refused:
        _day(world, attendees=[])
    assert str(refused.value) == "Record who attended the study day."
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(StudyDayInFuture) as refused:
        _day(world, date=tomorrow)
    assert (
        str(refused.value) == "A study day is recorded after it took place, not before."
    )
    with pytest.raises(WrongTownship):
        _day(world, attendees=[world.a.secretary.person, world.b.secretary.person])
    assert not StudyDay.objects.exists()
    assert not StudyAttendance.objects.exists()


def test_lrn2_months_without_central_group_study(world):
    _day(world, date=datetime.date(2026, 1, 8))
    _day(world, date=datetime.date(2026, 3, 8))
    _day(world, date=datetime.date(2026, 2, 8), kind=StudyDay.Kind.COLLECTIVE)
    figure = selectors.months_without_central_group_study(
        world.own, 2026, today=datetime.date(2026, 5, 20)
    )
    # January to April have ended; February had only the cadres' collective day.
    assert figure.value == 2
    assert figure.records == [2, 4]
    assert [d.date.month for d in figure.detail["days"]] == [1, 3]


# LRN-4 ------------------------------------------------------------------------------------


def test_lrn4_training_with_hours(world, english):
    record = training(world.a.cadre.person, hours="12.5")
    assert record.hours == Decimal("12.5")
    with pytest.raises(TrainingHoursInvalid) as refused:
        training(world.a.cadre.person, hours="0")
    assert str(refused.value) == "Training hours must be more than zero."
    with pytest.raises(WrongTownship):
        services.training_record_add(
            actor=None,
            township=world.own,
            person=world.b.cadre.person,
            kind=TrainingRecord.Kind.SELF_STUDY,
            title="x",
            start=datetime.date(2026, 1, 1),
            hours=Decimal(1),
        )
    assert TrainingRecord.objects.count() == 1


def test_lrn4_certificate_upload_type_is_limited(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.a.clerk)
    data = {
        "person": world.a.cadre.person.pk,
        "kind": "job_training",
        "title": "县委党校轮训",
        "start": "2026-03-01",
        "hours": "24",
    }
    bad = SimpleUploadedFile("cert.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        f"/t/{world.own.slug}/study/training/", data | {"certificate": bad}
    )
    assert response.status_code == 200
    assert not TrainingRecord.objects.exists()
    good = SimpleUploadedFile("cert.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(
        f"/t/{world.own.slug}/study/training/", data | {"certificate": good}
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert record.certificate.name.endswith(".pdf")
    assert record.hours == Decimal("24")


# LRN-5 ------------------------------------------------------------------------------------


def test_lrn5_sample_is_reproducible_from_its_seed(world):
    ids = list(range(1, 40))
    assert services.draw_sample(ids, 42, 5) == services.draw_sample(
        list(reversed(ids)), 42, 5
    )
    assert services.draw_sample(ids, 42, 5) != services.draw_sample(ids, 43, 5)
    check = services.spot_check_draw(
        actor=world.a.clerk, township=world.own, year=2025, sample_size=4, seed=42
    )
    people = list(services.cadres_of(world.own).values_list("pk", flat=True))
    expected = services.draw_sample(people, 42, 4)
    assert list(check.items.values_list("person_id", flat=True)) == expected


def test_lrn5_refusals(world, english):
    with time_machine.travel(datetime.datetime(2026, 5, 31, 12, 0, tzinfo=TZ)):
        with pytest.raises(SpotCheckTooEarly) as refused:
            services.spot_check_draw(
                actor=world.a.clerk, township=world.own, year=2026, sample_size=3
            )
    assert str(refused.value) == (
        "The mid-year spot check of 2026 can be drawn from 1 June of that year."
    )
    assert not SpotCheck.objects.exists()
    with time_machine.travel(datetime.datetime(2026, 6, 1, 0, 0, tzinfo=TZ)):
        services.spot_check_draw(
            actor=world.a.clerk, township=world.own, year=2026, sample_size=3
        )
        with pytest.raises(SpotCheckExists) as refused:
            services.spot_check_draw(
                actor=world.a.clerk, township=world.own, year=2026, sample_size=3
            )
    assert str(refused.value) == "The spot check for 2026 has already been drawn."
    assert SpotCheckItem.objects.count() == 3


def test_lrn5_grades_land_in_the_yearly_record(world):
    check = services.spot_check_draw(
        actor=world.a.clerk, township=world.own, year=2025, sample_size=2, seed=1
    )
    items = list(check.items.all())
    services.spot_check_review(
        actor=world.a.secretary,
        spot_check=check,
        collective_findings="集中学习按计划开展",
        findings="个人自学笔记较完整",
        grades={items[0].pk: ("excellent", "笔记详实"), items[1].pk: ("pass", "")},
    )
    record = selectors.cadre_year_record(items[0].person, 2025)
    assert record["spot_check"].grade == "excellent"
    assert record["spot_check"].note == "笔记详实"
    check.refresh_from_db()
    assert check.collective_findings == "集中学习按计划开展"


# LRN-6 ------------------------------------------------------------------------------------


def _exam(world, deadline=datetime.date(2026, 6, 30)):
    return services.exam_create(
        actor=world.a.clerk,
        township=world.own,
        title="乡镇领导干部任职资格考试",
        deadline=deadline,
        people=[world.a.cadre.person, world.a.clerk.person, world.a.member.person],
    )


def test_lrn6_not_passed_by_the_deadline_means_disqualified(world):
    exam = _exam(world)
    passed, failed, absent = exam.candidates.order_by("person__name")[:3]
    with time_machine.travel(datetime.datetime(2026, 6, 20, 10, 0, tzinfo=TZ)):
        services.exam_result_record(
            actor=world.a.clerk, candidate=passed, result="passed"
        )
        services.exam_result_record(
            actor=world.a.clerk, candidate=failed, result="failed"
        )
    # On the deadline day itself nobody is disqualified yet.
    assert services.exams_close_due(today=datetime.date(2026, 6, 30)) == 0
    with time_machine.travel(datetime.datetime(2026, 7, 1, 0, 10, tzinfo=TZ)):
        marked = services.exams_close_due()
    assert marked == 2
    rows = {c.pk: c for c in ExamCandidate.objects.all()}
    assert rows[passed.pk].disqualified is False
    for candidate in (failed, absent):
        row = rows[candidate.pk]
        assert row.disqualified is True
        assert row.disqualification_reason == (
            "未在期限（2026-06-30）前通过任职资格考试“乡镇领导干部任职资格考试”。"
        )
        last = row.history.order_by("-history_id").first()
        assert last.history_change_reason == "LRN-6 disqualified"
        assert last.disqualified is True
    figure = selectors.disqualifications(world.own, 2026)
    assert figure.value == 2
    assert {c.pk for c in figure.records} == {failed.pk, absent.pk}
    # Safe to run twice.
    assert services.exams_close_due(today=datetime.date(2026, 7, 2)) == 0
    assert ExamCandidate.objects.filter(disqualified=True).count() == 2


def test_lrn6_results_after_the_deadline_are_refused(world, english):
    exam = _exam(world)
    candidate = exam.candidates.first()
    with pytest.raises(ExamClosed) as refused:
        services.exam_result_record(
            actor=world.a.clerk,
            candidate=candidate,
            result="passed",
            result_date=datetime.date(2026, 7, 1),
        )
    assert str(refused.value) == (
        "The exam's deadline has passed; results can no longer be changed."
    )
    candidate.refresh_from_db()
    assert candidate.result == ExamCandidate.Result.PENDING
    with pytest.raises(ExamNoCandidates):
        services.exam_create(
            actor=None, township=world.own, title="x", deadline=exam.deadline, people=[]
        )
    assert QualificationExam.objects.count() == 1


def test_lrn6_task_runs_the_service(world):
    from cadres import tasks

    _exam(world, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert tasks.exams_close_due.delay().get() == 3


def test_lrn3_months_without_the_cadres_collective_study_day(world):
    _day(world, date=datetime.date(2026, 2, 8), kind=StudyDay.Kind.COLLECTIVE)
    figure = selectors.months_without_collective_study(
        world.own, 2026, today=datetime.date(2026, 4, 1)
    )
    assert figure.records == [1, 3]
    assert figure.value == 2


def test_lrn5_the_grade_shows_on_the_cadres_own_page(world, login):
    """LRN-5: the spot check result is carried into the cadre's yearly record."""
    with time_machine.travel(datetime.datetime(2026, 8, 1, 9, 0, tzinfo=TZ)):
        check = services.spot_check_draw(
            actor=world.a.clerk, township=world.own, year=2026, sample_size=100, seed=3
        )
        item = check.items.get(person=world.a.cadre.person)
        services.spot_check_review(
            actor=world.a.secretary,
            spot_check=check,
            collective_findings="",
            findings="",
            grades={item.pk: ("excellent", "笔记详实")},
        )
        page = login(world.a.cadre).get(f"/t/{world.own.slug}/study/").content.decode()
    assert "年中抽查：" in page
    assert "优秀" in page and "笔记详实" in page
