"""SEC-3/SEC-5 through the pages: hostile years and ids, a double submit, the feedback form
behind the proxy, the public CSV, Cache-Control, and a notice receipt after the meeting."""

from __future__ import annotations

import csv
import io
import random

import pytest
from django.urls import reverse

from cadres.learning.models import QualificationExam
from core.clientip import ClientAddressHeader
from disclosure.models import Feedback
from meetings import errors as meeting_errors
from meetings import services as meeting_services
from meetings.models import Meeting, NoticeReceipt
from tests.disclosure.factories import make_item
from tests.meetings import factories as mf

HOSTILE_YEARS = ["1", "0", "-5", "10000", "abc", "9" * 30, "2026.5", "\x00"]


def _client(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.raise_request_exception = False
    return client


def test_sec3_decision_register_hostile_year_is_a_field_error(world, client):
    """SEC-3: ?year=1, 0, -5, 10000, abc or 30 digits on the decision register: the page,
    with the year field's error, never a 500 (it was: the database's year lookup)."""
    url = reverse("meetings:decisions", kwargs={"slug": world.own.slug})
    for user in (world.a.secretary, world.a.cadre, world.reviewer):
        _client(client, user)
        for year in HOSTILE_YEARS:
            response = client.get(url, {"year": year})
            assert response.status_code == 200, (user, year)
        page = client.get(url, {"year": "10000"}).content.decode()
        assert "2100" in page  # 确保该值小于或等于2100。
    assert client.get(url, {"year": "2026"}).status_code == 200


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("finance:reports", lambda w: {"slug": w.own.slug}),
        ("cadres:report_grid", lambda w: {"slug": w.own.slug}),
        ("incentives:life_meetings", lambda w: {"slug": w.own.slug}),
        ("oversight:dashboard", lambda w: {"pk": w.county.pk}),
    ],
)
def test_sec3_every_year_filter_survives_hostile_years(world, client, name, kwargs):
    """SEC-3: the other year filters answer with the default year or a 404, never a 500."""
    url = reverse(name, kwargs=kwargs(world))
    user = world.reviewer if name.startswith("oversight") else world.a.secretary
    _client(client, user)
    for year in HOSTILE_YEARS:
        assert client.get(url, {"year": year}).status_code in (200, 404), year


def test_sec3_bad_ids_in_choice_fields_are_form_errors(world, client):
    """SEC-3: "x" or a 30-digit id in `people` (a ModelMultipleChoiceField), in `invitees`
    and in the hand-read `participant` is refused with a form error or ignored, never a
    500, and nothing is saved."""
    _client(client, world.a.clerk)
    exams = reverse("cadres:exams", kwargs={"slug": world.own.slug})
    for bad in ("x", "9" * 30, "-1", "1.5"):
        response = client.post(
            exams, {"title": "任职资格考试", "deadline": "2026-06-30", "people": [bad]}
        )
        assert response.status_code in (200, 400), bad
    assert not QualificationExam.objects.exists()

    meetings_before = Meeting.objects.count()
    schedule = reverse("meetings:schedule", kwargs={"slug": world.own.slug})
    for bad in ("x", "9" * 30):
        response = client.post(schedule, {"title": "会议", "invitees": [bad]})
        assert response.status_code < 500, bad
    assert Meeting.objects.count() == meetings_before


def test_dec2_notice_receipt_after_the_meeting_closed_is_refused(world, client):
    """DEC-2/SEC-3: a receipt of the notice recorded after the meeting closed is refused by
    the service (and a hand-typed participant id "x" is no 500)."""
    town = mf.town_of(world)
    member = mf.grant(world.own, "member")
    person = town.members[3]
    person.user = member
    person.save()
    meeting, (item,) = mf.open_meeting(town)
    participant = meeting.participants.get(person=person)
    receipts = NoticeReceipt.objects.filter(participant=participant)
    assert receipts.filter(opened_at__isnull=True).exists()
    meeting_services.item_postpone(actor=town.clerk, item=item)
    meeting_services.meeting_close(actor=town.clerk, meeting=meeting)
    with pytest.raises(meeting_errors.ReceiptAfterClose):
        meeting_services.notice_receipt_record(actor=member, meeting=meeting)
    with pytest.raises(meeting_errors.ReceiptAfterClose):
        meeting_services.notice_receipt_record(
            actor=town.clerk, meeting=meeting, participant=participant
        )
    assert receipts.filter(opened_at__isnull=True).exists()  # nothing recorded

    url = reverse("meetings:receipt", kwargs={"slug": world.own.slug, "pk": meeting.pk})
    _client(client, town.clerk)
    for bad in ("x", "9" * 30, "\x00"):
        response = client.post(url, {"participant": bad}, follow=True)
        assert response.status_code == 200, bad


