"""SEC-3/SEC-5 fuzz: every form of every app, posted by each persona with random values.

The forms are found, not listed: every URL of the permission matrix (tests/*/url_matrix.py)
is opened by the personas who may read it, and every `<form>` on the page is taken with its
fields (inputs, selects with their options, textareas, named submit buttons). Each form is
then sent with values hypothesis draws — a real option or the page's own value, huge and
negative numbers, "x", unicode, NUL, empty, very long text, impossible dates (2026-02-30) —
by the secretary, the clerk, a cadre, the county reviewer and an anonymous visitor.

Checked: no answer is a server error (5xx), and a refused post (an error status, the form
shown again, or a redirect carrying an error message) leaves every table's row count as it
was (nothing half-saved). GET forms (filters: year, month, page, search) are fuzzed too,
and every page is also asked for with hostile `year`, `month` and `page` parameters.

Bounded for CI: FUZZ_EXAMPLES examples per form and persona (default 2, seeded by the form; e.g.
`FUZZ_EXAMPLES=25` for a longer local run).
"""

from __future__ import annotations

import os
import zlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests import test_permission_matrix
from tests.matrix import persona_user

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
POSTERS = ("secretary", "clerk", "cadre", "reviewer", "anonymous")
# The one whose posts act most: FUZZ_EXAMPLES examples (the others get one each).
MAKERS = ("secretary",)
# Who opens the pages to find the forms (each sees forms the others do not).
FINDERS = ("secretary", "cadre", "reviewer", "anonymous")
# Forms whose post changes the session, not the records.
SKIPPED_ACTIONS = ("/accounts/logout/", "/language/", "/i18n/")
# Posts that act and answer 200: a result shown once, never again (SEC-2's recovery codes,
# shown on the page that made them; the enrolment that ends by showing them).
SHOWN_ONCE = ("/accounts/recovery-codes/", "/accounts/enrol/")
# Tables a refused request may write: sessions, login attempts (SEC-2).
VOLATILE_TABLES = ("django_session", "axes_")

NASTY = [
    "",
    " ",
    "x",
    "0",
    "-1",
    "-5",
    "1",
    "10000",
    "9" * 30,
    "-" + "9" * 30,
    "1e309",
    "NaN",
    "0x1F",
    "１２",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "2026-02-30T25:61",
    "25:61",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "'; DROP TABLE committees_township; --",
    '=HYPERLINK("http://x")',
    "é" * 300,
    "党" * 5000,
    "x" * 100_000,
    "\u202e\ufeff\U0001f600",
    "../../etc/passwd",
]
HOSTILE_QUERY = ["1", "0", "-5", "10000", "abc", "9" * 30, "", "\x00", "2026-02-30"]


class _Forms(HTMLParser):
    """Every form on a page: method, action and its fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "multipart": "multipart" in (a.get("enctype") or ""),
                "fields": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            return
        name, fields = a["name"], self._form["fields"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image", "reset"):
                kind = "button"
            field = fields.setdefault(name, {"kind": kind, "values": []})
            field["values"].append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "button":
            if (a.get("type") or "submit").lower() == "submit":
                field = fields.setdefault(name, {"kind": "button", "values": []})
                field["values"].append(a.get("value", ""))
        elif tag == "select":
            self._select = fields.setdefault(
                name, {"kind": "select", "values": [], "multiple": "multiple" in a}
            )
        elif tag == "option" and self._select is not None:
            self._select["values"].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = fields.setdefault(name, {"kind": "text", "values": [""]})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and data.strip():
            self._textarea["values"] = [data]


def _table_counts() -> dict[str, int]:
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        & set(connection.introspection.table_names())
    )
    tables = [t for t in tables if not t.startswith(VOLATILE_TABLES)]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _value(field, draw):
    """One field's value: mostly something the page offered, else something nasty."""
    offered = [v for v in field["values"] if v is not None]
    kind = field["kind"]
    if kind == "file":
        if draw(st.booleans()):
            return None
        name = draw(
            st.sampled_from(["a.pdf", "a.exe", "a.xlsx", "a.txt", "a", "..pdf"])
        )
        content = draw(
            st.sampled_from(
                [b"%PDF-1.4 x", b"MZ\x90\x00", b"", b"PK\x03\x04", b"\x00" * 9]
            )
        )
        return SimpleUploadedFile(name, content)
    if kind == "checkbox" and draw(st.booleans()):
        return None
    if kind == "select" and field.get("multiple"):
        values = draw(
            st.lists(
                st.sampled_from(offered + NASTY[:12])
                if offered
                else st.sampled_from(NASTY),
                max_size=4,
            )
        )
        return values
    choice = draw(st.integers(0, 3))
    if offered and choice <= 1:
        return draw(st.sampled_from(offered))
    if choice == 2:
        return draw(st.sampled_from(NASTY))
    return draw(
        st.one_of(
            st.text(max_size=40),
            st.integers(-(2**70), 2**70).map(str),
            st.dates().map(lambda d: d.isoformat()),
        )
    )


