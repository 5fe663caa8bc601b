"""AUD-2: locked records are tamper-evident — minutes, decisions with their ballots and
published notices are sealed when locked, and a change made behind the application's back
(a direct SQL update or delete) is detected and reported, with what changed."""

import hashlib
import json
import logging
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse

from core import integrity, rowsecurity
from core.models import IntegrityCheck, Seal
from meetings import services
from meetings.models import Attendance, Ballot, Decision
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db


def _sql(statement, params):
    """Someone with database access, behind the application's back: as the tables' owner,
    the only one who may lift the seals' append-only trigger (core.rowsecurity)."""
    with rowsecurity.as_owner(maintenance=True), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """The test transaction never commits: run the journal's after-commit writes of a
    block as a commit would (the minutes PDF task, also after commit, is left out)."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks() as callbacks:
            yield
        for callback in callbacks:
            if isinstance(callback, getattr(integrity, "JournalWrite", ())):
                callback()

    return block


def _journal(settings):
    path = Path(settings.INTEGRITY_JOURNAL)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def locked(db, committed, settings, tmp_path):
    """A committee meeting of 15: one ordinary item decided 9–2, minutes locked (and
    committed: the journal holds the chain heads)."""
    settings.INTEGRITY_JOURNAL = str(tmp_path / "journal.jsonl")
    town = f.make_town(members=15)
    with committed():
        _meeting, item, version = f.decided_and_locked(
            town,
            present=11,
            yes=town.members[1:10],
            no=town.members[10:11] + town.members[:1],
            text="会议纪要正文",
        )
    return town, Decision.objects.get(item=item), version


def _kinds(report):
    return sorted((b["kind"], b["model"]) for b in report.breaches)


def test_aud2_locking_seals_and_an_untouched_trail_verifies(locked):
    town, decision, version = locked
    seals = list(Seal.objects.filter(township_id=town.township.pk))
    assert [(s.model, s.object_id) for s in seals] == [
        ("meetings.Decision", decision.pk),
        ("meetings.Meeting", decision.meeting_id),
        ("meetings.MinutesVersion", version.pk),
    ]
    assert seals[0].previous == "" and seals[1].previous == seals[0].chain
    assert seals[2].previous == seals[1].chain
    assert len(seals[0].content["ballots"]) == 11
    assert len(seals[1].content["attendance"]) == 11
    report = integrity.verify()
    assert report.ok and report.seals == 3 and report.unkeyed == 0


def test_aud2_a_direct_sql_update_of_locked_minutes_is_detected_with_what_changed(
    locked,
):
    _town, _decision, version = locked
    _sql(
        "UPDATE meetings_minutesversion SET text = %s WHERE id = %s",
        ["会议纪要正文（改）", version.pk],
    )
    report = integrity.verify()
    assert _kinds(report) == [("changed", "meetings.MinutesVersion")]
    assert report.breaches[0]["changes"] == {
        "text": ["会议纪要正文", "会议纪要正文（改）"]
    }


def test_aud2_a_ballot_changed_by_sql_shows_as_a_change_of_its_decision(locked):
    _town, decision, _version = locked
    ballot = Ballot.objects.filter(item=decision.item, choice="no").first()
    _sql("UPDATE meetings_ballot SET choice = 'yes' WHERE id = %s", [ballot.pk])
    report = integrity.verify()
    assert _kinds(report) == [("changed", "meetings.Decision")]
    assert list(report.breaches[0]["changes"]) == ["ballots"]


def test_aud2_a_deleted_record_and_a_changed_seal_are_detected(locked):
    town, _decision, version = locked
    _sql("DELETE FROM meetings_minutesversion WHERE id = %s", [version.pk])
    assert _kinds(integrity.verify()) == [("deleted", "meetings.MinutesVersion")]
    first = Seal.objects.filter(township_id=town.township.pk).first()
    _sql("UPDATE core_seal SET content = %s WHERE id = %s", ['{"forged": 1}', first.pk])
    kinds = _kinds(integrity.verify())
    assert ("seal_changed", "meetings.Decision") in kinds


def test_aud2_a_removed_seal_breaks_the_chain_and_leaves_its_record_unsealed(locked):
    town, decision, _version = locked
    first = Seal.objects.filter(township_id=town.township.pk).first()
    _sql("DELETE FROM core_seal WHERE id = %s", [first.pk])
    assert _kinds(integrity.verify()) == [
        ("seal_changed", "meetings.Meeting"),  # its predecessor is gone
        ("truncated", ""),  # one seal fewer than the journal knows
        ("unsealed", "meetings.Decision"),
    ]


def test_aud2_a_record_locked_by_sql_has_no_seal(locked):
    town, _decision, version = locked
    draft = services.minutes_correct(
        actor=town.clerk, version=version, text="更正后的纪要", reason="人名有误"
    )
    _sql(
        "UPDATE meetings_minutesversion SET status = 'locked' WHERE id = %s",
        [draft.pk],
    )
    report = integrity.verify()
    assert _kinds(report) == [("unsealed", "meetings.MinutesVersion")]
    assert report.breaches[0]["object_id"] == draft.pk


def test_aud2_a_chain_cut_short_after_a_check_is_detected(locked):
    """Deleting the newest record and its seal leaves a consistent chain — but the head
    the last check saw (and logged) is gone."""
    town, _decision, version = locked
    assert integrity.check_and_record().ok
    last = Seal.objects.filter(township_id=town.township.pk).last()
    _sql("DELETE FROM core_seal WHERE id = %s", [last.pk])
    _sql("DELETE FROM meetings_minutesversion WHERE id = %s", [version.pk])
    assert _kinds(integrity.verify()) == [("truncated", "")]


def test_aud2_nightly_task_command_and_auditor_page_report_a_breach(
    locked, world, login
):
    _town, _decision, version = locked
    assert call_command("integrity_check") is None  # intact: exits 0
    _sql(
        "UPDATE meetings_minutesversion SET text = %s WHERE id = %s",
        ["改过的纪要", version.pk],
    )
    from core.tasks import integrity_check

    assert integrity_check.delay().get() == 1
    with pytest.raises(CommandError):
        call_command("integrity_check")
    assert IntegrityCheck.objects.count() == 3
    page = login(world.auditor).get(reverse("committees:audit_log"))
    text = page.content.decode()
    assert "绕过系统被修改" in text
    assert "改过的纪要" in text and "会议纪要正文" in text
    response = login(world.auditor).post(reverse("committees:integrity_check"))
    assert response.status_code == 302
    assert IntegrityCheck.objects.count() == 4


def test_aud2_published_notice_is_sealed(world):
    """APT-3's notice window decides when formalities may begin: it is sealed."""
    from cadres.appointments.models import Stage
    from tests.cadres.appointments import factories

    case = factories.case_at(world, Stage.FORMALITIES)
    notice = case.public_notice
    assert Seal.objects.filter(
        model="cadres.PublicNotice", object_id=notice.pk
    ).exists()
    _sql(
        "UPDATE cadres_publicnotice SET last_day = last_day - 3 WHERE id = %s",
        [notice.pk],
    )
    report = integrity.verify([world.own.pk])
    assert _kinds(report) == [("changed", "cadres.PublicNotice")]
    assert "last_day" in report.breaches[0]["changes"]


