"""Services of the pilot (PIL-1, PIL-2). Nothing else saves an oversight model.

Township staff (secretary, clerk) record their pilot; a county reviewer of the township's
county reviews its summary and never edits a township record.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import access
from core.errors import refuses_invalid_input
from core.history import save_with_history
from core.uploads import validate_upload
from oversight import errors, rules, selectors
from oversight.models import (
    PhaseDocument,
    Pilot,
    PilotPhase,
    SteeringAssignment,
    Summary,
)


def current_phase(pilot: Pilot) -> PilotPhase | None:
    return pilot.phases.filter(ended_on__isnull=True).first()


@transaction.atomic
def pilot_create(*, actor, township, start: datetime.date, end: datetime.date) -> Pilot:
    """PIL-1: a township's pilot opens in its preparation phase on its first day."""
    access.require_actor(
        actor, township, access.TOWNSHIP_STAFF, refusal=errors.NotTownshipStaff
    )
    if Pilot.objects.filter(township=township).exists():
        raise errors.PilotExists
    if end < start:
        raise errors.PilotDatesInvalid
    pilot = save_with_history(
        Pilot(township=township, start=start, end=end, created_by=actor),
        actor=actor,
        reason="pilot created",
    )
    save_with_history(
        PilotPhase(
            township=township,
            pilot=pilot,
            kind=PilotPhase.Kind.PREPARATION,
            started_on=start,
            started_by=actor,
        ),
        actor=actor,
        reason="pilot created: preparation phase",
    )
    return pilot


@transaction.atomic
def phase_advance(
    *, actor, pilot: Pilot, to_kind: str, on: datetime.date | None = None
) -> PilotPhase:
    """PIL-1: end the current phase and start the next. In order, none skipped; each phase
    holds its documents first; the trial run lasts at least half a month."""
    access.require_actor(
        actor, pilot.township, access.TOWNSHIP_STAFF, refusal=errors.NotTownshipStaff
    )
    # Lock the pilot so two clerks cannot move it on twice at the same moment.
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    on = on or timezone.localdate()
    current = current_phase(pilot)
    following = rules.next_phase(current.kind)
    if following is None:
        raise errors.PilotFinished
    if to_kind != following:
        raise errors.PhaseSkipped
    if on < current.started_on:
        raise errors.PhaseDateInvalid
    missing = rules.missing_documents(
        current.kind, current.documents.values_list("kind", flat=True)
    )
    if missing:
        labels = "、".join(str(PhaseDocument.Kind(k).label) for k in missing)
        raise errors.PhaseDocumentsMissing(params={"missing": labels})
    earliest = rules.earliest_move_on(current.kind, current.started_on)
    if on < earliest:  # PIL-1: the trial run lasts at least half a month
        raise errors.TrialRunTooShort(params={"date": earliest.isoformat()})
    current.ended_on = on
    current.moved_on_by = actor
    save_with_history(current, actor=actor, reason=f"phase moved on to {to_kind}")
    return save_with_history(
        PilotPhase(
            township=pilot.township,
            pilot=pilot,
            kind=following,
            started_on=on,
            started_by=actor,
        ),
        actor=actor,
        reason="phase started",
    )


