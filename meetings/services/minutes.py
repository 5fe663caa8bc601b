"""DEC-11: minutes drafted after the meeting, signed off by the secretary, locked, corrected
as a new version; the PDF stored by a task."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from committees import access
from core import integrity
from core.history import actor_or_none, save_with_history
from core.outbox import enqueue
from meetings import errors
from meetings import rules as dec
from meetings.models import (
    Meeting,
    Minutes,
    MinutesVersion,
)
from meetings.services._common import (
    _now,
    _raise,
)


@errors.refuses_invalid_input
@transaction.atomic
def minutes_draft(*, actor, meeting: Meeting, text: str) -> MinutesVersion:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    latest_status = (
        MinutesVersion.objects.filter(minutes__meeting=meeting)
        .values_list("status", flat=True)
        .first()
    )
    _raise(
        dec.minutes_draft_refusal(
            meeting_status=meeting.status, latest_status=latest_status
        )
    )
    minutes = Minutes.objects.filter(meeting=meeting).first() or save_with_history(
        Minutes(township_id=meeting.township_id, meeting=meeting),
        actor=actor,
        reason="minutes started",
    )
    latest = MinutesVersion.objects.select_for_update().filter(minutes=minutes).first()
    if latest is None:
        latest = MinutesVersion(
            township_id=meeting.township_id,
            minutes=minutes,
            number=1,
            drafted_by=actor_or_none(actor),
            drafted_at=_now(),
        )
    else:
        _raise(
            dec.minutes_draft_refusal(
                meeting_status=meeting.status, latest_status=latest.status
            )
        )  # again under the row lock
    latest.text = text
    return save_with_history(latest, actor=actor, reason="minutes drafted")


def _locked_version(version: MinutesVersion) -> MinutesVersion:
    return MinutesVersion.objects.select_for_update().get(pk=version.pk)


@errors.refuses_invalid_input
@transaction.atomic
def minutes_sign(*, actor, version: MinutesVersion) -> MinutesVersion:
    """DEC-11: the secretary signs the draft off."""
    version = _locked_version(version)
    access.require_actor(actor, version.township_id, access.SECRETARY_ONLY)
    now = _now()
    closed_at = (
        Meeting.objects.filter(minutes__versions=version)
        .values_list("closed_at", flat=True)
        .first()
    )
    _raise(
        dec.minutes_sign_refusal(
            version_status=version.status, now=now, meeting_closed_at=closed_at
        )
    )
    version.status = MinutesVersion.Status.SIGNED
    version.signed_by = actor_or_none(actor)
    version.signed_at = now
    return save_with_history(version, actor=actor, reason="minutes signed off")


@errors.refuses_invalid_input
@transaction.atomic
def minutes_lock(*, actor, version: MinutesVersion) -> MinutesVersion:
    """DEC-11: locked after sign-off; the PDF is rendered by a task after commit."""
    version = _locked_version(version)
    access.require_actor(actor, version.township_id, access.SECRETARY_ONLY)
    _raise(dec.minutes_lock_refusal(version_status=version.status))
    version.status = MinutesVersion.Status.LOCKED
    version.locked_at = _now()
    save_with_history(version, actor=actor, reason="minutes locked")
    integrity.seal(version)  # AUD-2
    enqueue("meetings.tasks.minutes_pdf_render", version.pk)
    return version


@errors.refuses_invalid_input
@transaction.atomic
def minutes_correct(
    *, actor, version: MinutesVersion, text: str, reason: str
) -> MinutesVersion:
    """DEC-11: a correction is a new version with a reason; the old one stays readable."""
    version = _locked_version(version)
    access.require_actor(actor, version.township_id, access.TOWNSHIP_STAFF)
    latest = MinutesVersion.objects.filter(minutes_id=version.minutes_id).first()
    _raise(
        dec.minutes_correct_refusal(
            version_status=version.status,
            is_latest=latest.pk == version.pk,
            reason=reason,
        )
    )
    return save_with_history(
        MinutesVersion(
            township_id=version.township_id,
            minutes_id=version.minutes_id,
            number=version.number + 1,
            text=text,
            correction_reason=reason,
            drafted_by=actor_or_none(actor),
            drafted_at=_now(),
        ),
        actor=actor,
        reason=f"correction: {reason}"[:100],
    )


def minutes_pdf_store(*, version_id: int) -> bool:
    """Render and store the PDF of a locked version (idempotent; called by the task).

    Rendering takes seconds (29 s once on a loaded machine), so it runs without a row
    lock: a locked version never changes (a correction is a new version), so what is
    read here is what the PDF must print. Only the store takes the lock, re-checking
    that no other run stored a PDF meanwhile; a second run renders nothing.
    """
    from django.core.files.base import ContentFile

    from core import documents
    from core.pdf import render_pdf
    from meetings import selectors

    version = MinutesVersion.objects.filter(
        pk=version_id, status=MinutesVersion.Status.LOCKED
    ).first()
    if version is None or version.pdf:
        return False
    with translation.override("zh-hans"):
        context = selectors.minutes_context(version)
        context.update(documents.pdf_footer(version))  # AUD-2: code and anchor
        data = render_pdf("meetings/pdf/minutes.html", context)
    with transaction.atomic():
        # Lock only to store: two runs may render at once, one stores.
        version = (
            MinutesVersion.objects.select_for_update()
            .filter(pk=version_id, status=MinutesVersion.Status.LOCKED)
            .first()
        )
        if version is None or version.pdf:
            return False
        filename = f"minutes-{version.minutes.meeting_id}-v{version.number}.pdf"
        # A run killed after writing the file but before its commit left the file and no
        # record of it: replace it, so that one file is kept, under its own name.
        name = version.pdf.field.generate_filename(version, filename)
        if version.pdf.storage.exists(name):
            version.pdf.storage.delete(name)
        version.pdf.save(filename, ContentFile(data), save=False)
        save_with_history(version, actor=None, reason="minutes PDF rendered")
        documents.register_document(data, version)  # AUD-2: the public verify page
    return True
