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


def register_all() -> None:
    from committees import demo
    from meetings.demo import build

    panels.register(compliance_panel)
    panels.register_nav(_("Meetings"), "meetings:list", access.READERS, order=10)
    panels.register_nav(
        _("Decision register"), "meetings:decisions", access.READERS, order=11
    )
    demo.register(build)
