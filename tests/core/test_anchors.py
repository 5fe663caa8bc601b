"""AUD-2: daily anchors — each township's seal chain (day, sequence, head digest), made
nightly and on demand, printed on the public column and in every PDF's footer, and
contradicted when the chain is rewritten after the fact."""

import datetime
import subprocess

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core import anchors
from core.models import Seal
from core.pdf import render_pdf
from disclosure import cache as page_cache
from disclosure.tasks import anchor_townships
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db


def _chain(township):
    return list(
        Seal.objects.filter(township_id=township.pk)
        .order_by("id")
        .values_list("chain", flat=True)
    )


def test_aud2_anchor_is_the_chain_head_and_is_made_once(world):
    make_item(world.own, title="第一条")
    make_item(world.own, title="第二条")
    chain = _chain(world.own)
    anchor = anchors.current(world.own.pk)
    assert anchor.sequence == len(chain) == 4  # two items, each with its first version
    assert anchor.head == chain[-1]
    assert anchor.day == timezone.localdate()
    assert anchor.printed == (
        f"存证 {anchor.day:%Y-%m-%d} · 序号 4 · 摘要 {chain[-1][:8]}…"
    )
    assert anchors.current(world.own.pk).pk == anchor.pk  # nothing new: no new row
    make_item(world.own, title="第三条")
    assert anchors.current(world.own.pk).sequence == 6
    # Another township's chain is its own.
    assert anchors.current(world.other.pk).sequence == 0


def test_aud2_nightly_anchor_cuts_at_midnight(world):
    make_item(world.own)
    today = timezone.localdate()
    (yesterday,) = anchors.nightly([world.own.pk], today=today)
    assert yesterday.day == today - datetime.timedelta(days=1)
    assert yesterday.sequence == 0  # everything was sealed today
    (tonight,) = anchors.nightly([world.own.pk], today=today + datetime.timedelta(1))
    assert (tonight.day, tonight.sequence) == (today, 2)
    assert tonight.head == _chain(world.own)[-1]


def test_aud2_the_beat_task_anchors_every_township():
    from committees.models import Township

    assert anchor_townships() == Township.objects.count()


def test_aud2_a_rewritten_chain_contradicts_the_anchor(world):
    make_item(world.own)
    anchor = anchors.current(world.own.pk)
    assert anchors.contradictions([world.own.pk]) == []
    assert anchors.holds(world.own.pk, anchor.sequence, anchor.head)
    last = Seal.objects.filter(township_id=world.own.pk).order_by("-id").first()
    try:
        from core import rowsecurity

        owner = rowsecurity.as_owner(maintenance=True)
    except (ImportError, AttributeError, TypeError):
        owner = None
    statement, params = (
        "UPDATE core_seal SET chain = %s WHERE id = %s",
        ["0" * 64, last.pk],
    )
    if owner is None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    else:
        with owner, connection.cursor() as cursor:
            cursor.execute(statement, params)
    assert [a.pk for a in anchors.contradictions([world.own.pk])] == [anchor.pk]
    assert not anchors.holds(world.own.pk, anchor.sequence, anchor.head)


def test_aud2_the_column_footer_prints_the_newest_anchor(world, client):
    make_item(world.own)
    anchor = anchors.current(world.own.pk)
    page_cache.bump(world.own.slug)
    page = client.get(
        reverse("disclosure:index", args=[world.own.slug])
    ).content.decode()
    assert anchor.printed in page
    # No anchor yet: no line.
    other = client.get(
        reverse("disclosure:index", args=[world.other.slug])
    ).content.decode()
    assert "存证" not in other


@override_settings(LANGUAGE_CODE="zh-hans")
def test_aud2_a_rendered_pdf_prints_the_anchor_and_code_in_its_footer(world, tmp_path):
    from core import documents

    item = make_item(world.own)
    footer = documents.pdf_footer(item)
    data = render_pdf("shared/pdf_base.html", {"township": world.own, **footer})
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    anchor = footer["integrity_footer"]["anchor"]
    assert f"序号 {anchor.sequence}" in text
    assert f"摘要 {anchor.short_head}" in text
    assert footer["integrity_footer"]["code"] in text
    # A PDF that only knows its township prints that township's newest anchor.
    plain = render_pdf("shared/pdf_base.html", {"township": world.own})
    path.write_bytes(plain)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"存证 {anchor.day:%Y-%m-%d}" in text


def test_aud2_anchor_command_anchors_and_fails_on_a_contradiction(world):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    make_item(world.own)
    call_command("anchor_chains", verbosity=0)
    anchor = anchors.latest(world.own.pk)
    assert anchor.sequence == 2
    Anchor = type(anchor)
    # Someone rewrote the kept anchor (an infrastructure row, not a tracked model).
    Anchor.objects.filter(pk=anchor.pk).update(head="f" * 64)
    with pytest.raises(CommandError):
        call_command("anchor_chains", "--nightly", verbosity=0)
