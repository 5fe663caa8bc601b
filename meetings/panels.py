"""The secretary's home panel (compliance figures), the nav button and the demo builder."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import access, panels


def compliance_panel(request, township, roles):
    if not roles & (access.TOWNSHIP_STAFF | {access.Role.COUNTY_REVIEWER}):
        return None
    from meetings import selectors
    from meetings.models import Meeting

    figures = selectors.compliance(township)
    upcoming = (
        selectors.meetings_of(township)
        .filter(start__gte=timezone.now())
        .exclude(status=Meeting.Status.CLOSED)
        .order_by("start")
        .first()
    )
    return panels.Panel(
        title=_("Decision-making compliance"),
        template="meetings/partials/home_panel.html",
        context={"figures": figures, "upcoming": upcoming},
        order=10,
    )


def notices_panel(request, township, roles):
    """The in-app notice (DEC-2): meetings whose notice this user has not opened yet."""
    person = getattr(request.user, "person", None)
    if person is None or person.township_id != township.pk:
        return None
    from meetings.models import NoticeReceipt

    unread = list(
        NoticeReceipt.objects.filter(
            participant__person=person,
            opened_at__isnull=True,
            notice__meeting__start__gte=timezone.now(),
        )
        .select_related("notice__meeting")
        .order_by("notice__meeting__start")
    )
    if not unread:
        return None
    return panels.Panel(
        title=_("Meeting notices to read"),
        template="meetings/partials/notices_panel.html",
        context={"receipts": unread},
        order=5,
    )


def register_all() -> None:
    from committees import demo
    from meetings.demo import build

    panels.register(compliance_panel)
    panels.register(notices_panel)
    panels.register_nav(_("Meetings"), "meetings:list", access.READERS, order=10)
    panels.register_nav(
        _("Decision register"), "meetings:decisions", access.READERS, order=11
    )
    demo.register(build)