def test_sec3_a_double_submit_creates_one_exam(world, client, settings):
    """SEC-3: the same exam form posted twice (a double click) creates one exam; the second
    post lands on the first's page with a note that it was recorded once."""
    settings.IDEMPOTENT_POST_SECONDS = 10
    _client(client, world.a.clerk)
    url = reverse("cadres:exams", kwargs={"slug": world.own.slug})
    data = {
        "title": "任职资格考试",
        "deadline": "2026-06-30",
        "people": [world.a.cadre.person.pk],
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert QualificationExam.objects.count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "只记录了一次" in page
    # A different exam is created as usual.
    client.post(url, {**data, "title": "第二场考试"})
    assert QualificationExam.objects.count() == 2


def test_sec5_feedback_without_the_proxy_header_under_production_settings(
    world, client, settings
):
    """SEC-5: with production's RATELIMIT_IP_META_KEY (X-Real-IP), a feedback post that
    came without the header is accepted and rate-limited by REMOTE_ADDR, not a 500."""
    settings.RATELIMIT_IP_META_KEY = ClientAddressHeader("HTTP_X_REAL_IP")
    client.raise_request_exception = False
    item = make_item(world.own, window="open", title="公示")
    url = reverse("disclosure:feedback", kwargs={"slug": world.own.slug, "pk": item.pk})
    data = {
        "kind": Feedback.Kind.FEEDBACK,
        "text": "路灯不亮",
        "name": "",
        "contact": "",
    }
    # An address of its own: the rate limit's counts live in the shared cache.
    address = (
        f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    )
    response = client.post(url, data, REMOTE_ADDR=address)
    assert response.status_code in (200, 302)
    proxied = client.post(
        url, {**data, "text": "另一条"}, REMOTE_ADDR=address, HTTP_X_REAL_IP=address
    )
    assert proxied.status_code in (200, 302)
    assert Feedback.objects.filter(item=item).count() == 2


def test_sec5_public_csv_cells_cannot_be_formulas(world, client):
    """SEC-5: a published title typed as a formula is text in the open-data CSV."""
    make_item(world.own, title='=HYPERLINK("http://evil.example","点击")', body="+1+1")
    make_item(world.own, title="@SUM(1)", body="-2")
    response = client.get(
        reverse("disclosure:data_csv", kwargs={"slug": world.own.slug})
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = {row["title"] for row in rows}
    assert titles == {'\'=HYPERLINK("http://evil.example","点击")', "'@SUM(1)"}
    assert {row["body"] for row in rows} == {"'+1+1", "'-2"}
    assert all(row["published_at"][0].isdigit() for row in rows)


def test_sec3_logged_in_pages_and_exports_are_private_no_store(world, client):
    """SEC-3: a logged-in page and an export: Cache-Control private, no-store; the public
    column's anonymous pages keep their own headers; every response has X-Request-ID."""
    make_item(world.own, title="公示")
    public_url = reverse("disclosure:index", kwargs={"slug": world.own.slug})
    anonymous = client.get(public_url)
    assert anonymous.get("Cache-Control", "") != "private, no-store"
    assert anonymous.has_header("X-Request-ID")
    _client(client, world.a.secretary)
    home = client.get(reverse("home"))
    export = client.get(
        reverse("cadres:roster_export", kwargs={"slug": world.own.slug})
    )
    assert home.status_code == export.status_code == 200
    assert home["Cache-Control"] == export["Cache-Control"] == "private, no-store"
    assert home["X-Request-ID"] != export["X-Request-ID"]


def test_sec5_exported_sheets_keep_formula_looking_text_as_text(world):
    """SEC-5: a cadre's name or post typed as a formula is text in the roster .xlsx (and
    the file still imports as it is)."""
    from openpyxl import load_workbook

    from cadres.roster import services as roster
    from committees import services as org

    org.person_create(
        actor=None,
        township=world.own,
        name='=HYPERLINK("http://x","李明")',
        post="@SUM(1)",
    )
    content = roster.roster_export(world.own)
    sheet = load_workbook(io.BytesIO(content)).active
    (row,) = [r for r in sheet.iter_rows(min_row=2) if str(r[0].value).startswith("=")]
    assert row[0].data_type == "s" and row[0].value == '=HYPERLINK("http://x","李明")'
    assert row[2].value == "@SUM(1)"
    names = {r.values.get("name") for r in roster.roster_parse(io.BytesIO(content))}
    assert '=HYPERLINK("http://x","李明")' in names