def _lock_a_correction(town, version, text="更正后的纪要"):
    draft = services.minutes_correct(
        actor=town.clerk, version=version, text=text, reason="人名有误"
    )
    services.minutes_sign(actor=town.secretary, version=draft)
    return services.minutes_lock(actor=town.secretary, version=draft)


def test_aud2_each_seal_journals_its_chain_head_outside_the_database(
    locked, committed, settings, caplog
):
    """AUD-2: the head of the township's chain is kept at every seal, after commit, in
    the journal file and the security log."""
    town, _decision, version = locked
    seals = list(Seal.objects.filter(township_id=town.township.pk))
    lines = [line for line in _journal(settings) if line["event"] == "seal"]
    assert [(line["township"], line["length"], line["head"]) for line in lines] == [
        (town.township.pk, n, seal.chain) for n, seal in enumerate(seals, start=1)
    ]
    with caplog.at_level(logging.INFO, logger="security"):
        with committed():
            _lock_a_correction(town, version)
    head = Seal.objects.filter(township_id=town.township.pk).last().chain
    assert any(head in record.getMessage() for record in caplog.records)
    assert _journal(settings)[-1]["head"] == head


def test_aud2_the_newest_minutes_deleted_with_its_seal_before_any_check_is_detected(
    locked,
):
    """AUD-2: before the first nightly check the chain heads are already outside the
    database, so a chain cut short by SQL (record and seal deleted) shows."""
    town, _decision, version = locked
    assert not IntegrityCheck.objects.exists()
    count = Seal.objects.filter(township_id=town.township.pk).count()
    last = Seal.objects.filter(township_id=town.township.pk).last()
    _sql("DELETE FROM core_seal WHERE id = %s", [last.pk])
    _sql("DELETE FROM meetings_minutesversion WHERE id = %s", [version.pk])
    report = integrity.verify()
    assert _kinds(report) == [("truncated", "")]
    assert report.breaches[0]["changes"] == {"length": [count, count - 1]}
    _sql("DELETE FROM core_seal WHERE township_id = %s", [town.township.pk])
    assert _kinds(integrity.verify([town.township.pk]))[0] == ("truncated", "")


