"""Thin tasks: ids in, re-fetch, act; safe to run twice (STYLE "Writing safely")."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committees import access
from core.history import save_with_history
from meetings import selectors, services
from meetings.models import Meeting, NoticeReceipt, Participant


def _address(person) -> str:
    if person.email:
        return person.email
    user = getattr(person, "user", None)
    return user.email if user is not None and user.email else ""


@shared_task(name="meetings.tasks.notice_deliver")
def notice_deliver(notice_id: int) -> int:
    """E-mail the notice to every participant not yet e-mailed (DEC-2)."""
    sent = 0
    receipts = NoticeReceipt.objects.filter(
        notice_id=notice_id, emailed_at__isnull=True
    ).select_related("participant__person__user", "notice__meeting")
    for receipt in receipts:
        meeting = receipt.notice.meeting
        address = _address(receipt.participant.person)
        if address:
            with translation.override("zh-hans"):
                subject = _("Meeting notice: %(title)s") % {"title": meeting.title}
                body = _(
                    "%(title)s\nTime: %(start)s\nPlace: %(place)s\n"
                    "Please open the meeting page to read the agenda and confirm receipt."
                ) % {
                    "title": meeting.title,
                    "start": timezone.localtime(meeting.start).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    "place": meeting.place,
                }
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            sent += 1
        with transaction.atomic():
            receipt.emailed_at = timezone.now()
            save_with_history(receipt, actor=None, reason="notice e-mailed")
    return sent


@shared_task(
    name="meetings.tasks.minutes_pdf_render",
    # A worker killed while rendering (the OOM killer, a redeploy) must not lose the PDF:
    # the message is acknowledged only when the task ends, and a lost worker process puts
    # it back on the queue instead of acknowledging it as failed (Celery's default).
    # A run that is given the message again does nothing if the PDF is stored.
    acks_late=True,
    reject_on_worker_lost=True,
)
def minutes_pdf_render(version_id: int) -> bool:
    """DEC-11: the PDF of locked minutes (stored once; a second run does nothing)."""
    return services.minutes_pdf_store(version_id=version_id)


@shared_task(name="meetings.tasks.remind_day_before")
def remind_day_before() -> int:
    """Remind participants of tomorrow's meetings (beat, daily)."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meetings = Meeting.objects.filter(
        start__date=tomorrow,
        status=Meeting.Status.NOTICE_SENT,
        day_reminder_sent_at__isnull=True,
    )
    count = 0
    for meeting in meetings:
        people = Participant.objects.filter(meeting=meeting).select_related(
            "person__user"
        )
        addresses = [a for a in (_address(p.person) for p in people) if a]
        with translation.override("zh-hans"):
            subject = _("Reminder: %(title)s tomorrow") % {"title": meeting.title}
            body = _("%(title)s\nTime: %(start)s\nPlace: %(place)s") % {
                "title": meeting.title,
                "start": timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
                "place": meeting.place,
            }
        if addresses:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        with transaction.atomic():
            meeting.day_reminder_sent_at = timezone.now()
            save_with_history(meeting, actor=None, reason="day-before reminder sent")
        count += 1
    return count


@shared_task(name="meetings.tasks.remind_minutes_unlocked")
def remind_minutes_unlocked() -> int:
    """Remind the secretary of minutes not locked within 7 days of the meeting (DEC-11)."""
    count = 0
    for meeting in selectors.unlocked_minutes_overdue():
        addresses = [
            u.email
            for u in access.users_with_role(meeting.township_id, access.SECRETARY_ONLY)
            if u.email
        ]
        with translation.override("zh-hans"):
            subject = _("Minutes not yet locked: %(title)s") % {"title": meeting.title}
            body = _(
                "The minutes of %(title)s are not locked seven days after the meeting."
            ) % {"title": meeting.title}
        if addresses:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        with transaction.atomic():
            meeting.minutes_reminder_sent_at = timezone.now()
            save_with_history(meeting, actor=None, reason="minutes reminder sent")
        count += 1
    return count
