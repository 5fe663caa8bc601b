"""DEC-11: the minutes PDF as the committee files it — the nominee column only on a
personnel item, and the sign-off never dated before the meeting."""

import datetime
import os
import shutil
import subprocess

import pytest
from django.utils import timezone

from core.pdf import render_pdf
from meetings import errors, rules, selectors, services
from meetings.models import AgendaItem, Ballot
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    if os.environ.get("MINUTES_PDF_COPY"):  # to look at it: pdftoppm -png
        shutil.copy(path, os.environ["MINUTES_PDF_COPY"])
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_dec11_minutes_pdf_has_a_nominee_column_only_for_personnel_items(tmp_path):
    """DEC-11: an ordinary item's tally has no 拟任人选 column; a personnel item's has."""
    town = f.make_town(members=7)
    meeting, (ordinary, personnel) = f.open_meeting(
        town, items=[AgendaItem.Kind.ORDINARY, AgendaItem.Kind.PERSONNEL]
    )
    f.vote(town, ordinary, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=ordinary)
    nominee = personnel.nominees.get()
    f.vote(town, personnel, town.members[1:], Ballot.Choice.AGREE, nominee=nominee)
    f.vote(town, personnel, [town.chair], Ballot.Choice.AGREE, nominee=nominee)
    services.item_close(actor=town.clerk, item=personnel)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    version = services.minutes_draft(actor=town.clerk, meeting=meeting, text="纪要")
    services.minutes_sign(actor=town.secretary, version=version)
    services.minutes_lock(actor=town.secretary, version=version)
    version.refresh_from_db()
    context = selectors.minutes_context(version)
    assert [row["personnel"] for row in context["items"]] == [False, True]
    from django.utils import translation

    with translation.override("zh-hans"):
        text = _text(render_pdf("meetings/pdf/minutes.html", context), tmp_path)
    first, second = text.split(personnel.title, 1)
    assert "拟任人选" not in first.split(ordinary.title, 1)[1]
    assert "拟任人选" in second and nominee.name in second
    signed = timezone.localtime(version.signed_at).date()
    assert signed >= meeting.day
    assert signed.strftime("%Y-%m-%d") in second


def test_dec11_minutes_are_never_signed_before_the_meeting_closed():
    """DEC-11: a sign-off timed before the close is refused (the rule and the service)."""
    closed = datetime.datetime(2026, 3, 10, 11, 0, tzinfo=datetime.UTC)
    assert (
        rules.minutes_sign_refusal(
            version_status="draft", now=closed, meeting_closed_at=closed
        )
        is None
    )
    refused = rules.minutes_sign_refusal(
        version_status="draft",
        now=closed - datetime.timedelta(minutes=1),
        meeting_closed_at=closed,
    )
    assert isinstance(refused, errors.MinutesSignedBeforeMeeting)
    assert "2026-03-10 19:00" in str(refused)  # Asia/Shanghai
    town = f.make_town(members=7)
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    version = services.minutes_draft(actor=town.clerk, meeting=meeting, text="纪要")
    meeting.refresh_from_db()
    with services.clock(meeting.closed_at - datetime.timedelta(hours=1)):
        with pytest.raises(errors.MinutesSignedBeforeMeeting):
            services.minutes_sign(actor=town.secretary, version=version)
    version.refresh_from_db()
    assert version.signed_at is None