def test_aud2_a_rolled_back_seal_leaves_no_journal_line_and_no_breach(
    locked, committed, settings
):
    """AUD-2: the journal is written after commit, so a seal rolled back with its
    transaction leaves no line that a check could take for a deleted seal."""
    town, _decision, version = locked
    before = _journal(settings)
    with committed(), pytest.raises(RuntimeError):
        with transaction.atomic():
            _lock_a_correction(town, version)
            raise RuntimeError("rolled back")
    assert _journal(settings) == before
    assert integrity.verify().ok


def test_aud2_a_head_the_journal_does_not_know_is_a_breach(locked, committed):
    """AUD-2: a seal the journal never heard of (written behind the application's back,
    or its line lost between commit and write) is reported; the check then journals the
    head it saw, so a lost line is reported once, a shortened chain every time."""
    town, _decision, version = locked
    _lock_a_correction(town, version)  # committed, but its journal line never written
    report = integrity.verify()
    assert _kinds(report) == [("unjournaled", "")]
    with committed():
        assert not integrity.check_and_record().ok
    assert integrity.verify().ok


def test_aud2_a_check_journals_every_township_head(locked, committed, settings):
    town, _decision, _version = locked
    with committed():
        integrity.check_and_record()
    head = Seal.objects.filter(township_id=town.township.pk).last()
    line = _journal(settings)[-1]
    assert (line["event"], line["township"], line["head"]) == (
        "check",
        town.township.pk,
        head.chain,
    )


