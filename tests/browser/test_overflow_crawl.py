"""Phone layout and forms, page by page (issue 15, "Done when"): a secretary, a cadre and a
villager walk every page they reach at 375 px — from their home page (the villager from
the site root and the column), following same-site links breadth-first to a bounded
depth, skipping logout, POST forms and downloads — and no page scrolls sideways
(`document.documentElement.scrollWidth > window.innerWidth`). On the same pages, every
form keeps the three rules of templates/shared/field.html: each aria-describedby names an
element that exists, no id is used twice, no label has an empty `for`.

The data is the demo's (committees.demo.build), so the pages carry what a user sees:
meetings, minutes, study reports, the column's notices.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375
MAX_DEPTH = 3
MAX_PAGES = 80
PER_SHAPE = 2  # pages of one URL shape (/reports/<n>/) looked at: the rest are alike
# Not pages to look at: leaving, switching language, the admin, and downloads.
SKIP_PARTS = (
    "/accounts/logout",
    "/i18n/",
    "/admin/",
    "/set-language/",
    "/history/",  # one record's history: reached from every record, checked in tests/core
)
SKIP_ENDINGS = (
    ".pdf", ".xlsx", ".csv", ".json", ".atom", ".ics", ".svg", ".png", ".zip",
    "/pdf/", "/xlsx/", "/ics/", "/download/", "/file/", "/export/", "/feed/",
)  # fmt: skip

CHECKS_JS = """() => {
  const problems = [];
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow > 0) {
    // Name the widest culprits: elements whose right edge passes the screen.
    const wide = [];
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && wide.length < 3) {
        wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ' + Math.round(r.right) + 'px');
      }
    }
    problems.push(`scrolls sideways by ${overflow}px (${wide.join('; ')})`);
  }
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) {
    seen.set(el.id, (seen.get(el.id) || 0) + 1);
  }
  for (const [id, count] of seen) { if (count > 1) problems.push(`id "${id}" ${count} times`); }
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const ref of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)) {
      if (!document.getElementById(ref)) problems.push(`aria-describedby "${ref}" names no element`);
    }
  }
  for (const label of document.querySelectorAll('label[for]')) {
    const target = label.getAttribute('for');
    if (!target) problems.push('label for="" (' + label.textContent.trim().slice(0, 20) + ')');
    else if (!document.getElementById(target)) problems.push(`label for="${target}" names no element`);
  }
  return problems;
}"""


def _skip(url: str, origin: str) -> bool:
    parsed = urlparse(url)
    if f"{parsed.scheme}://{parsed.netloc}" != origin:
        return True
    path = parsed.path
    return any(part in path for part in SKIP_PARTS) or path.endswith(SKIP_ENDINGS)


def crawl(page, origin: str, starts: list[str]) -> tuple[list[str], dict[str, list]]:
    """Breadth-first over same-site links; returns the pages seen and the problems by page."""
    queue = deque((origin + start, 0) for start in starts)
    seen: set[str] = set()
    visited: list[str] = []
    problems: dict[str, list] = {}
    shapes: Counter = Counter()
    while queue and len(visited) < MAX_PAGES:
        url, depth = queue.popleft()
        url = urldefrag(url).url
        if url in seen or _skip(url, origin):
            continue
        seen.add(url)
        shape = re.sub(r"\d+", "N", urlparse(url).path)
        if shapes[shape] >= PER_SHAPE:
            continue
        shapes[shape] += 1
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a link to a download: not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (
            response.headers.get("content-type") or ""
        ):
            continue
        final = urldefrag(page.url).url
        seen.add(final)
        visited.append(final)
        found = page.evaluate(CHECKS_JS)
        print(
            f"crawl {len(visited):3d} d{depth} {final.removeprefix(origin)} {found or ''}"
        )
        # A link the persona is shown but may not follow; 410 is a withdrawn notice's page.
        if response.status >= 400 and response.status != 410:
            found.append(f"status {response.status}")
        if found:
            problems[final.removeprefix(origin)] = found
        if depth < MAX_DEPTH:
            for href in page.eval_on_selector_all(
                "a[href]", "links => links.map(a => a.href)"
            ):
                if href not in seen:
                    queue.append((href, depth + 1))
    return visited, problems


@pytest.fixture
def demo_world(db):
    from committees import demo
    from core import outbox

    with outbox.held():  # the minutes PDFs are not what this test looks at
        demo.build()
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


def _report(persona, visited, problems):
    lines = [f"{persona}: {len(problems)} of {len(visited)} pages fail at {WIDTH}px"]
    for path, found in sorted(problems.items()):
        lines.append(f"  {path}: " + " | ".join(found))
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("persona", "starts"),
    [
        ("nangang-secretary", ["/"]),
        ("nangang-cadre", ["/"]),
        (None, ["/", "/p/nangang/"]),  # a villager: no account
    ],
    ids=["secretary", "cadre", "villager"],
)
def test_no_page_scrolls_sideways_at_375px_and_forms_hold(
    demo_world, live_server, browser_login, page, persona, starts
):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    if persona:
        browser_login(demo_world[persona])
    visited, problems = crawl(page, live_server.url, starts)
    assert len(visited) >= (10 if persona else 3), visited
    assert not problems, _report(persona or "villager", visited, problems)
