"""WCAG 2.1 AA of the UI shell (issue 2, item 5): axe-core finds no violation; phone width fits."""

import pytest

from tests.a11y import wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_shell_pages_have_no_wcag_violations(
    world, live_server, browser_login, page, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    assert wcag_violations(page) == ""
    browser_login(world.a.secretary)
    for path in (
        "/",
        f"/t/{world.own.slug}/",
        f"/t/{world.own.slug}/rules/",
        f"/t/{world.own.slug}/people/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert wcag_violations(page) == "", path
        # Readable on a phone: nothing wider than the screen.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