@refuses_invalid_input
@transaction.atomic
def document_add(
    *,
    actor,
    phase: PilotPhase,
    kind: str,
    title: str,
    text: str = "",
    opinions: str = "",
    file=None,
) -> PhaseDocument:
    """PIL-1: a document of the current phase. Rules and regulations with the title of an
    earlier draft become its next version; the earlier one stays."""
    access.require_actor(
        actor, phase.township, access.TOWNSHIP_STAFF, refusal=errors.NotTownshipStaff
    )
    phase = PilotPhase.objects.select_for_update().get(pk=phase.pk)
    if phase.ended_on is not None:
        raise errors.PhaseClosed
    if kind not in rules.ALLOWED_DOCUMENTS[phase.kind]:
        raise errors.DocumentNotOfPhase
    if kind == PhaseDocument.Kind.SYMPOSIUM and not opinions.strip():
        # PIL-1: building the system gathers opinions at symposiums; the record keeps them.
        raise errors.SymposiumWithoutOpinions
    if file:
        validate_upload(file)  # SEC-3: refused as RecordInvalid, nothing written
    document = PhaseDocument(
        township=phase.township,
        phase=phase,
        kind=kind,
        title=title,
        text=text,
        opinions=opinions,
        added_by=actor,
    )
    if kind == PhaseDocument.Kind.RULES:
        latest = (
            PhaseDocument.objects.filter(
                phase__pilot=phase.pilot, kind=kind, title=title
            )
            .order_by("-version")
            .first()
        )
        if latest is not None:
            document.version = latest.version + 1
            document.previous = latest
    if file:
        document.file = file
    return save_with_history(document, actor=actor, reason="pilot document added")


@refuses_invalid_input
@transaction.atomic
def summary_submit(*, actor, pilot: Pilot, text: str, attachment=None) -> Summary:
    """PIL-2: the township submits its written summary; after a return, a new round."""
    access.require_actor(
        actor, pilot.township, access.TOWNSHIP_STAFF, refusal=errors.NotTownshipStaff
    )
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    current = current_phase(pilot)
    if current is None or current.kind != PilotPhase.Kind.SUMMARY:
        raise errors.SummaryTooEarly
    if pilot.summaries.exclude(status=Summary.Status.RETURNED).exists():
        raise errors.SummaryPending
    if not text.strip():
        raise ValidationError({"text": _("The summary needs its text.")})
    if attachment:
        validate_upload(attachment)
    last = pilot.summaries.aggregate(n=Max("round"))["n"] or 0
    summary = Summary(
        township=pilot.township,
        pilot=pilot,
        round=last + 1,
        text=text,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    if attachment:
        summary.attachment = attachment
    return save_with_history(summary, actor=actor, reason="summary submitted")


@transaction.atomic
def summary_review(
    *, actor, summary: Summary, accept: bool, comment: str = ""
) -> Summary:
    """PIL-2: a county reviewer accepts the summary, or returns it with a comment."""
    access.require_actor(
        actor, summary.township, selectors.REVIEWERS, refusal=errors.NotCountyReviewer
    )
    summary = Summary.objects.select_for_update().get(pk=summary.pk)
    if summary.status != Summary.Status.SUBMITTED:
        raise errors.SummaryAlreadyReviewed
    if not accept and not comment.strip():
        raise errors.ReturnNeedsComment
    summary.status = Summary.Status.ACCEPTED if accept else Summary.Status.RETURNED
    summary.reviewer_comment = comment.strip()
    summary.reviewed_by = actor
    summary.reviewed_at = timezone.now()
    return save_with_history(
        summary,
        actor=actor,
        reason="summary accepted" if accept else "summary returned",
    )


def pilot_record_pdf(pilot: Pilot) -> bytes:
    """The pilot record as a PDF: phases, documents, summaries (PIL-2)."""
    from core.pdf import render_pdf

    return render_pdf("oversight/pdf/pilot_record.html", selectors.pilot_record(pilot))


@transaction.atomic
def steering_assign(*, actor, reviewer, township) -> SteeringAssignment:
    """Steering group: a county reviewer assigns a reviewer of the same county to follow a
    township. Both must review the township's county (SEC-1)."""
    access.require_actor(
        actor, township, selectors.REVIEWERS, refusal=errors.NotReviewerOfCounty
    )
    if not access.has_role(reviewer, township, selectors.REVIEWERS):
        raise errors.NotReviewerOfCounty
    if SteeringAssignment.objects.filter(township=township, reviewer=reviewer).exists():
        raise errors.AlreadyAssigned
    return save_with_history(
        SteeringAssignment(township=township, reviewer=reviewer, assigned_by=actor),
        actor=actor,
        reason="steering group assignment",
    )
