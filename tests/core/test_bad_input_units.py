"""SEC-3/SEC-5 without the database: ids, CSV cells, uploads by content, the client's
address behind the proxy, the double-submit guard, request ids and Cache-Control."""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib.messages import constants as message_levels
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited
from openpyxl import Workbook, load_workbook

from committees.fields import pk_or_none
from core import csvsafe, middleware
from core.clientip import ClientAddressHeader, client_ip
from core.uploads import validate_upload

# -- ids typed by hand ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        (" 7 ", 7),
        (12, 12),
        ("x", None),
        ("", None),
        (None, None),
        ("1.5", None),
        ("-3", None),
        ("0", None),
        ("1\x00", None),
        ("１２", None),  # full-width digits: isdigit() but no id
        ("9" * 30, None),  # no bigint holds it: a DataError on PostgreSQL
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        (True, None),
        (["1"], None),
    ],
)
def test_sec3_pk_or_none_refuses_every_id_no_bigint_holds(value, expected):
    """SEC-3: a hand-read id is an id or None, never a 500 further down."""
    assert pk_or_none(value) == expected


# -- CSV and spreadsheet cells (formula injection) -------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("关于=的公告", "关于=的公告"),
        ("", ""),
        (-5, -5),  # a number is a number
        (None, None),
    ],
)
def test_sec5_csv_cell_neutralises_formula_starts(value, expected):
    """SEC-5: a cell beginning with = + - @ tab or CR is text, not a formula."""
    assert csvsafe.cell(value) == expected


def test_sec5_csv_writers_neutralise_every_cell():
    out = io.StringIO()
    writer = csvsafe.DictWriter(out, fieldnames=["title", "id"])
    writer.writeheader()
    writer.writerows([{"title": "=cmd|' /C calc'!A0", "id": 3}])
    plain = io.StringIO()
    csvsafe.writer(plain).writerows([["@x", 1], ["ok", "-1"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["title", "id"],
        ["'=cmd|' /C calc'!A0", "3"],
    ]
    assert list(csv.reader(io.StringIO(plain.getvalue()))) == [
        ["'@x", "1"],
        ["ok", "'-1"],
    ]


def test_sec5_xlsx_text_that_looks_like_a_formula_stays_text():
    """SEC-5: openpyxl stores text beginning with = as a formula; neutralise_sheet keeps the
    text exactly as typed (an export still imports as it is) but as text."""
    book = Workbook()
    sheet = book.active
    sheet.append(['=HYPERLINK("http://x")', "张三", 3])
    assert sheet["A1"].data_type == "f"
    csvsafe.neutralise_sheet(sheet)
    out = io.BytesIO()
    book.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


# -- uploads checked by content -------------------------------------------------------------


def _xlsx_bytes():
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, accepted",
    [
        ("报告.pdf", b"%PDF-1.7\n%\xe2\xe3", True),
        ("报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00", False),  # an executable renamed
        ("报告.pdf", b"<html><script>alert(1)</script>", False),
        ("报告.pdf", b"", False),
        ("名册.xlsx", _xlsx_bytes(), True),
        ("名册.xlsx", b"%PDF-1.4", False),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, True),
        ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 8, True),
        ("照片.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, False),
        ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, True),
        ("说明.txt", "会议说明：第一项。".encode(), True),
        ("说明.txt", "会议说明".encode("gb18030"), True),
        ("说明.txt", b"MZ\x00\x00\x00", False),
    ],
)
def test_sec3_upload_checked_by_content_not_only_by_name(name, content, accepted):
    """SEC-3: the magic bytes (puremagic) must be what the extension says."""
    upload = SimpleUploadedFile(name, content)
    if accepted:
        validate_upload(upload)
        assert upload.read() == content  # read back from the start afterwards
    else:
        with pytest.raises(ValidationError) as refused:
            validate_upload(upload)
        assert refused.value.code in ("upload_content", "upload_type")


def test_sec3_a_stored_file_is_not_read_again():
    """A record saved again (its file already stored) does not re-open its file."""
    stored = SimpleNamespace(name="a.pdf", size=10, _committed=True)
    validate_upload(stored)  # no read attempted: SimpleNamespace has no read()


# -- the client's address (SEC-5) -------------------------------------------------------------


def test_sec5_client_address_without_the_proxy_header_is_no_error(settings):
    """SEC-5: under production settings (RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP) a request
    without the proxy's header is keyed by REMOTE_ADDR; django-ratelimit given the bare
    header name raises ImproperlyConfigured (the 500 of the issue)."""
    factory = RequestFactory()
    direct = factory.post("/p/x/i/1/feedback/", REMOTE_ADDR="203.0.113.9")
    proxied = factory.post(
        "/p/x/i/1/feedback/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="198.51.100.7"
    )
    forged = factory.post("/", REMOTE_ADDR="", HTTP_X_REAL_IP="<script>")
    assert client_ip(direct, "HTTP_X_REAL_IP") == "203.0.113.9"
    assert client_ip(proxied, "HTTP_X_REAL_IP") == "198.51.100.7"
    assert client_ip(forged, "HTTP_X_REAL_IP") == "0.0.0.0"
    header = ClientAddressHeader("HTTP_X_REAL_IP")
    assert header == "HTTP_X_REAL_IP" and header(proxied) == "198.51.100.7"
    assert ClientAddressHeader("")(direct) == "203.0.113.9"

    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    with pytest.raises(ImproperlyConfigured):
        is_ratelimited(direct, group="t", key="ip", rate="5/m", increment=True)
    settings.RATELIMIT_IP_META_KEY = header
    assert not is_ratelimited(direct, group="t", key="ip", rate="5/m", increment=True)


