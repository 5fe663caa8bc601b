"""The report flow through the pages (LRN-3, journey 2), isolation (SEC-1), safe Markdown."""

import datetime

import pytest
import time_machine

from cadres.learning.deadlines import TZ
from cadres.learning.models import StudyReport
from tests.cadres.learning.factories import draft_report, submitted_report

pytestmark = pytest.mark.django_db

ON_THE_3RD = datetime.datetime(2026, 11, 3, 7, 30, tzinfo=TZ)


def _edit_url(world, year=2026, month=10):
    return f"/t/{world.own.slug}/study/report/{year}/{month}/"


def test_journey2_my_study_shows_what_is_due_with_days_left(world, login):
    with time_machine.travel(ON_THE_3RD, tick=False):
        response = login(world.a.cadre).get(f"/t/{world.own.slug}/study/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026-11-05" in page
    assert "还剩 2 天" in page


def test_lrn3_save_draft_then_submit_through_the_form(world, login):
    client = login(world.a.cadre)
    with time_machine.travel(ON_THE_3RD, tick=False):
        response = client.post(
            _edit_url(world), {"text": "第一段。\n\n第二段。", "action": "save"}
        )
        assert response.status_code == 302
        report = StudyReport.objects.get(person=world.a.cadre.person)
        assert report.status == StudyReport.Status.DRAFT
        page = client.get(_edit_url(world)).content.decode()
        assert "第一段。" in page  # the draft comes back as it was saved
        # LRN-3: submitting asks once; the text stays in the form meanwhile.
        asked = client.post(
            _edit_url(world), {"text": "第一段。\n\n第二段。", "action": "submit"}
        )
        assert asked.status_code == 200
        assert 'id="submit-confirm"' in asked.content.decode()
        assert "第二段。" in asked.content.decode()
        report.refresh_from_db()
        assert report.status == StudyReport.Status.DRAFT
        response = client.post(
            _edit_url(world),
            {"text": "第一段。\n\n第二段。", "action": "submit", "confirm": "1"},
        )
        assert response.status_code == 302
        assert response["Location"] == f"/t/{world.own.slug}/study/"
    report.refresh_from_db()
    assert report.status == StudyReport.Status.SUBMITTED
    assert report.late is False


def test_lrn3_a_refused_post_keeps_the_text(world, login):
    """Never lose text: a refusal shows the text exactly as it was sent."""
    client = login(world.a.cadre)
    with time_machine.travel(ON_THE_3RD, tick=False):
        response = client.post(
            _edit_url(world, 2026, 12),
            {"text": "写了很久的一段话", "action": "save"},
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "写了很久的一段话" in page
    assert "2026年12月的学习心得不能在该月开始前撰写。" in page
    assert not StudyReport.objects.exists()


def test_lrn3_submitted_report_form_is_read_only(world, login):
    submitted_report(world.a.cadre.person, 2026, 10, text="定稿")
    client = login(world.a.cadre)
    response = client.post(
        _edit_url(world), {"text": "改动", "action": "save"}, follow=True
    )
    page = response.content.decode()
    assert "该学习心得已提交，不能再修改。" in page
    assert StudyReport.objects.get().text == "定稿"
    assert 'name="action"' not in page


def test_lrn3_another_cadres_report_is_404(world, login):
    theirs = submitted_report(world.a.clerk.person, 2026, 10)
    draft = draft_report(world.a.secretary.person, 2026, 10)
    url = f"/t/{world.own.slug}/study/reports/"
    assert login(world.a.cadre).get(f"{url}{theirs.pk}/").status_code == 404
    # A draft is the author's own, even for the clerk.
    assert login(world.a.clerk).get(f"{url}{draft.pk}/").status_code == 404
    # Another township's secretary gets 404 too (SEC-1).
    assert login(world.b.secretary).get(f"{url}{theirs.pk}/").status_code == 404
    other_url = f"/t/{world.other.slug}/study/reports/{theirs.pk}/"
    assert login(world.b.secretary).get(other_url).status_code == 404


def test_lrn3_secretary_comments_and_the_cadre_sees_it(world, login):
    report = submitted_report(world.a.cadre.person, 2026, 9)
    url = f"/t/{world.own.slug}/study/reports/{report.pk}/"
    response = login(world.a.secretary).post(
        url, {"comment": "联系实际，继续保持。", "grade": "good"}
    )
    assert response.status_code == 302
    # The clerk reads but does not comment.
    assert login(world.a.clerk).post(url, {"comment": "x"}).status_code == 404
    page = login(world.a.cadre).get(f"/t/{world.own.slug}/study/").content.decode()
    assert "联系实际，继续保持。" in page


def test_markdown_with_script_renders_inert(world, login):
    """No HTML injection: <script> and event handlers never reach the page."""
    text = (
        "**重点**体会\n\n<script>alert('x')</script>\n\n"
        '<img src=x onerror="alert(1)"> [链接](javascript:alert(1))'
    )
    report = submitted_report(world.a.cadre.person, 2026, 9, text=text)
    page = (
        login(world.a.secretary)
        .get(f"/t/{world.own.slug}/study/reports/{report.pk}/")
        .content.decode()
    )
    body = page.split('class="card report-text">')[1].split("</section>")[0]
    assert "<strong>重点</strong>" in body
    assert "<script" not in body
    assert "alert" not in body
    assert "onerror" not in body
    assert "javascript:" not in body


def test_grid_shows_status_per_cadre_and_month(world, login):
    submitted_report(world.a.cadre.person, 2026, 9)
    submitted_report(world.a.clerk.person, 2026, 9, late=True)
    draft_report(world.a.member.person, 2026, 10)
    with time_machine.travel(ON_THE_3RD, tick=False):
        page = (
            login(world.a.secretary)
            .get(f"/t/{world.own.slug}/study/reports/?year=2026")
            .content.decode()
        )
    assert "已提交" in page
    assert "逾期提交" in page
    assert "未提交" in page
    assert "草稿" in page


def test_home_panels_for_the_cadre_and_the_secretary(world, login):
    submitted_report(world.a.cadre.person, 2026, 9)
    with time_machine.travel(ON_THE_3RD, tick=False):
        cadre_home = login(world.a.cadre).get("/").content.decode()
        secretary_home = login(world.a.secretary).get("/").content.decode()
    assert "我的学习心得" in cadre_home
    assert "还剩 2 天" in cadre_home
    assert f"/t/{world.own.slug}/study/report/2026/10/" in cadre_home
    assert "月度学习心得" in secretary_home
    assert f"/t/{world.own.slug}/study/reports/" in secretary_home
