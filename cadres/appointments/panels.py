"""Navigation buttons and the home-page panel of selection and appointment.

`register()` is called from `cadres.apps.CadresConfig.ready()` (committees.panels)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import access
from committees import panels as home

CASE_READERS = access.TOWNSHIP_STAFF | {access.Role.MEMBER, access.Role.COUNTY_REVIEWER}


def open_cases_panel(request, township, roles):
    """Journey 1: open appointment cases and what each waits for (e.g. a notice period
    ending Thursday), for the township office."""
    if not roles & access.TOWNSHIP_STAFF:
        return None
    from cadres.appointments import selectors

    cases = list(
        selectors.open_cases_for(request.user, township).select_related(
            "agenda_item", "public_notice"
        )[:10]
    )
    if not cases:
        return None
    return home.Panel(
        title=_("Appointment cases"),
        template="cadres/appointments/partials/panel_cases.html",
        context={"cases": selectors.with_waiting(cases, timezone.now())},
        order=35,
    )


def county_calendar_panel(request, counties):
    """APT-3: the county reviewer's link to the county's holiday calendar corrections."""
    counties = list(counties)
    if not counties:
        return None
    return home.Panel(
        title=_("Holiday calendar corrections"),
        template="cadres/appointments/partials/panel_calendar.html",
        context={"counties": counties},
        order=80,
    )


def register() -> None:
    home.register_nav(_("Appointment cases"), "appointments:cases", CASE_READERS, 45)
    home.register_nav(
        _("Competitive selection"), "appointments:selections", CASE_READERS, 46
    )
    home.register_nav(
        _("Outstanding cadres"), "appointments:outstanding", access.READERS, 47
    )
    home.register(open_cases_panel)
    home.register_county(county_calendar_panel)
    from cadres.appointments import demo
    from committees import demo as committee_demo

    committee_demo.register(demo.build)