def _errors_in(response) -> bool:
    request = getattr(response, "wsgi_request", None)
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= message_levels.ERROR for m in queued)


class _Run:
    def __init__(self, world):
        self.world = world
        self.clients: dict[str, Client] = {}
        self.client = None
        self.failures: list[str] = []
        self.skipped: list[str] = []
        self.posts = self.gets = self.refused = 0

    def as_persona(self, persona):
        """One logged-in client per persona, kept for the whole run."""
        if persona not in self.clients:
            client = Client(raise_request_exception=False)
            user = persona_user(self.world, persona)
            if user is not None:
                client.force_login(
                    user, backend="django.contrib.auth.backends.ModelBackend"
                )
            self.clients[persona] = client
        self.client = self.clients[persona]

    def check(self, response, what):
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {what}")

    def find_forms(self):
        pages, forms = [], {}
        entries = test_permission_matrix.ENTRIES
        urls = {}
        for name, case in sorted(entries.items()):
            if case.method != "get":
                continue
            try:
                urls[name] = reverse(name, kwargs=case.kwargs(self.world))
            except Exception as error:  # noqa: BLE001 - a builder that runs once per world
                self.skipped.append(f"{name} ({error!r})")
        for persona in FINDERS:
            self.as_persona(persona)
            for name, url in urls.items():
                if entries[name].expect.get(persona) != 200:
                    continue
                response = self.client.get(url)
                self.gets += 1
                self.check(response, f"GET {url} as {persona}")
                if response.status_code != 200 or "html" not in response.get(
                    "Content-Type", ""
                ):
                    continue
                pages.append((persona, url))
                parser = _Forms()
                parser.feed(response.content.decode("utf-8", "replace"))
                for form in parser.forms:
                    action = urljoin(url, form["action"])
                    if urlsplit(action).netloc or action.startswith(SKIPPED_ACTIONS):
                        continue
                    key = (
                        form["method"],
                        urlsplit(action).path,
                        tuple(sorted(form["fields"])),
                    )
                    forms.setdefault(key, {**form, "action": action, "page": url})
        return pages, list(forms.values())

    def send(self, form, data, persona):
        if form["method"] == "post":
            data = {k: v for k, v in data.items() if v is not None}
            before = _table_counts()
            response = self.client.post(form["action"], data)
            self.posts += 1
            what = f"POST {form['action']} as {persona} with {_short(data)}"
            self.check(response, what)
            refused = (
                response.status_code >= 400
                or (
                    response.status_code == 200
                    and form["action"].split("?")[0] not in SHOWN_ONCE
                )
                or (response.status_code in (301, 302, 303) and _errors_in(response))
            )
            if refused and response.status_code < 500:
                self.refused += 1
                after = _table_counts()
                changed = {
                    t: (before[t], after[t]) for t in before if before[t] != after[t]
                }
                if changed:
                    self.failures.append(f"refused {what} changed rows: {changed}")
        else:
            data = {
                k: v
                for k, v in data.items()
                if v is not None and not hasattr(v, "read")
            }
            response = self.client.get(form["action"].split("?")[0], data)
            self.gets += 1
            self.check(
                response, f"GET {form['action']} as {persona} with {_short(data)}"
            )


def _short(data) -> str:
    return repr({k: (v[:40] if isinstance(v, str) else v) for k, v in data.items()})[
        :400
    ]


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _fuzz_form(run, form, persona, examples):
    @settings(FUZZ, max_examples=examples)
    @seed(zlib.crc32(f"{form['action']} {persona}".encode()))
    @given(st.data())
    def example(data):
        values = {
            name: _value(field, data.draw) for name, field in form["fields"].items()
        }
        run.send(form, values, persona)

    return example


@pytest.mark.django_db
def test_fuzz_every_form_no_server_error_nothing_half_saved(world):
    """SEC-3/SEC-5: every form of every app, every poster persona, random values: no 5xx,
    and a refused post changes no table's row count."""
    run = _Run(world)
    pages, forms = run.find_forms()
    assert len(forms) > 50, f"only {len(forms)} forms found"

    for form in forms:
        for persona in POSTERS:
            if form["method"] == "get" and persona != "secretary":
                continue
            run.as_persona(persona)
            _fuzz_form(run, form, persona, EXAMPLES if persona in MAKERS else 1)()

    # Every page once more, with hostile year / month / page parameters (in turn).
    hostile = len(HOSTILE_QUERY)
    for index, (persona, url) in enumerate(pages):
        run.as_persona(persona)
        query = {
            "year": HOSTILE_QUERY[index % hostile],
            "month": HOSTILE_QUERY[(index + 3) % hostile],
            "page": HOSTILE_QUERY[(index + 5) % hostile],
        }
        run.check(run.client.get(url, query), f"GET {url} as {persona} with {query!r}")
        run.gets += 1

    print(
        f"fuzz: {len(forms)} forms, {run.posts} posts ({run.refused} refused, rows"
        f" checked), {run.gets} gets; URLs not built: {run.skipped}"
    )
    assert run.refused > len(forms)  # the row-count check ran
    assert not run.failures, "\n".join(run.failures[:40])
