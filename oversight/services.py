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
from core.history import save_with_history
from core.uploads import validate_upload
from oversight import errors
from oversight.models import (
    PhaseDocument,
    Pilot,
    PilotPhase,
    SteeringAssignment,
    Summary,
)

PHASE_ORDER = [
    PilotPhase.Kind.PREPARATION,
    PilotPhase.Kind.BUILDING,
    PilotPhase.Kind.TRIAL_RUN,
    PilotPhase.Kind.SUMMARY,
]

# PIL-1: what each phase must hold before it moves on (the seed's list per phase).
REQUIRED_DOCUMENTS = {
    PilotPhase.Kind.PREPARATION: [
        PhaseDocument.Kind.INVESTIGATION,
        PhaseDocument.Kind.PLAN,
    ],
    PilotPhase.Kind.BUILDING: [PhaseDocument.Kind.RULES, PhaseDocument.Kind.SYMPOSIUM],
    PilotPhase.Kind.TRIAL_RUN: [PhaseDocument.Kind.TRIAL_LOG],
    PilotPhase.Kind.SUMMARY: [],
}
ALLOWED_DOCUMENTS = {
    phase: [*kinds, PhaseDocument.Kind.OTHER]
    for phase, kinds in REQUIRED_DOCUMENTS.items()
}

# PIL-1: "trial run (half a month)". We read half a month as 15 calendar days: a trial run
# started on 1 August may move on from 16 August, not before.
TRIAL_RUN_MIN_DAYS = 15


def _require_staff(actor, township) -> None:
    if not access.has_role(actor, township, access.TOWNSHIP_STAFF):
        raise errors.NotTownshipStaff


def next_phase(kind):
    index = PHASE_ORDER.index(kind)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def current_phase(pilot: Pilot) -> PilotPhase | None:
    return pilot.phases.filter(ended_on__isnull=True).first()


@transaction.atomic
def pilot_create(*, actor, township, start: datetime.date, end: datetime.date) -> Pilot:
    """PIL-1: a township's pilot opens in its preparation phase on its first day."""
    _require_staff(actor, township)
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
    _require_staff(actor, pilot.township)
    # Lock the pilot so two clerks cannot move it on twice at the same moment.
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    on = on or timezone.localdate()
    current = current_phase(pilot)
    following = next_phase(current.kind)
    if following is None:
        raise errors.PilotFinished
    if to_kind != following:
        raise errors.PhaseSkipped
    if on < current.started_on:
        raise errors.PhaseDateInvalid
    held = set(current.documents.values_list("kind", flat=True))
    missing = [k for k in REQUIRED_DOCUMENTS[current.kind] if k not in held]
    if missing:
        labels = "、".join(str(PhaseDocument.Kind(k).label) for k in missing)
        raise errors.PhaseDocumentsMissing(params={"missing": labels})
    if current.kind == PilotPhase.Kind.TRIAL_RUN:
        earliest = current.started_on + datetime.timedelta(days=TRIAL_RUN_MIN_DAYS)
        if on < earliest:
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
    _require_staff(actor, phase.township)
    phase = PilotPhase.objects.select_for_update().get(pk=phase.pk)
    if phase.ended_on is not None:
        raise errors.PhaseClosed
    if kind not in ALLOWED_DOCUMENTS[phase.kind]:
        raise errors.DocumentNotOfPhase
    if kind == PhaseDocument.Kind.SYMPOSIUM and not opinions.strip():
        # PIL-1: building the system gathers opinions at symposiums; the record keeps them.
        raise errors.SymposiumWithoutOpinions
    if file:
        validate_upload(file)  # SEC-3: raises ValidationError, nothing written
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


@transaction.atomic
def summary_submit(*, actor, pilot: Pilot, text: str, attachment=None) -> Summary:
    """PIL-2: the township submits its written summary; after a return, a new round."""
    _require_staff(actor, pilot.township)
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
    if not access.has_role(
        actor, summary.township, frozenset({access.Role.COUNTY_REVIEWER})
    ):
        raise errors.NotCountyReviewer
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
    from oversight import selectors

    return render_pdf("oversight/pdf/pilot_record.html", selectors.pilot_record(pilot))


REVIEWER_ROLE = frozenset({access.Role.COUNTY_REVIEWER})


@transaction.atomic
def steering_assign(*, actor, reviewer, township) -> SteeringAssignment:
    """Steering group: a county reviewer assigns a reviewer of the same county to follow a
    township. Both must review the township's county (SEC-1)."""
    for user in (actor, reviewer):
        if not access.has_role(user, township, REVIEWER_ROLE):
            raise errors.NotReviewerOfCounty
    if SteeringAssignment.objects.filter(township=township, reviewer=reviewer).exists():
        raise errors.AlreadyAssigned
    return save_with_history(
        SteeringAssignment(township=township, reviewer=reviewer, assigned_by=actor),
        actor=actor,
        reason="steering group assignment",
    )
