"""The staff pages drive the services through their forms: plan, study day, training,
spot check, exam. Refusals come back as form errors, never a 500."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cadres.learning.deadlines import TZ
from cadres.learning.models import (
    ExamCandidate,
    QualificationExam,
    SpotCheck,
    StudyDay,
    StudyPlan,
)

pytestmark = pytest.mark.django_db


def test_lrn1_plan_drafted_filled_and_approved_through_the_pages(world, login):
    base = f"/t/{world.own.slug}/study/plans/"
    clerk = login(world.a.clerk)
    response = clerk.post(base, {"year": 2026, "note": "围绕中心工作"})
    plan = StudyPlan.objects.get()
    assert response["Location"] == f"{base}{plan.pk}/"
    # The same year again: the refusal is shown on the form.
    page = clerk.post(base, {"year": 2026}).content.decode()
    assert "2026年的学习计划已经存在。" in page
    for month, area in enumerate(
        ("political_theory", "economics", "science_culture", "law"), 1
    ):
        clerk.post(f"{base}{plan.pk}/", {"month": month, "area": area, "title": "专题"})
    assert plan.topics.count() == 4
    # The clerk cannot approve; the secretary can.
    assert clerk.post(f"{base}{plan.pk}/approve/").status_code == 404
    secretary = login(world.a.secretary)
    response = secretary.post(f"{base}{plan.pk}/approve/", follow=True)
    assert "学习计划已审定。" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == StudyPlan.Status.APPROVED


def test_lrn1_approval_refused_shows_the_reason(world, login):
    base = f"/t/{world.own.slug}/study/plans/"
    login(world.a.clerk).post(base, {"year": 2026})
    plan = StudyPlan.objects.get()
    response = login(world.a.secretary).post(f"{base}{plan.pk}/approve/", follow=True)
    assert "缺少：政治理论、经济、科学文化、法律。" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == StudyPlan.Status.DRAFT


def test_lrn2_study_day_recorded_with_materials_and_attendance(world, login):
    client = login(world.a.clerk)
    materials = SimpleUploadedFile(
        "材料.pdf", b"%PDF-1.4", content_type="application/pdf"
    )
    response = client.post(
        f"/t/{world.own.slug}/study/days/",
        {
            "kind": "central_group",
            "date": "2026-03-10",
            "topic": "学习全会精神",
            "experience": "逐一交流发言",
            "materials": materials,
            "attendees": [world.a.secretary.person.pk, world.a.member.person.pk],
        },
    )
    day = StudyDay.objects.get()
    assert response["Location"] == f"/t/{world.own.slug}/study/days/{day.pk}/"
    assert day.attendance.count() == 2
    assert day.materials.name.endswith(".pdf")
    page = client.get(response["Location"]).content.decode()
    assert "amember" in page and "逐一交流发言" in page
    # Without attendance: the rule's refusal on the form, nothing written.
    page = client.post(
        f"/t/{world.own.slug}/study/days/",
        {"kind": "collective", "date": "2026-03-20", "topic": "集中学习"},
    ).content.decode()
    assert "请登记参加集中学习的人员。" in page
    assert StudyDay.objects.count() == 1


def test_lrn5_spot_check_drawn_and_graded_through_the_pages(world, login):
    client = login(world.a.clerk)
    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=TZ)):
        response = client.post(
            f"/t/{world.own.slug}/study/spot-checks/",
            {"year": 2026, "sample_size": 3, "seed": 11},
        )
        check = SpotCheck.objects.get()
        assert check.items.count() == 3
        items = list(check.items.all())
        data = {"collective_findings": "按计划开展", "findings": "笔记完整"}
        data |= {f"grade_{item.pk}": "good" for item in items}
        data |= {f"note_{item.pk}": "" for item in items}
        response = client.post(response["Location"], data)
        assert response.status_code == 302
        page = client.post(
            f"/t/{world.own.slug}/study/spot-checks/",
            {"year": 2026, "sample_size": 3},
        ).content.decode()
    assert "2026年的抽查已经抽取。" in page
    assert {item.grade for item in check.items.all()} == {"good"}


def test_lrn6_exam_created_and_result_recorded_through_the_pages(world, login):
    client = login(world.a.clerk)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)):
        response = client.post(
            f"/t/{world.own.slug}/study/exams/",
            {
                "title": "任职资格考试",
                "deadline": "2026-06-30",
                "people": [world.a.cadre.person.pk],
            },
        )
        exam = QualificationExam.objects.get()
        candidate = exam.candidates.get()
        response = client.post(
            response["Location"],
            {
                "candidate": candidate.pk,
                f"c{candidate.pk}-result": "passed",
                f"c{candidate.pk}-score": "86",
                f"c{candidate.pk}-result_date": "2026-06-20",
            },
        )
        assert response.status_code == 302
        candidate.refresh_from_db()
        assert candidate.result == ExamCandidate.Result.PASSED
        # A result dated after the deadline is refused with the rule's message.
        page = client.post(
            f"/t/{world.own.slug}/study/exams/{exam.pk}/",
            {
                "candidate": candidate.pk,
                f"c{candidate.pk}-result": "failed",
                f"c{candidate.pk}-result_date": "2026-07-02",
            },
        ).content.decode()
        # A candidate id that is not of this exam is not found.
        missing = client.post(
            f"/t/{world.own.slug}/study/exams/{exam.pk}/", {"candidate": 999999}
        )
    assert missing.status_code == 404
    assert "考试期限已过，成绩不能再修改。" in page
    candidate.refresh_from_db()
    assert candidate.result == ExamCandidate.Result.PASSED