# -- the double-submit guard ------------------------------------------------------------------


def _post(user_pk=1, data=None, path="/t/x/study/exams/", user=None):
    request = RequestFactory().post(
        path, data or {"title": "考试", "csrfmiddlewaretoken": "a"}
    )
    request.user = user or SimpleNamespace(pk=user_pk, is_authenticated=True)
    request._messages = mock.MagicMock()
    return request


class _View:
    """Acts once per call (counts), slowly, answering with a redirect or a status."""

    def __init__(self, delay=0.0, status=302):
        self.calls = 0
        self.delay, self.status = delay, status
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.calls += 1
            number = self.calls
        time.sleep(self.delay)
        if self.status == 302:
            return HttpResponseRedirect(f"/t/x/study/exams/{number}/")
        return HttpResponse(status=self.status)


@pytest.fixture
def guard(settings):
    settings.IDEMPOTENT_POST_SECONDS = 10
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    from django.core.cache import cache

    cache.clear()
    return lambda view: middleware.IdempotentPostMiddleware(view)


def test_sec3_two_submits_60ms_apart_act_once(guard):
    """SEC-3: the second of two identical posts 60 ms apart waits for the first and gets
    its redirect (the exam is created once); the CSRF token does not count."""
    view = _View(delay=0.3)
    handler = guard(view)
    answers = []
    first = threading.Thread(target=lambda: answers.append(handler(_post())))
    first.start()
    time.sleep(0.06)
    second = handler(_post(data={"title": "考试", "csrfmiddlewaretoken": "b"}))
    first.join()
    assert view.calls == 1
    assert second.status_code == 302
    assert second["Location"] == answers[0]["Location"] == "/t/x/study/exams/1/"
    # Another user, another body or another path: acted on.
    handler(_post(user_pk=2))
    handler(_post(data={"title": "另一场考试"}))
    handler(_post(path="/t/y/study/exams/"))
    assert view.calls == 4


def test_sec3_a_refused_post_can_be_sent_again(guard):
    """A post that was refused (400, a form shown again) releases its key."""
    view = _View(status=400)
    handler = guard(view)
    assert handler(_post()).status_code == 400
    assert handler(_post()).status_code == 400
    assert view.calls == 2


def test_sec3_a_redirect_that_says_no_can_be_sent_again(guard):
    """A post refused with an error message and a redirect (the services' refusals) is
    not "recorded once": the same post again is processed again."""
    calls = []

    def refusing_view(request):
        calls.append(1)
        request._messages = SimpleNamespace(
            _queued_messages=[SimpleNamespace(level=message_levels.ERROR)]
        )
        return HttpResponseRedirect("/t/x/meetings/1/")

    handler = guard(refusing_view)
    handler(_post())
    handler(_post())
    assert len(calls) == 2


def test_sec3_a_first_post_still_running_answers_409_in_chinese(guard, settings, db):
    """The second post waits at most the window; if the first is still running it gets a
    409 page that says so in the user's language and links back to the form."""
    settings.IDEMPOTENT_POST_SECONDS = 1
    from tests.committees.factories import UserFactory

    user = UserFactory()
    view = _View(delay=1.6)
    handler = guard(view)
    first = threading.Thread(target=lambda: handler(_post(user=user)))
    first.start()
    time.sleep(0.05)
    second = handler(_post(user=user))
    first.join()
    assert view.calls == 1
    assert second.status_code == 409
    page = second.content.decode()
    assert "请勿重复提交" in page and 'href="/t/x/study/exams/"' in page


def test_sec3_without_a_cache_posts_go_through(guard):
    """Redis down: no duplicate check, the save still happens."""
    view = _View()
    handler = guard(view)
    with mock.patch.object(middleware.cache, "add", side_effect=ConnectionError):
        assert handler(_post()).status_code == 302
    assert view.calls == 1


# -- request id and Cache-Control -------------------------------------------------------------


def test_sec3_request_id_on_the_response_and_in_every_log_line():
    """Production logging: the id is in X-Request-ID and in each line logged meanwhile; a
    well-formed id from the proxy is kept, anything else replaced."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(middleware.RequestIdFilter())
    log = logging.getLogger("tests.request_id")
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def view(request):
        log.info("inside")
        return HttpResponse("ok")

    serve = middleware.RequestIdMiddleware(view)
    try:
        response = serve(RequestFactory().get("/"))
        kept = serve(RequestFactory().get("/", HTTP_X_REQUEST_ID="proxy-1234abcd"))
        replaced = serve(RequestFactory().get("/", HTTP_X_REQUEST_ID="bad id\n"))
        log.info("outside")
    finally:
        log.removeHandler(handler)
    assert len(response["X-Request-ID"]) == 32
    assert [r.request_id for r in records] == [
        response["X-Request-ID"],
        "proxy-1234abcd",
        replaced["X-Request-ID"],
        "-",
    ]
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    assert replaced["X-Request-ID"] != "bad id\n"


def test_sec3_logged_in_pages_are_private_no_store():
    """A logged-in user's page or export: private, no-store; a page that set its own
    Cache-Control (the public column) and an anonymous visitor's page are left alone."""

    def plain(request):
        return HttpResponse("x")

    def cached(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=60"
        return response

    def run(view, authenticated):
        request = RequestFactory().get("/")
        request.user = SimpleNamespace(is_authenticated=authenticated)
        return middleware.PrivateNoStoreMiddleware(view)(request)

    assert run(plain, True)["Cache-Control"] == "private, no-store"
    assert run(cached, True)["Cache-Control"] == "public, max-age=60"
    assert not run(plain, False).has_header("Cache-Control")
