"""LRN-3 reminders: three days before the due day and on it, only to cadres who have not
submitted, once each (the task is safe to run twice)."""

import datetime

import pytest
import time_machine

from cadres import tasks
from cadres.learning.deadlines import TZ
from cadres.learning.models import StudyReminder
from tests.cadres.learning.factories import CadreFactory, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadres(world):
    return {
        "writer": CadreFactory(township=world.own, email="writer@example.org"),
        "done": CadreFactory(township=world.own, email="done@example.org"),
        "far": CadreFactory(township=world.far, email="far@example.org"),
    }


def _run(when, capture):
    with time_machine.travel(when, tick=False), capture(execute=True):
        return tasks.study_report_reminders.delay().get()


def test_lrn3_reminder_three_days_before_the_due_day(
    world, cadres, mailoutbox, django_capture_on_commit_callbacks
):
    submitted_report(cadres["done"], 2026, 10)
    sent = _run(
        datetime.datetime(2026, 11, 2, 8, 0, tzinfo=TZ),
        django_capture_on_commit_callbacks,
    )
    recipients = sorted(m.to[0] for m in mailoutbox)
    # Every township with due day 5 is reminded; the one who submitted is not.
    assert recipients == ["far@example.org", "writer@example.org"]
    assert sent == 2
    assert mailoutbox[0].subject == "您2026年10月的学习心得须于2026-11-05前提交"
    assert StudyReminder.objects.filter(kind="before").count() == 2


def test_lrn3_reminders_are_sent_once(
    world, cadres, mailoutbox, django_capture_on_commit_callbacks
):
    when = datetime.datetime(2026, 11, 5, 8, 0, tzinfo=TZ)
    _run(when, django_capture_on_commit_callbacks)
    first = len(mailoutbox)
    assert first == 3
    assert _run(when, django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == first


def test_lrn3_no_reminder_on_other_days(
    world, cadres, mailoutbox, django_capture_on_commit_callbacks
):
    for day in (1, 3, 4, 6):
        _run(
            datetime.datetime(2026, 11, day, 8, 0, tzinfo=TZ),
            django_capture_on_commit_callbacks,
        )
    assert mailoutbox == []


def test_lrn3_reminder_follows_the_township_due_day(
    world, cadres, mailoutbox, django_capture_on_commit_callbacks
):
    from committees import services as committee_services

    committee_services.township_settings_update(
        actor=None, township=world.own, reason="test", study_report_due_day=10
    )
    _run(
        datetime.datetime(2026, 11, 5, 8, 0, tzinfo=TZ),
        django_capture_on_commit_callbacks,
    )
    assert [m.to[0] for m in mailoutbox] == ["far@example.org"]
    mailoutbox.clear()
    _run(
        datetime.datetime(2026, 11, 7, 8, 0, tzinfo=TZ),
        django_capture_on_commit_callbacks,
    )
    assert sorted(m.to[0] for m in mailoutbox) == [
        "done@example.org",
        "writer@example.org",
    ]
