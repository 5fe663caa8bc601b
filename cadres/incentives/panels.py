"""Home-page panels and navigation buttons of the incentive mechanism (committees.panels):
the staff's panel with the INC-4 gap (a period that ended without a democratic life
meeting) and, for the secretary, the overdue personal-matters reports (INC-6); every
township person's panel with the appraisal and their own share."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.roles import STAFF_READERS, TOWNSHIP_PEOPLE
from committees import access
from committees.panels import Panel


def staff_panel(request, township, roles):
    if not roles & STAFF_READERS:
        return None
    from cadres.incentives import selectors

    today = timezone.localdate()
    gaps = selectors.life_meeting_gaps(township, today.year, today)
    if not gaps and today.month <= 6:  # the year's first period has not ended yet
        gaps = selectors.life_meeting_gaps(township, today.year - 1, today)
    overdue = []
    if access.Role.SECRETARY in roles:
        overdue = [c for c in selectors.report_clocks(township, today) if c.overdue]
    return Panel(
        title=_("Incentive and restraint"),
        template="cadres/incentives/panel_staff.html",
        context={
            "year": today.year,
            "last_year": selectors.latest_assessed_year(township, today),
            "gaps": gaps,
            "overdue": overdue,
            "is_secretary": access.Role.SECRETARY in roles,
        },
        order=40,
    )


def people_panel(request, township, roles):
    if not roles & TOWNSHIP_PEOPLE or roles & STAFF_READERS:
        return None
    from cadres.incentives import selectors

    today = timezone.localdate()
    appraisal = selectors.appraisal_of(township, today.year)
    return Panel(
        title=_("Assessment and appraisal"),
        template="cadres/incentives/panel_people.html",
        context={
            "year": today.year,
            "last_year": selectors.latest_assessed_year(township, today),
            "appraisal": appraisal,
            "voted": bool(appraisal and selectors.has_voted(appraisal, request.user)),
            "is_member": access.Role.MEMBER in roles,
        },
        order=41,
    )


def contact_points_panel(request, township, roles):
    """INC-7: the township's village contact points, on its page for everyone in it."""
    if not roles:
        return None
    from cadres.incentives import selectors

    points = list(selectors.contact_points_of(township, timezone.localdate()))
    if not points:
        return None
    return Panel(
        title=_("Village contact points"),
        template="cadres/incentives/panel_contacts.html",
        context={"points": points},
        order=60,
    )


def register() -> None:
    from committees import panels

    panels.register(staff_panel)
    panels.register(people_panel)
    panels.register(contact_points_panel)
    panels.register_nav(
        _("Democratic life meetings"),
        "incentives:life_meetings",
        STAFF_READERS,
        order=28,
    )
    panels.register_nav(
        _("Village contact points"),
        "incentives:contact_points",
        access.READERS,
        order=29,
    )
    panels.register_nav(
        _("Personal matters reports"),
        "incentives:personal_matters",
        {access.Role.SECRETARY, access.Role.COUNTY_REVIEWER},
        order=30,
    )
