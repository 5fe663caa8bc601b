"""Issue 16, "Faults survived": Redis down — logins and saves work, jobs drain when it is back.

Redis is both the cache (sessions are in the database; rate limits, idempotency keys and
cached public pages are in the cache) and Celery's broker. Both point at a port nothing
listens on: a clerk logs in, sends a meeting's notice through its form (its e-mails are a
task), and the public pages answer; the task waits in the outbox and is sent when the
broker is back (tests/core/test_outbox.py checks the outbox itself).
"""

from contextlib import contextmanager

import pytest
from django.core import mail
from django.urls import reverse

from core import outbox
from core.models import PendingTask
from meetings import services
from meetings.models import Meeting, NoticeReceipt
from tests.core.test_outbox import broker
from tests.meetings import factories as f

DEAD = "redis://127.0.0.1:1/0"  # nothing listens there


@contextmanager
def redis_down(settings):
    """The cache and the broker both at a port nothing listens on."""
    saved = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    try:
        with broker(DEAD):
            yield
    finally:
        settings.CACHES = saved


@pytest.mark.django_db(transaction=True)
def test_redis_down_login_and_a_save_work_and_the_notice_mails_go_when_it_is_back(
    client, settings
):
    """Faults survived (Redis down): login 302, the notice saved, the public page 200;
    the notice's e-mails wait in the outbox and go once when the broker is back."""
    town = f.make_town(members=5)
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    for person in town.members:
        person.email = f"m{person.pk}@example.org"
        person.save(update_fields=["email"])
    detail = reverse("meetings:detail", args=[town.township.slug, meeting.pk])

    with redis_down(settings):
        assert client.get(reverse("login")).status_code == 200
        response = client.post(
            reverse("login"),
            {"username": town.clerk.username, "password": "Test-pass-2026"},
        )
        assert response.status_code == 302, response.content[:500]
        assert client.get(detail).status_code == 200  # logged in
        response = client.post(
            reverse("meetings:notice_send", args=[town.township.slug, meeting.pk]),
            {"confirm": "1"},
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.NOTICE_SENT  # the save committed
        pending = PendingTask.objects.get(task_name="meetings.tasks.notice_deliver")
        assert pending.attempts == 1 and "Error" in pending.last_error
        assert mail.outbox == []
        assert client.get("/").status_code == 200  # the public landing page

    # Redis is back (eager here): beat's flush drains the outbox; the mails go, once.
    assert outbox.flush() >= 1
    assert not PendingTask.objects.filter(task_name="meetings.tasks.notice_deliver")
    assert len(mail.outbox) == 5
    receipts = NoticeReceipt.objects.filter(notice__meeting=meeting)
    assert receipts.count() >= 5 and not receipts.filter(emailed_at__isnull=True)
    assert outbox.flush() == 0 and len(mail.outbox) == 5
