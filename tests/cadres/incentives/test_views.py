"""The incentive pages through the client: refusals shown in the user's language as form
errors (never a 500), and the writes each page offers (INC-1 … INC-7)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cadres.incentives import services
from cadres.incentives.models import AppraisalBallot, LifeMeeting, PersonalMattersReport
from committees.selectors import committee_members_on
from tests.cadres.incentives.factories import cadres, plan

pytestmark = pytest.mark.django_db
YEAR = 2025


def _url(name, world, **kwargs):
    return reverse(f"incentives:{name}", kwargs={"slug": world.own.slug, **kwargs})


def test_inc1_plan_page_refuses_weights_not_100_as_a_form_error(world, login):
    person = world.a.cadre.person
    client = login(world.a.clerk)
    response = client.post(
        _url("plan", world, year=YEAR, person_pk=person.pk),
        {"plan-title_0": "招商", "plan-measure_0": "3 个", "plan-weight_0": "90"},
    )
    assert response.status_code == 200
    assert "权重合计 90，不等于 100" in response.content.decode()
    response = client.post(
        _url("plan", world, year=YEAR, person_pk=person.pk),
        {"plan-title_0": "招商", "plan-measure_0": "3 个", "plan-weight_0": "100"},
    )
    assert response.status_code == 302


def test_inc2_pool_page_shows_the_refusal_and_then_the_split(world, login):
    person = world.a.cadre.person
    plan(person, YEAR, ("100",), ("90",))
    client = login(world.a.secretary)
    url = _url("pool", world, year=YEAR)
    client.post(url, {"pool-amount": "100.00", "pool-approval": "批复"})
    refused = client.post(url, {"split": "1"})
    assert refused.status_code == 200
    assert "尚无 2025 年度考核等次" in refused.content.decode()
    services.grades_record(
        actor=None, township=world.own, year=YEAR, grades={person: "competent"}
    )
    assert client.post(url, {"split": "1"}).status_code == 302
    page = client.get(url).content.decode()
    assert "100.00" in page and "最大余额法" in page
    mine = login(world.a.cadre).get(_url("my_share", world, year=YEAR)).content.decode()
    assert "100.00" in mine and "分配额的计算过程" in mine


def test_inc3_grades_page_refuses_above_the_cap(world, login):
    people = cadres(world.own, ["甲", "乙"])
    client = login(world.a.secretary)
    data = {
        "g-submit": "1",
        f"g-grade_{people[0].pk}": "excellent",
        f"g-grade_{people[1].pk}": "competent",
    }
    response = client.post(_url("grades", world, year=YEAR), data)
    assert response.status_code == 200
    assert "超过优秀等次比例上限 0 人" in response.content.decode()
    clerk = login(world.a.clerk).post(_url("grades", world, year=YEAR), data)
    assert clerk.status_code == 404  # the grades form is the secretary's


def test_inc3_dossier_records_notice_and_a_late_review_is_refused(world, login):
    person = world.a.cadre.person
    services.grades_record(
        actor=None, township=world.own, year=YEAR, grades={person: "incompetent"}
    )
    client = login(world.a.clerk)
    url = _url("dossier", world, year=YEAR, person_pk=person.pk)
    assert (
        client.post(
            url, {"notice-submit": "1", "notice-served_on": "2026-01-07"}
        ).status_code
        == 302
    )
    late = client.post(
        url,
        {
            "review-submit": "1",
            "review-kind": "review",
            "review-filed_on": "2026-03-01",
        },
    )
    assert late.status_code == 200
    assert "已逾期" in late.content.decode() and "2026-02-06" in late.content.decode()
    page = client.get(url).content.decode()
    assert "降低一个职务或者职级层次任职" in page
    pdf = client.get(_url("dossier_pdf", world, year=YEAR, person_pk=person.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    notice = client.get(_url("notice_pdf", world, year=YEAR, person_pk=person.pk))
    assert notice.content.startswith(b"%PDF")
    with open("/tmp/inc_notice.pdf", "wb") as out:
        out.write(notice.content)


def test_inc4_life_meeting_page_refuses_short_attendance(world, login):
    today = datetime.date.today()
    members = [m.person for m in committee_members_on(world.own, today)]
    client = login(world.a.clerk)
    data = {
        "m-held_on": today.isoformat(),
        "m-topic": "民主生活会",
        "m-present": [p.pk for p in members[:9]],
    }
    response = client.post(_url("life_meetings", world), data)
    assert response.status_code == 200
    assert "须至少 10 人" in response.content.decode()
    data["m-present"] = [p.pk for p in members[:10]]
    assert client.post(_url("life_meetings", world), data).status_code == 302
    meeting = LifeMeeting.objects.get()
    entry = meeting.entries.get(person=members[0])
    client.post(
        _url("life_meeting", world, pk=meeting.pk),
        {
            "entry": entry.pk,
            f"e{entry.pk}-self_criticism": "调研不够",
            f"e{entry.pk}-criticism": "督促不够",
        },
    )
    entry.refresh_from_db()
    assert (entry.self_criticism, entry.criticism) == ("调研不够", "督促不够")


def test_inc5_vote_through_the_page_gives_a_receipt_once(world, login):
    subjects = cadres(world.own, ["甲"])
    appraisal = services.appraisal_open(
        actor=None, township=world.own, year=YEAR, subjects=subjects
    )
    client = login(world.a.member)
    url = _url("appraisal", world, year=YEAR)
    page = client.post(url, {"b-submit": "1", f"b-mark_{subjects[0].pk}": "satisfied"})
    receipt = AppraisalBallot.objects.get(appraisal=appraisal).receipt
    assert receipt in page.content.decode()
    again = client.get(url).content.decode()
    assert receipt not in again and "您已投票" in again


def test_inc6_member_files_own_report_on_the_page(world, login):
    client = login(world.a.member)
    response = client.post(
        _url("my_personal_matters", world),
        {
            "r-kind": "yearly",
            "r-year": "2025",
            "r-content": "无变化",
            "r-relative_employers": "某公司",
        },
    )
    assert response.status_code == 302
    report = PersonalMattersReport.objects.get()
    assert report.person == world.a.member.person
    assert report.submitted_by == world.a.member


def test_inc2_payroll_xlsx_through_the_page(world, login):
    person = world.a.cadre.person
    plan(person, YEAR, ("100",), ("90",))
    services.grades_record(
        actor=None, township=world.own, year=YEAR, grades={person: "competent"}
    )
    pool = services.pool_set(
        actor=None,
        township=world.own,
        year=YEAR,
        amount=Decimal("10.00"),
        approval="批复",
    )
    split = services.pool_split(actor=None, pool=pool)
    response = login(world.reviewer).get(
        _url("payroll_xlsx", world, year=YEAR, run=split.run)
    )
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_bad_input_is_a_404_never_a_500(world, login):
    client = login(world.a.secretary)
    assert client.get(_url("grades", world, year=99999)).status_code == 404
    assert client.get(_url("life_meetings", world) + "?year=abc").status_code == 404
    person = world.a.cadre.person
    services.grades_record(
        actor=None, township=world.own, year=YEAR, grades={person: "basic"}
    )
    url = _url("dossier", world, year=YEAR, person_pk=person.pk)
    bad = client.post(
        url,
        {
            "result-submit": "1",
            "review": "abc",
            "result-result": "x",
            "result-result_on": "2026-01-01",
        },
    )
    assert bad.status_code == 404
