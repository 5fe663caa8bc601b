"""AUD-2: the public verify page — anyone uploads a minutes or report PDF, or types the code
printed at its foot, and learns whether it matches what the system generated and sealed
(which record, which township, sealed when). The minutes PDF registers its digest when it
is stored, and prints its code and the township's anchor (pdftotext)."""

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import anchors, documents
from core.models import Seal
from meetings import services as meeting_services
from meetings.models import MinutesVersion
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("disclosure:verify")
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def minutes_pdf(db):
    """Locked minutes with their PDF stored through the service (WeasyPrint: seconds)."""
    town = f.make_town(members=5, name="验证镇")
    _meeting, _item, version = f.decided_and_locked(town, text="纪要：验证用")
    assert meeting_services.minutes_pdf_store(version_id=version.pk) is True
    version = MinutesVersion.objects.get(pk=version.pk)
    return town, version, version.pdf.read()


def _upload(data, name="minutes.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_aud2_a_stored_minutes_pdf_is_registered_with_its_code(minutes_pdf, tmp_path):
    town, version, data = minutes_pdf
    (document,) = documents.Document.objects.filter(
        model="meetings.MinutesVersion", object_id=version.pk
    )
    assert document.digest == documents.digest_of(data)
    seal = Seal.objects.get(model="meetings.MinutesVersion", object_id=version.pk)
    assert document.seal_id == seal.pk and document.township_id == town.township.pk
    assert document.code == documents.code_for(version)
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert document.printed_code in text
    assert document.anchor is not None
    assert f"序号 {document.anchor.sequence}" in text
    assert document.anchor.sequence >= 1  # the minutes' own seal is in it
    assert anchors.holds(
        town.township.pk, document.anchor.sequence, document.anchor.head
    )


def test_aud2_verify_page_says_match_or_no_match_for_a_file_and_a_code(
    minutes_pdf, client
):
    town, version, data = minutes_pdf
    response = client.post(URL, {"document": _upload(data)}, **ZH)
    page = response.content.decode()
    assert response.status_code == 200
    assert "相符：" in page
    assert town.township.name in page
    assert f"#{version.pk}" in page
    assert "仍与封存时一致" in page  # the record still matches its seal
    # One byte more: not the file that was generated.
    changed = data + b"\n% one byte more\n"
    response = client.post(URL, {"document": _upload(changed)}, **ZH)
    assert response.status_code == 404
    assert "不相符" in response.content.decode()
    # The code as a person types it: lower case, spaces for dashes.
    code = documents.format_code(documents.code_for(version)).lower().replace("-", " ")
    response = client.post(URL, {"code": code}, **ZH)
    assert response.status_code == 200
    assert town.township.name in response.content.decode()
    wrong = client.post(URL, {"code": "0000-0000-0000-0000"}, **ZH)
    assert wrong.status_code == 404
    assert "不相符" in wrong.content.decode()
    # The minutes changed behind the application's back: the file still matches what
    # was generated, and the page says the record no longer does.
    from tests.disclosure.test_versions import _sql

    _sql(
        "UPDATE meetings_minutesversion SET text = %s WHERE id = %s",
        ["改过的纪要", version.pk],
    )
    response = client.post(URL, {"document": _upload(data)}, **ZH)
    assert response.status_code == 200
    assert "封存后已被改动" in response.content.decode()


def test_aud2_verify_page_refuses_a_file_that_is_not_a_pdf(db, client):
    response = client.post(
        URL, {"document": _upload(b"MZ\x90\x00 not a pdf", "minutes.pdf")}, **ZH
    )
    assert response.status_code == 400
    empty = client.post(URL, {}, **ZH)
    assert empty.status_code == 400


def test_aud2_verify_page_is_rate_limited_per_address(db, client, monkeypatch):
    from disclosure import views

    monkeypatch.setattr(views, "VERIFY_RATE", "2/h")
    for _ in range(2):
        assert client.post(URL, {"code": "1111-2222-3333-4444"}).status_code == 404
    assert client.post(URL, {"code": "1111-2222-3333-4444"}).status_code == 429


def test_aud2_verify_page_is_public(db, client):
    response = client.get(URL, **ZH)
    assert response.status_code == 200
    assert "核验文件" in response.content.decode()


def test_aud2_a_quarterly_report_pdf_prints_its_code_and_is_registered(
    world, django_capture_on_commit_callbacks, client, tmp_path
):
    """The finance report's landscape pages (its own @page) carry the footer too."""
    import datetime

    from tests.finance.reports import factories as rf

    town = f.town_of(world)
    rf.year_with_entries(town, 2026)
    report = rf.generated(
        town, 2026, 2, datetime.date(2026, 7, 2), django_capture_on_commit_callbacks
    )
    data = report.pdf.open("rb").read()
    (document,) = documents.Document.objects.filter(
        model="finance.QuarterlyReport", object_id=report.pk
    )
    assert document.digest == documents.digest_of(data)
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    pages = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    count = int(
        next(x for x in pages.splitlines() if x.startswith("Pages:")).split()[1]
    )
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert document.printed_code in text, f"page {number}"
        assert f"序号 {document.anchor.sequence}" in text, f"page {number}"
    response = client.post(URL, {"document": _upload(data, "report.pdf")}, **ZH)
    assert response.status_code == 200
    assert world.own.name in response.content.decode()