def _sha256(data) -> str:
    """What an SQL user can compute without the key: SHA-256 of the same JSON."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _forge(seal, content, **columns):
    """Rewrite a seal as the application would have without a key: content, digest and
    chain value recomputed (and any other columns given)."""
    digest = _sha256(content)
    chain = _sha256(
        {
            "previous": seal.previous,
            "township": seal.township_id,
            "model": seal.model,
            "object": seal.object_id,
            "digest": digest,
            "sealed_at": integrity.canonical(seal.sealed_at),
        }
    )
    sets = ", ".join(f"{name} = %s" for name in columns)
    _sql(
        "UPDATE core_seal SET content = %s, digest = %s, chain = %s"
        + (f", {sets}" if sets else "")
        + " WHERE id = %s",
        [json.dumps(content), digest, chain, *columns.values(), seal.pk],
    )
    return chain


def test_aud2_minutes_edited_with_seal_digest_and_chain_recomputed_is_detected(
    locked, settings
):
    """AUD-2: seals are keyed (HMAC-SHA256, the key outside the database): an SQL user
    who edits the text and recomputes the seal cannot make it verify — even with no
    journal to compare (seals made before the journal, or a journal lost)."""
    town, _decision, version = locked
    integrity.journal_path().unlink()
    _sql(
        "UPDATE meetings_minutesversion SET text = %s WHERE id = %s",
        ["会议纪要正文（改）", version.pk],
    )
    seal = Seal.objects.get(model="meetings.MinutesVersion", object_id=version.pk)
    _forge(seal, dict(seal.content, text="会议纪要正文（改）"))
    assert _kinds(integrity.verify()) == [
        ("changed", "meetings.MinutesVersion"),  # the record against its keyed digest
        ("seal_changed", "meetings.MinutesVersion"),  # the seal against the key
    ]
    # Nor by passing it off as a seal made before the key: plain after keyed is refused.
    _forge(seal, dict(seal.content, text="会议纪要正文（改）"), version=1)
    assert _kinds(integrity.verify()) == [("seal_changed", "meetings.MinutesVersion")]


def test_aud2_seals_made_before_the_key_still_verify_and_are_counted_unkeyed(
    locked, committed
):
    """AUD-2: a seal of version 1 (plain SHA-256, made before the key) verifies as it
    was made and is counted as unkeyed; a change to its record still shows."""
    town, _decision, version = locked
    integrity.journal_path().unlink()  # the journal came with the key
    previous = ""
    for seal in Seal.objects.filter(township_id=town.township.pk).order_by("id"):
        content = seal.content
        if seal.model == "meetings.Decision":  # ballots were sealed without entered_by
            content["ballots"] = sorted(ballot[:4] for ballot in content["ballots"])
        seal.previous = previous
        _sql("UPDATE core_seal SET previous = %s WHERE id = %s", [previous, seal.pk])
        previous = _forge(seal, content, version=1)
    report = integrity.verify()
    assert report.ok and report.unkeyed == report.seals
    with committed():
        assert integrity.check_and_record().unkeyed == report.seals
    _sql(
        "UPDATE meetings_minutesversion SET text = %s WHERE id = %s",
        ["改过的纪要", version.pk],
    )
    assert _kinds(integrity.verify()) == [("changed", "meetings.MinutesVersion")]


def test_aud2_the_key_is_required_in_production_and_never_in_the_database(locked):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
    }
    env.pop("INTEGRITY_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "INTEGRITY_KEY" in result.stderr
    key = settings.INTEGRITY_KEY
    for seal in Seal.objects.all():
        assert key not in json.dumps([seal.content, seal.digest, seal.chain])


def test_aud2_attendance_of_a_closed_meeting_is_sealed_an_arrival_time_changed_shows(
    locked,
):
    """AUD-2: the attendance rows behind the quorum (DEC-3) are sealed when the meeting
    closes: an arrival moved by SQL afterwards is detected, with what changed."""
    town, decision, _version = locked
    meeting = decision.meeting
    assert Seal.objects.filter(model="meetings.Meeting", object_id=meeting.pk).exists()
    arrival = Attendance.objects.filter(meeting=meeting).first()
    _sql(
        "UPDATE meetings_attendance SET at = at - interval '2 hours' WHERE id = %s",
        [arrival.pk],
    )
    report = integrity.verify()
    assert _kinds(report) == [("changed", "meetings.Meeting")]
    assert list(report.breaches[0]["changes"]) == ["attendance"]


def test_aud2_a_departure_deleted_by_sql_after_the_meeting_is_detected(db):
    """AUD-2: a member who left before the vote cannot be made present by deleting
    the departure."""
    town = f.make_town(members=7)
    meeting, (item,) = f.open_meeting(town, present=7)
    services.attendance_depart(
        actor=town.clerk, meeting=meeting, person=town.members[6]
    )
    f.vote(town, item, town.members[:6], Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    assert integrity.verify([town.township.pk]).ok
    departure = Attendance.objects.get(meeting=meeting, kind=Attendance.Kind.DEPART)
    _sql("DELETE FROM meetings_attendance WHERE id = %s", [departure.pk])
    report = integrity.verify([town.township.pk])
    assert _kinds(report) == [("changed", "meetings.Meeting")]
    assert list(report.breaches[0]["changes"]) == ["attendance"]


def test_aud2_a_meeting_closed_by_sql_has_no_seal(db):
    town = f.make_town(members=7)
    meeting, _items = f.open_meeting(town, present=7)
    _sql(
        "UPDATE meetings_meeting SET status = 'closed' WHERE id = %s",
        [meeting.pk],
    )
    assert _kinds(integrity.verify([town.township.pk])) == [
        ("unsealed", "meetings.Meeting")
    ]


def test_aud2_who_entered_a_ballot_is_sealed_with_its_decision(locked):
    """AUD-2: a ballot of a decided item is sealed with who entered it; an SQL change of
    `entered_by` shows as a change of the decision."""
    town, decision, _version = locked
    ballot = Ballot.objects.filter(item=decision.item).first()
    assert ballot.entered_by_id == town.clerk.pk
    _sql(
        "UPDATE meetings_ballot SET entered_by_id = %s WHERE id = %s",
        [town.secretary.pk, ballot.pk],
    )
    report = integrity.verify()
    assert _kinds(report) == [("changed", "meetings.Decision")]
    assert list(report.breaches[0]["changes"]) == ["ballots"]


def test_aud2_the_command_and_the_auditor_page_report_journal_breaches_in_chinese(
    locked, committed, world, login
):
    """AUD-2: the new findings (a chain cut short against its journal, seals without a
    key) read in Chinese on the auditor's page and in `manage.py integrity_check`."""
    from io import StringIO

    town, _decision, version = locked
    last = Seal.objects.filter(township_id=town.township.pk).last()
    _sql("DELETE FROM core_seal WHERE id = %s", [last.pk])
    _sql("DELETE FROM meetings_minutesversion WHERE id = %s", [version.pk])
    out = StringIO()
    with committed(), pytest.raises(CommandError):
        call_command("integrity_check", stdout=out)
    text = out.getvalue()
    assert "封记链短于链头日志所记" in text and "链中封记数：3 → 2" in text
    assert "2 个封记" in text and "1 处问题" in text
    page = login(world.auditor).get(reverse("committees:audit_log")).content.decode()
    assert "封记链短于链头日志所记" in page and "链中封记数" in page
    _sql("UPDATE core_seal SET version = 1", [])  # as if made before the key
    integrity.check_and_record()
    page = login(world.auditor).get(reverse("committees:audit_log")).content.decode()
    assert "2 个封记在启用密钥之前加封" in page


def test_aud2_a_journal_that_cannot_be_written_fails_no_request_and_is_logged(
    locked, committed, settings, tmp_path, caplog
):
    """AUD-2: the seal is committed before its line is written: a journal that cannot
    be written (a full disk, a missing volume) is a security-log error, not a 500; the
    head itself is in the security log all the same."""
    town, _decision, version = locked
    settings.INTEGRITY_JOURNAL = tmp_path / "missing" / "dir"
    (tmp_path / "missing").write_text("a file where the folder should be")
    with caplog.at_level(logging.INFO, logger="security"), committed():
        _lock_a_correction(town, version)  # no error for the secretary
    assert "integrity journal not written" in caplog.text
    head = Seal.objects.filter(township_id=town.township.pk).last().chain
    assert head in caplog.text
