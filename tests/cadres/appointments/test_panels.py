"""The home panel and navigation of appointments (registered in CadresConfig.ready)."""

import pytest
from django.urls import reverse

from cadres.appointments import panels
from cadres.appointments.models import Stage
from committees import access
from committees import panels as home
from tests.cadres.appointments import factories as af

pytestmark = pytest.mark.django_db


def test_apt1_open_cases_on_the_secretarys_home_with_what_they_wait_for(world, login):
    panels.register()
    panels.register()  # idempotent: ready() may run twice
    assert sum(1 for e in home._nav if e[2] == "appointments:cases") == 1
    case = af.case_at(world, Stage.CANDIDATES)
    page = login(world.a.secretary).get(reverse("home")).content.decode()
    assert case.person.name in page
    assert reverse("appointments:case", args=[world.own.slug, case.pk]) in page
    labels = [name for _label, name in home.nav_for({access.Role.CADRE})]
    assert "appointments:outstanding" in labels and "appointments:cases" not in labels


def test_apt1_no_panel_for_a_cadre(world, rf):
    af.case_at(world, Stage.CANDIDATES)
    request = rf.get("/")
    request.user = world.a.cadre
    assert panels.open_cases_panel(request, world.own, {access.Role.CADRE}) is None


def test_apt3_county_reviewer_home_links_to_the_holiday_calendar(world, login):
    panels.register()
    page = login(world.reviewer).get(reverse("home")).content.decode()
    assert reverse("committees:holidays", args=[world.county.pk]) in page
    other = login(world.a.secretary).get(reverse("home")).content.decode()
    assert reverse("committees:holidays", args=[world.county.pk]) not in other
