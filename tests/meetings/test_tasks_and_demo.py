"""Reminders (beat tasks), the home panel's compliance figures, the demo data builder."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings import services, tasks
from meetings.models import Ballot, Meeting, MinutesVersion
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db


def test_day_before_reminder_is_sent_once(mailoutbox):
    """Participants are reminded the day before; a second run sends nothing."""
    town = f.make_town(members=7)
    person = town.members[1]
    person.email = "m1@example.org"
    person.save()
    start = timezone.now() + datetime.timedelta(days=2)
    meeting = f.schedule(town, start=start)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    assert tasks.remind_day_before() == 0  # two days ahead: not yet
    with time_machine.travel(start - datetime.timedelta(days=1)):
        assert tasks.remind_day_before() == 1
        assert tasks.remind_day_before() == 0
    assert [m.to for m in mailoutbox] == [["m1@example.org"]]


def test_minutes_not_locked_within_7_days_remind_the_secretary(mailoutbox):
    """DEC-11: minutes not locked seven days after the meeting: the secretary is reminded."""
    town = f.make_town(members=7)
    town.secretary.email = "sec@example.org"
    town.secretary.save()
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    assert tasks.remind_minutes_unlocked() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert tasks.remind_minutes_unlocked() == 1
        assert tasks.remind_minutes_unlocked() == 0
    assert mailoutbox[0].to == ["sec@example.org"]


def test_minutes_page_says_being_prepared_until_the_pdf_is_ready(client):
    """DEC-11: locked minutes show "being prepared" until the task has stored the PDF."""
    from django.utils import translation

    town = f.make_town(members=7)
    meeting, _item, version = f.decided_and_locked(town)  # the PDF task not run yet
    client.force_login(town.member, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("meetings:minutes", args=[town.township.slug, meeting.pk])
    with translation.override("zh-hans"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "PDF 正在生成" in page
    pdf_url = reverse("meetings:minutes_pdf", args=[town.township.slug, meeting.pk, 1])
    assert client.get(pdf_url).status_code == 404
    assert tasks.minutes_pdf_render(version.pk) is True
    assert tasks.minutes_pdf_render(version.pk) is False  # idempotent
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_home_panel_shows_the_compliance_figures(client):
    """DEC-7 / DEC-8 / DEC-2 figures on the secretary's home page."""
    town = f.make_town(members=7)
    services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=timezone.now() - datetime.timedelta(days=40),
        what="抢修",
        why="暴雨",
    )
    client.force_login(
        town.secretary, backend="django.contrib.auth.backends.ModelBackend"
    )
    page = client.get(reverse("home")).content.decode()
    assert (
        "Overdue emergency decisions" in page
        or "逾期未报告的紧急情况下的个人临机决定" in page
    )
    assert reverse("meetings:emergencies", args=[town.township.slug]) in page
    assert reverse("meetings:list", args=[town.township.slug]) in page


def test_demo_builder_is_idempotent():
    """Demo data: a committee meeting every earlier month of the year but May (DEC-7's
    gap), a past meeting with decisions and locked minutes, and an upcoming one."""
    from committees import access
    from meetings import selectors
    from meetings.demo import GAP_MONTH, build

    with time_machine.travel(datetime.datetime(2026, 9, 20, 9, tzinfo=datetime.UTC)):
        town = f.make_town(members=9, records_from=datetime.date(2026, 1, 1))
        users = {access.Role.SECRETARY: town.secretary, access.Role.CLERK: town.clerk}
        build(town.township, users)
        build(town.township, users)
        meetings = list(
            Meeting.objects.filter(township=town.township).order_by("start")
        )
        assert [m.status for m in meetings] == ["closed"] * 7 + ["closed", "scheduled"]
        monthly, past, upcoming = meetings[:7], meetings[7], meetings[8]
        months = [timezone.localtime(m.start).month for m in monthly]
        assert months == [m for m in range(1, 9) if m != GAP_MONTH]
        assert all(
            MinutesVersion.objects.get(minutes__meeting=m).status == "locked"
            for m in monthly + [past]
        )
        assert past.decisions.count() == 2
        assert past.start < timezone.now() < upcoming.start
        figures = selectors.compliance(town.township)
        assert figures["months_without_meeting"].records == [(2026, GAP_MONTH)]


def test_dec2_in_app_notice_on_the_home_page_until_opened(client):
    """DEC-2: the participant sees the notice on their home page until they open it."""
    town = f.make_town(members=7)
    person = town.members[2]
    person.user = town.member
    person.save()
    meeting = f.schedule(town, title="党委会议（四月）")
    f.add_item(town, meeting)
    f.notice(town, meeting)
    client.force_login(town.member, backend="django.contrib.auth.backends.ModelBackend")
    assert "党委会议（四月）" in client.get(reverse("home")).content.decode()
    client.post(reverse("meetings:receipt", args=[town.township.slug, meeting.pk]))
    receipt = meeting.notices.get().receipts.get(participant__person=person)
    assert receipt.opened_at is not None
    assert "党委会议（四月）" not in client.get(reverse("home")).content.decode()
