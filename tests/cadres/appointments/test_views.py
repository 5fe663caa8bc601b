"""APT-1 … APT-3 through the pages: the list, the case page and its forms."""

from __future__ import annotations

import datetime
import subprocess

import pytest
import time_machine
from django.urls import reverse

from cadres.appointments.models import AppointmentCase, Stage
from cadres.appointments.notice import SHANGHAI
from committees.selectors import work_calendar
from disclosure import services as column_services
from disclosure.models import Feedback
from tests.cadres.appointments import factories as af

pytestmark = pytest.mark.django_db


def _url(case):
    return reverse("appointments:case", args=[case.township.slug, case.pk])


def test_apt1_list_shows_open_cases_with_stage_and_what_they_wait_for(world, login):
    case = af.case_at(world, Stage.INSPECTION)
    client = login(world.a.secretary)
    page = client.get(reverse("appointments:cases", args=[world.own.slug]))
    html = page.content.decode()
    assert case.person.name in html
    assert str(Stage.INSPECTION.label) in html or "考察" in html
    assert page.context["open_cases"][0][1]  # what it waits for, in words


def test_apt1_secretary_opens_a_case_from_the_list(world, login):
    who = af.person(world.own, "韩梅")
    client = login(world.a.secretary)
    response = client.post(
        reverse("appointments:cases", args=[world.own.slug]),
        {"post": af.POST, "person": who.pk},
    )
    case = AppointmentCase.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(case)
    assert case.transitions.get().by == world.a.secretary


def test_apt1_a_clerk_cannot_open_and_a_member_cannot_record(world, login):
    who = af.person(world.own)
    assert (
        login(world.a.clerk)
        .post(
            reverse("appointments:cases", args=[world.own.slug]),
            {"post": af.POST, "person": who.pk},
        )
        .status_code
        == 404
    )
    case = af.open_case(world)
    response = login(world.a.member).post(_url(case), {"action": "stop", "reason": "x"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.stage == Stage.RECOMMENDATION


def test_apt2_recommendation_through_the_form(world, login):
    case = af.open_case(world)
    rival = af.person(world.own, "李四")
    client = login(world.a.clerk)
    response = client.post(
        _url(case),
        {
            "action": "recommendation",
            "held_on": "2026-11-20",
            "electorate": "60",
            "ballots_returned": "55",
            f"votes_{case.person.pk}": "40",
            f"votes_{rival.pk}": "9",
            "note": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.CANDIDATES
    assert dict(case.recommendation.nominees.values_list("person__name", "votes")) == {
        "王明": 40,
        "李四": 9,
    }


def test_apt1_a_skipped_step_sent_by_hand_is_refused_on_the_page(world, login):
    """APT-1: a step of a later stage posted by hand shows the refusal; nothing moves."""
    case = af.open_case(world)
    client = login(world.a.clerk)
    response = client.post(
        _url(case),
        {
            "action": "formalities",
            "done_on": "2026-11-20",
            "letter_number": "1",
            "effective_from": "2026-11-20",
        },
    )
    assert response.status_code == 400
    assert response.context["error"]
    response = client.post(_url(case), {"action": "notice_publish"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.stage == Stage.RECOMMENDATION
    assert case.transitions.count() == 1


def test_apt3_case_page_shows_tally_notice_and_records_a_finding(world, login):
    """APT-3, DEC-4: the page shows the tally and the notice; a finding is recorded."""
    with time_machine.travel(
        datetime.datetime(2026, 11, 23, 10, tzinfo=SHANGHAI), tick=False
    ):
        case = af.case_at(world, Stage.NOTICE)
        client = login(world.a.clerk)
        page = client.get(_url(case))
        assert page.context["decision_row"]["passed"]
        assert page.context["preview"].last_day == datetime.date(2026, 11, 30)
        assert client.post(_url(case), {"action": "notice_publish"}).status_code == 302
        notice = case.public_notice
        objection = column_services.feedback_submit(
            item=notice.item, kind=Feedback.Kind.OBJECTION, text="反映问题"
        )
        page = client.get(_url(case))
        assert "反映问题" in page.content.decode()
        # The column's figure: today (publication, not counted) plus the 7 days.
        assert page.context["notice_days_left"] == 8
        response = client.post(
            _url(case),
            {
                "action": "finding",
                "feedback": objection.pk,
                "finding": "does_not_affect",
                "note": "经核查不属实",
            },
        )
        assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.finding == Feedback.Finding.DOES_NOT_AFFECT


def test_apt1_letter_pdf_after_the_formalities(world, login, tmp_path):
    """The appointment letter: Chinese text with an embedded CJK font (PLATFORM)."""
    case = af.case_at(world, Stage.DONE)
    response = login(world.a.secretary).get(
        reverse("appointments:letter_pdf", args=[world.own.slug, case.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "关于王明同志任职的通知" in text.replace(" ", "")
    assert "南委干〔2026〕12号" in text
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts


def test_apt1_no_letter_before_the_formalities(world, login):
    case = af.open_case(world)
    response = login(world.a.secretary).get(
        reverse("appointments:letter_pdf", args=[world.own.slug, case.pk])
    )
    assert response.status_code == 404


def test_apt3_county_reviewer_enters_a_correction(world, login):
    client = login(world.reviewer)
    response = client.post(
        reverse("committees:holidays", args=[world.county.pk]),
        {"date": "2026-11-30", "is_working_day": "0", "note": "县里调整"},
    )
    assert response.status_code == 302
    calendar = work_calendar(world.county)
    assert not calendar.is_working_day(datetime.date(2026, 11, 30))
