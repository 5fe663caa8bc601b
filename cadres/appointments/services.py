"""Every change to an appointment case (SPEC APT-1 … APT-3, DEC-4, DEC-6, PUB-3).

Each service runs in one transaction and locks the case (`select_for_update`) before it
checks the stage: two clerks pressing the same button cannot both move the case, and a
refusal raises a DomainError before anything is written (the transaction rolls back).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cadres.appointments import errors, scoring
from cadres.appointments.models import (
    Applicant,
    AppointmentCase,
    CandidateSelection,
    CompetitiveSelection,
    Formalities,
    Inspection,
    OutstandingBallot,
    OutstandingBallotChoice,
    OutstandingListEntry,
    OutstandingResult,
    OutstandingVote,
    PublicNotice,
    Recommendation,
    RecommendationNominee,
    Stage,
    StageTransition,
)
from cadres.appointments.notice import NoticePeriod, notice_period
from committees import access
from committees import selectors as org
from committees.access import require_actor
from committees.models import Body, Person, Township
from core import integrity
from core.errors import DomainError, refuses_invalid_input
from core.history import actor_or_none, save_with_history
from disclosure import selectors as column
from disclosure import services as column_services
from disclosure.models import Category, Feedback, Item
from meetings.models import AgendaItem, Decision

NOTICE_SOURCE_LABEL = "任前公示"  # what the column shows as the item's source
NOTICE_WITHDRAWN_REASON = "拟任事项已终止"  # shown on the withdrawn notice's page
# APT-3: the column's items these services alone change (disclosure.owners).
NOTICE_OWNER = "cadres.appointment"
SELECTION_OWNER = "cadres.selection"


def notice_source_ref(case: AppointmentCase) -> str:
    return f"cadres.appointment:{case.pk}"


# -- helpers ---------------------------------------------------------------------------


def _locked(case: AppointmentCase) -> AppointmentCase:
    # Lock the case: the stage is read, checked and moved inside one transaction, so two
    # requests cannot both pass the same stage check (APT-1).
    return (
        AppointmentCase.objects.select_for_update()
        .select_related("township", "township__county", "person")
        .get(pk=case.pk)
    )


def _expect(case: AppointmentCase, stage: str, wanted) -> None:
    """APT-1: refuse anything that is not the current stage's step, with its message."""
    if not case.is_open:
        raise errors.CaseClosed(params={"stage": Stage(case.stage).label})
    if case.stage != stage:
        raise errors.StageSkipped(
            params={"current": Stage(case.stage).label, "wanted": wanted}
        )


def _move(case: AppointmentCase, to: str, actor, note: str = "") -> AppointmentCase:
    """APT-1: one step, with who and when (a StageTransition row and the case history)."""
    transition = StageTransition(
        township_id=case.township_id,
        case=case,
        from_stage=case.stage,
        to_stage=to,
        by=actor_or_none(actor),
        at=timezone.now(),
        note=note,
    )
    case.stage = to
    save_with_history(case, actor=actor, reason=f"stage: {to}")
    save_with_history(transition, actor=actor, reason="stage transition")
    return case


def _stop(case: AppointmentCase, actor, note: str) -> AppointmentCase:
    """APT-1, APT-3: stop the case; a notice still up is withdrawn (PUB-2 keeps it in
    the history), so the column does not announce an appointment that will not be made."""
    notice = PublicNotice.objects.filter(case=case).select_related("item").first()
    if notice is not None and notice.item.state == Item.State.PUBLISHED:
        column_services.item_withdraw(
            actor=actor,
            item=notice.item,
            reason=NOTICE_WITHDRAWN_REASON,
            owner=NOTICE_OWNER,
        )
    return _move(case, Stage.STOPPED, actor, note=note)


def _same_township(case: AppointmentCase, people: Iterable[Person]) -> None:
    if any(person.township_id != case.township_id for person in people):
        raise errors.PersonOfOtherTownship()


# -- opening and stopping ----------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def case_open(
    *, actor, township: Township, post: str, person: Person
) -> AppointmentCase:
    """APT-1: a case per post and person, starting at democratic recommendation."""
    require_actor(actor, township, access.SECRETARY_ONLY)
    if person.township_id != township.pk:
        raise errors.PersonOfOtherTownship()
    case = save_with_history(
        AppointmentCase(
            township=township,
            post=post.strip(),
            person=person,
            stage=Stage.RECOMMENDATION,
            opened_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="case opened",
    )
    save_with_history(
        StageTransition(
            township=township,
            case=case,
            from_stage="",
            to_stage=Stage.RECOMMENDATION,
            by=case.opened_by,
            note="",
        ),
        actor=actor,
        reason="case opened",
    )
    return case


@refuses_invalid_input
@transaction.atomic
def case_stop(*, actor, case: AppointmentCase, reason: str) -> AppointmentCase:
    """APT-1: the secretary may stop an open case, saying why."""
    case = _locked(case)
    require_actor(actor, case.township, access.SECRETARY_ONLY)
    if not case.is_open:
        raise errors.CaseClosed(params={"stage": Stage(case.stage).label})
    if not reason.strip():
        raise errors.StopReasonRequired()
    case.stopped_reason = reason.strip()
    return _stop(case, actor, reason.strip())


# -- the stages (APT-1, APT-2) -----------------------------------------------------------


def _nominees(given) -> list[tuple[Person, int]]:
    """APT-2: each nominee once, with a whole, non-negative vote count."""
    nominees, seen = [], set()
    for person, votes in given:
        try:
            count = int(votes)
        except (TypeError, ValueError):
            raise errors.VotesInvalid(
                params={"name": person.name, "votes": votes}
            ) from None
        if count < 0 or (not isinstance(votes, str) and count != votes):
            raise errors.VotesInvalid(params={"name": person.name, "votes": votes})
        if person.pk in seen:
            raise errors.NomineeTwice(params={"name": person.name})
        seen.add(person.pk)
        nominees.append((person, count))
    return nominees


@refuses_invalid_input
@transaction.atomic
def recommendation_record(
    *,
    actor,
    case: AppointmentCase,
    held_on: datetime.date,
    electorate: int,
    ballots_returned: int,
    nominees: Iterable[tuple[Person, int]],
    note: str = "",
) -> Recommendation:
    """APT-2: the electorate, the ballots returned and the votes each nominee received."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.RECOMMENDATION, Stage.RECOMMENDATION.label)
    nominees = _nominees(nominees)
    try:
        electorate, ballots_returned = int(electorate), int(ballots_returned)
    except (TypeError, ValueError):
        raise errors.CountsInvalid() from None
    if electorate < 1 or ballots_returned < 0:
        raise errors.CountsInvalid()
    if not nominees:
        raise errors.NomineesRequired()
    _same_township(case, [person for person, _votes in nominees])
    if ballots_returned > electorate:
        raise errors.BallotsExceedElectorate(
            params={"returned": ballots_returned, "electorate": electorate}
        )
    for person, votes in nominees:
        if votes > ballots_returned:
            raise errors.VotesExceedBallots(
                params={
                    "name": person.name,
                    "votes": votes,
                    "returned": ballots_returned,
                }
            )
    recommendation = save_with_history(
        Recommendation(
            township_id=case.township_id,
            case=case,
            held_on=held_on,
            electorate=electorate,
            ballots_returned=ballots_returned,
            note=note.strip(),
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="democratic recommendation recorded",
    )
    for person, votes in nominees:
        save_with_history(
            RecommendationNominee(
                township_id=case.township_id,
                recommendation=recommendation,
                person=person,
                votes=votes,
            ),
            actor=actor,
            reason="nominee recorded",
        )
    _move(case, Stage.CANDIDATES, actor)
    return recommendation


@refuses_invalid_input
@transaction.atomic
def candidates_select(
    *,
    actor,
    case: AppointmentCase,
    held_on: datetime.date,
    attendees: str,
    record: str,
    candidates: Iterable[Person],
) -> CandidateSelection:
    """APT-2: the secretary's office chooses the candidates for inspection, only from
    those recommended; the person of the case must be one of them."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.CANDIDATES, Stage.CANDIDATES.label)
    candidates = list(candidates)
    if not candidates:
        raise errors.CandidatesRequired()
    recommended = set(
        RecommendationNominee.objects.filter(recommendation__case=case).values_list(
            "person_id", flat=True
        )
    )
    outside = [person.name for person in candidates if person.pk not in recommended]
    if outside:
        raise errors.CandidateNotRecommended(params={"names": "、".join(outside)})
    if case.person_id not in {person.pk for person in candidates}:
        raise errors.PersonNotCandidate(params={"name": case.person.name})
    selection = save_with_history(
        CandidateSelection(
            township_id=case.township_id,
            case=case,
            held_on=held_on,
            attendees=attendees.strip(),
            record=record.strip(),
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="candidates chosen by the secretary's office",
    )
    selection.candidates.set(candidates)
    _move(case, Stage.INSPECTION, actor)
    return selection


@refuses_invalid_input
@transaction.atomic
def inspection_record(
    *,
    actor,
    case: AppointmentCase,
    team: str,
    report: str,
    conclusion: str,
    report_file=None,
) -> Inspection:
    """APT-1: the inspection ends in its report; a person found not suitable stops here."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.INSPECTION, Stage.INSPECTION.label)
    inspection = Inspection(
        township_id=case.township_id,
        case=case,
        team=team.strip(),
        report=report.strip(),
        conclusion=conclusion,
        recorded_by=actor_or_none(actor),
    )
    if report_file is not None:
        inspection.report_file = report_file
    save_with_history(inspection, actor=actor, reason="inspection report recorded")
    if conclusion == Inspection.Conclusion.NOT_SUITABLE:
        case.stopped_reason = str(Inspection.Conclusion.NOT_SUITABLE.label)
        _move(case, Stage.STOPPED, actor, note="inspection: not suitable")
    else:
        _move(case, Stage.DECISION, actor)
    return inspection


def _check_item(case: AppointmentCase, item: AgendaItem) -> None:
    """DEC-4: a personnel item of a deciding body (DEC-1) of this township, naming the
    person of the case among its nominees."""
    ok = (
        item.township_id == case.township_id
        and item.kind == AgendaItem.Kind.PERSONNEL
        and item.meeting.body.kind in (Body.Kind.COMMITTEE, Body.Kind.ENLARGED)
        and item.nominees.filter(pk=case.person_id).exists()
    )
    if not ok:
        raise errors.WrongAgendaItem(params={"name": case.person.name})


def deciding_item(item: AgendaItem) -> AgendaItem:
    """DEC-6: a postponed item (暂缓表决) is decided by its copy on a later agenda; follow
    the copies to the item that is (or will be) voted."""
    seen = {item.pk}
    while item.status == AgendaItem.Status.POSTPONED:
        later = (
            AgendaItem.objects.filter(postponed_from=item)
            .select_related("meeting__body")
            .order_by("-pk")
            .first()
        )
        if later is None or later.pk in seen:
            break
        seen.add(later.pk)
        item = later
    return item


def revocation_of(decision: Decision) -> Decision | None:
    """DEC-10: the decision of the same body that revoked `decision`, naming it, if any."""
    return (
        Decision.objects.filter(changes=decision, change=AgendaItem.Change.REVOKE)
        .order_by("decided_at", "pk")
        .first()
    )


def decision_stage_reached_at(case: AppointmentCase) -> datetime.datetime | None:
    """APT-1: when the case reached the committee decision stage (its inspection ended)."""
    return (
        case.transitions.filter(to_stage=Stage.DECISION)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )


def _local_day(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def check_own_decision(case: AppointmentCase, decision: Decision) -> None:
    """DEC-10, APT-1, DEC-4: a case stands only on its own, standing decision: one that
    decided on the case's person, was taken after the case reached the decision stage,
    has not carried another case, and has not been revoked by the committee."""
    if decision_row(case, decision) is None:
        raise errors.DecisionNotOnPerson(
            params={"item": decision.title, "name": case.person.name}
        )
    revoking = revocation_of(decision)
    if revoking is not None:
        raise errors.DecisionRevoked(
            params={"by": revoking.title, "day": _local_day(revoking.decided_at)}
        )
    reached = decision_stage_reached_at(case)
    if reached is None or decision.decided_at < reached:
        raise errors.DecisionBeforeCase(
            params={
                "day": _local_day(decision.decided_at),
                "reached": _local_day(reached) if reached else "—",
            }
        )
    other = (
        AppointmentCase.objects.filter(
            agenda_item_id=decision.item_id,
            person_id=case.person_id,
            transitions__from_stage=Stage.DECISION,
            transitions__to_stage=Stage.NOTICE,
        )
        .exclude(pk=case.pk)
        .first()
    )
    if other is not None:
        raise errors.DecisionUsedByAnotherCase(params={"case": str(other)})


def link_refusal(case: AppointmentCase, item: AgendaItem) -> DomainError | None:
    """Why `item` cannot decide `case` (None when it can): the case page offers only the
    items this lets through; `decision_link` raises the same refusal."""
    try:
        _check_item(case, item)
        decision = Decision.objects.filter(item=deciding_item(item)).first()
        if decision is not None:
            check_own_decision(case, decision)
    except DomainError as refusal:
        return refusal
    return None


@refuses_invalid_input
@transaction.atomic
def decision_link(*, actor, case: AppointmentCase, item: AgendaItem) -> AppointmentCase:
    """The personnel item that decides the case, in whatever state it is: pending, voted
    already from the meetings pages, or postponed (its later copy decides). A decided
    item must carry the case's own, standing decision (check_own_decision)."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.DECISION, Stage.DECISION.label)
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    refusal = link_refusal(case, item)
    if refusal is not None:
        raise refusal
    case.agenda_item = item
    return save_with_history(case, actor=actor, reason="personnel item linked")


def decision_row(case: AppointmentCase, decision: Decision) -> dict | None:
    """The tally row of the case's person in the committee's decision."""
    for row in decision.tally.get("rows", []):
        if row.get("nominee_id") == case.person_id:
            return row
    return None


def decision_of(case: AppointmentCase) -> Decision | None:
    """The committee decision of the case's linked item (followed past a postponement)."""
    if case.agenda_item_id is None:
        return None
    item = deciding_item(AgendaItem.objects.get(pk=case.agenda_item_id))
    return Decision.objects.filter(item=item).select_related("meeting").first()


@refuses_invalid_input
@transaction.atomic
def decision_confirm(*, actor, case: AppointmentCase) -> AppointmentCase:
    """DEC-4, DEC-6: the case moves on only when the committee passed the personnel item
    for its person (more than 2/3 of ALL members agreeing, voted item by item), in a
    decision that is the case's own and still stands (DEC-10, APT-1)."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.DECISION, Stage.DECISION.label)
    if case.agenda_item_id is None:
        raise errors.WrongAgendaItem(params={"name": case.person.name})
    item = deciding_item(
        AgendaItem.objects.select_related("meeting__body").get(pk=case.agenda_item_id)
    )
    # Lock the item: two cases of one person confirming at once take it once (APT-1).
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    decision = Decision.objects.filter(item=item).first()
    if decision is None:
        raise errors.DecisionNotTaken()
    check_own_decision(case, decision)
    row = decision_row(case, decision)
    if not row.get("passed"):
        raise errors.DecisionNotPassed(
            params={
                "name": case.person.name,
                "arithmetic": row.get("arithmetic", decision.arithmetic),
            }
        )
    if item.pk != case.agenda_item_id:
        case.agenda_item = item  # the postponed item's copy decided it
    return _move(
        case, Stage.NOTICE, actor, note=f"{decision.title}: {row.get('arithmetic', '')}"
    )


def _standing(case: AppointmentCase) -> None:
    """DEC-10: every step after the decision checks that the decision still stands."""
    decision = decision_of(case)
    if decision is not None:
        revoking = revocation_of(decision)
        if revoking is not None:
            raise errors.DecisionRevoked(
                params={"by": revoking.title, "day": _local_day(revoking.decided_at)}
            )


def decision_revoked_stop_note(revoking: Decision) -> str:
    return f"{revoking.title} ({_local_day(revoking.decided_at)})"


@refuses_invalid_input
@transaction.atomic
def cases_follow_revocation(*, revoking: Decision) -> list[AppointmentCase]:
    """DEC-10: a decision revoked after a case stood on it stops the case (the notice
    still up is withdrawn); a case already done is left alone (its appointment is
    undone only by a removal, a new matter). Called by the system when the revoking
    decision is recorded (cadres.appointments.hooks), in the same transaction."""
    if revoking.change != AgendaItem.Change.REVOKE or revoking.changes_id is None:
        return []
    original = Decision.objects.get(pk=revoking.changes_id)
    stopped = []
    for pk in AppointmentCase.objects.filter(
        agenda_item_id=original.item_id,
        stage__in=(Stage.NOTICE, Stage.FORMALITIES),
    ).values_list("pk", flat=True):
        case = _locked(AppointmentCase(pk=pk))
        if case.stage not in (Stage.NOTICE, Stage.FORMALITIES):
            continue
        case.stopped_reason = str(
            errors.DecisionRevoked(
                params={"by": revoking.title, "day": _local_day(revoking.decided_at)}
            )
        )
        stopped.append(
            _stop(case, None, f"DEC-10: {decision_revoked_stop_note(revoking)}")
        )
    return stopped


# -- the public notice (APT-3, PUB-3) ------------------------------------------------------


def period_for(township: Township, published_on: datetime.date) -> NoticePeriod:
    return notice_period(
        published_on, township.public_notice_days, org.work_calendar(township.county_id)
    )


def _notice_text(case: AppointmentCase, period: NoticePeriod) -> tuple[str, str]:
    context = {"case": case, "township": case.township, "period": period}
    title = render_to_string("cadres/appointments/notice_title.txt", context).strip()
    body = render_to_string("cadres/appointments/notice_body.txt", context).strip()
    return title, body


@refuses_invalid_input
@transaction.atomic
def notice_publish(*, actor, case: AppointmentCase) -> PublicNotice:
    """APT-3: publish in the disclosure column for the township's notice days, ending as
    Chinese law counts periods (see cadres.appointments.notice)."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.NOTICE, Stage.NOTICE.label)
    _standing(case)
    if PublicNotice.objects.filter(case=case).exists():
        raise errors.NoticeAlreadyPublished()
    today = timezone.localdate()
    period = period_for(case.township, today)
    title, body = _notice_text(case, period)
    item = column_services.item_publish(
        actor=actor,
        township=case.township,
        category=Category.PUBLIC_NOTICE,
        title=title,
        body=body,
        source_label=NOTICE_SOURCE_LABEL,
        source_ref=notice_source_ref(case),
        window_from=today,
        window_until=period.last_day,
        owner=NOTICE_OWNER,
    )
    notice = save_with_history(
        PublicNotice(
            township_id=case.township_id,
            case=case,
            item=item,
            source_ref=notice_source_ref(case),
            published_on=today,
            last_day=period.last_day,
            ends_at=period.ends_at,
            days=period.rule.length,
            working_days=period.working_days,
            published_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="public notice published",
    )
    integrity.seal(notice)  # AUD-2
    return notice


@refuses_invalid_input
@transaction.atomic
def objection_finding_record(
    *, actor, case: AppointmentCase, feedback: Feedback, affects: bool, note: str = ""
) -> Feedback:
    """APT-3: each objection gets a finding; one that affects the appointment stops it."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    if not case.is_open:
        raise errors.CaseClosed(params={"stage": Stage(case.stage).label})
    notice = PublicNotice.objects.filter(case=case).first()
    if notice is None or feedback.item_id != notice.item_id:
        raise errors.ObjectionNotOnThisNotice()
    # The column records it and calls notice_finding_recorded (an "affects" finding
    # stops the case), the same path as a finding recorded on the column's pages.
    return column_services.objection_finding_record(
        actor=actor, feedback=feedback, affects=affects, note=note
    )


def notice_finding_recorded(*, feedback: Feedback, actor) -> None:
    """APT-3: the column tells the case of a finding on its notice, wherever it was
    recorded, inside the transaction that records it: one that affects the appointment
    stops the case (and withdraws the notice)."""
    if feedback.finding != Feedback.Finding.AFFECTS:
        return
    notice = PublicNotice.objects.filter(item_id=feedback.item_id).first()
    if notice is None:
        return
    case = _locked(notice.case)
    if not case.is_open:
        return
    note = feedback.finding_note
    case.stopped_reason = note or str(errors.AffectingObjection.message)
    _stop(case, actor, f"objection #{feedback.pk}: {note}")


@refuses_invalid_input
@transaction.atomic
def formalities_start(*, actor, case: AppointmentCase) -> AppointmentCase:
    """APT-3: only after the notice period has ended and every objection has a finding."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.NOTICE, Stage.FORMALITIES.label)
    _standing(case)
    notice = PublicNotice.objects.filter(case=case).first()
    if notice is None:
        raise errors.NoticeNotPublished()
    if timezone.now() <= notice.ends_at:
        raise errors.NoticePeriodOpen(
            params={"ends": f"{timezone.localtime(notice.ends_at):%Y-%m-%d %H:%M}"}
        )
    objections = column.objections_for(notice.item)
    unresolved = objections.filter(finding="").count()
    if unresolved:
        raise errors.ObjectionWithoutFinding(params={"count": unresolved})
    if objections.filter(finding=Feedback.Finding.AFFECTS).exists():
        raise errors.AffectingObjection()
    return _move(case, Stage.FORMALITIES, actor)


@refuses_invalid_input
@transaction.atomic
def formalities_complete(
    *,
    actor,
    case: AppointmentCase,
    done_on: datetime.date,
    letter_number: str,
    effective_from: datetime.date,
) -> Formalities:
    """APT-1: formalities done; the appointment letter is printed from this record."""
    case = _locked(case)
    require_actor(actor, case.township, access.TOWNSHIP_STAFF)
    _expect(case, Stage.FORMALITIES, Stage.DONE.label)
    _standing(case)
    notice = PublicNotice.objects.filter(case=case).first()
    if notice is None:
        raise errors.NoticeNotPublished()
    if done_on <= notice.last_day or effective_from <= notice.last_day:
        raise errors.FormalitiesInsideNotice(
            params={"day": f"{notice.last_day:%Y-%m-%d}"}
        )
    formalities = save_with_history(
        Formalities(
            township_id=case.township_id,
            case=case,
            done_on=done_on,
            letter_number=letter_number.strip(),
            effective_from=effective_from,
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="formalities done",
    )
    _move(case, Stage.DONE, actor)
    return formalities


# -- APT-4: competitive selection ----------------------------------------------------------

SELECTION_SOURCE_LABEL = "竞争上岗"


def _locked_selection(selection: CompetitiveSelection) -> CompetitiveSelection:
    # Locked: scores and the result are decided on one row at a time.
    return (
        CompetitiveSelection.objects.select_for_update()
        .select_related("township")
        .get(pk=selection.pk)
    )


@refuses_invalid_input
@transaction.atomic
def selection_post(
    *,
    actor,
    township: Township,
    post: str,
    description: str,
    written_weight: Decimal,
    apply_until: datetime.date,
) -> CompetitiveSelection:
    """APT-4: an open posting, published in the column until applications close."""
    require_actor(actor, township, access.TOWNSHIP_STAFF)
    written_weight = _decimal(written_weight, errors.WeightsInvalid)
    if not Decimal(0) <= written_weight <= Decimal(1):
        raise errors.WeightsInvalid()
    today = timezone.localdate()
    if apply_until < today:
        raise errors.PostingClosed(params={"day": f"{apply_until:%Y-%m-%d}"})
    selection = save_with_history(
        CompetitiveSelection(
            township=township,
            post=post.strip(),
            description=description.strip(),
            written_weight=written_weight,
            apply_until=apply_until,
            posted_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="competitive selection posted",
    )
    selection.posting_item = column_services.item_publish(
        actor=actor,
        township=township,
        category=Category.PUBLIC_NOTICE,
        title=render_to_string(
            "cadres/appointments/selection_title.txt", {"selection": selection}
        ).strip(),
        body=render_to_string(
            "cadres/appointments/selection_body.txt", {"selection": selection}
        ).strip(),
        source_label=SELECTION_SOURCE_LABEL,
        source_ref=f"cadres.selection:{selection.pk}:posting",
        window_from=today,
        window_until=apply_until,
        owner=SELECTION_OWNER,
    )
    return save_with_history(selection, actor=actor, reason="posting published")


@refuses_invalid_input
@transaction.atomic
def applicant_add(
    *, actor, selection: CompetitiveSelection, name: str, person: Person | None = None
) -> Applicant:
    """APT-4: applications are taken while the posting is open."""
    selection = _locked_selection(selection)
    require_actor(actor, selection.township, access.TOWNSHIP_STAFF)
    if selection.status != CompetitiveSelection.Status.POSTED:
        raise errors.ResultPublished()
    if timezone.localdate() > selection.apply_until:
        raise errors.PostingClosed(params={"day": f"{selection.apply_until:%Y-%m-%d}"})
    if person is not None and person.township_id != selection.township_id:
        raise errors.PersonOfOtherTownship()
    name = name.strip()
    if Applicant.objects.filter(selection=selection, name=name).exists():
        raise errors.ApplicantTwice(params={"name": name})
    return save_with_history(
        Applicant(
            township_id=selection.township_id,
            selection=selection,
            name=name,
            person=person,
        ),
        actor=actor,
        reason="application received",
    )


def _decimal(value, refusal) -> Decimal:
    """A finite Decimal from what a form or a caller gave, or the rule's refusal."""
    try:
        value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise refusal() from None
    if not value.is_finite():
        raise refusal()
    return value


def _score(value) -> Decimal:
    """APT-4: 0 to 100, kept to two places rounded half up."""
    value = _decimal(value, errors.ScoreOutOfRange)
    if not Decimal(0) <= value <= Decimal(100):
        raise errors.ScoreOutOfRange()
    return scoring.cents(value)


@refuses_invalid_input
@transaction.atomic
def scores_record(
    *, actor, applicant: Applicant, written: Decimal, interview: Decimal
) -> Applicant:
    """APT-4: written exam and interview scores, after applications have closed."""
    selection = _locked_selection(applicant.selection)
    require_actor(actor, selection.township, access.TOWNSHIP_STAFF)
    if selection.status != CompetitiveSelection.Status.POSTED:
        raise errors.ResultPublished()
    if timezone.localdate() <= selection.apply_until:
        raise errors.PostingStillOpen(
            params={"day": f"{selection.apply_until:%Y-%m-%d}"}
        )
    applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
    applicant.written_score = _score(written)
    applicant.interview_score = _score(interview)
    return save_with_history(applicant, actor=actor, reason="scores recorded")


@refuses_invalid_input
@transaction.atomic
def selection_result_publish(
    *, actor, selection: CompetitiveSelection
) -> CompetitiveSelection:
    """APT-4: the weighted ranking, stored and published in the column; then locked."""
    selection = _locked_selection(selection)
    require_actor(actor, selection.township, access.TOWNSHIP_STAFF)
    if selection.status != CompetitiveSelection.Status.POSTED:
        raise errors.ResultPublished()
    applicants = list(Applicant.objects.select_for_update().filter(selection=selection))
    if not applicants:
        raise errors.NoApplicants()
    missing = [
        a for a in applicants if a.written_score is None or a.interview_score is None
    ]
    if missing:
        raise errors.ScoresMissing(params={"count": len(missing)})
    ranked = scoring.rank_scores(
        [(a, a.written_score, a.interview_score) for a in applicants],
        selection.written_weight,
    )
    for row in ranked:
        row.key.total = row.total
        row.key.rank = row.rank
        save_with_history(row.key, actor=actor, reason="ranked")
    selection.status = CompetitiveSelection.Status.PUBLISHED
    selection.result_item = column_services.item_publish(
        actor=actor,
        township=selection.township,
        category=Category.PUBLIC_NOTICE,
        title=render_to_string(
            "cadres/appointments/selection_result_title.txt", {"selection": selection}
        ).strip(),
        body=render_to_string(
            "cadres/appointments/selection_result_body.txt",
            {"selection": selection, "ranked": [row.key for row in ranked]},
        ).strip(),
        source_label=SELECTION_SOURCE_LABEL,
        source_ref=f"cadres.selection:{selection.pk}:result",
        owner=SELECTION_OWNER,
    )
    return save_with_history(selection, actor=actor, reason="result published")


# -- APT-5: outstanding cadres --------------------------------------------------------------


def outstanding_electorate(township: Township):
    """APT-5: all cadres and village leaders of the township."""
    return org.people_of(township, [Person.Kind.CADRE, Person.Kind.VILLAGE_LEADER])


@refuses_invalid_input
@transaction.atomic
def outstanding_vote_open(
    *, actor, township: Township, year: int, seats: int
) -> OutstandingVote:
    require_actor(actor, township, access.TOWNSHIP_STAFF)
    if OutstandingVote.objects.filter(township=township, year=year).exists():
        raise errors.VoteExists(params={"year": year})
    return save_with_history(
        OutstandingVote(
            township=township,
            year=year,
            seats=seats,
            electorate_size=outstanding_electorate(township).count(),
            opened_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="outstanding cadre vote opened",
    )


@refuses_invalid_input
@transaction.atomic
def outstanding_ballot_cast(
    *, actor, vote: OutstandingVote, voter: Person, candidates: Iterable[Person]
) -> OutstandingBallot:
    """APT-5: one ballot each, by the cadres and village leaders of the township; a
    person casts their own (the office may enter a paper ballot)."""
    vote = OutstandingVote.objects.select_for_update().get(pk=vote.pk)
    staff = actor is None or access.has_role(
        actor, vote.township_id, access.TOWNSHIP_STAFF
    )
    if not staff:
        require_actor(actor, vote.township_id, access.READERS)
        if getattr(getattr(actor, "person", None), "pk", None) != voter.pk:
            raise errors.NotOwnBallot()
    if vote.status != OutstandingVote.Status.OPEN:
        raise errors.VoteClosed()
    electorate = set(outstanding_electorate(vote.township).values_list("pk", flat=True))
    if voter.pk not in electorate:
        raise errors.NotInElectorate(params={"name": voter.name})
    candidates = list(dict.fromkeys(candidates))
    if not 1 <= len(candidates) <= vote.seats:
        raise errors.TooManyChoices(params={"seats": vote.seats})
    for candidate in candidates:
        if candidate.pk not in electorate:
            raise errors.NotInElectorate(params={"name": candidate.name})
    if OutstandingBallot.objects.filter(vote=vote, voter=voter).exists():
        raise errors.BallotTwice(params={"name": voter.name})
    ballot = save_with_history(
        OutstandingBallot(
            township_id=vote.township_id,
            vote=vote,
            voter=voter,
            entered_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="ballot cast",
    )
    for candidate in candidates:
        save_with_history(
            OutstandingBallotChoice(
                township_id=vote.township_id, ballot=ballot, candidate=candidate
            ),
            actor=actor,
            reason="choice",
        )
    return ballot


@refuses_invalid_input
@transaction.atomic
def outstanding_vote_close(*, actor, vote: OutstandingVote) -> OutstandingVote:
    """APT-5: the count, archived by year as result rows; the vote is then closed."""
    vote = OutstandingVote.objects.select_for_update().get(pk=vote.pk)
    require_actor(actor, vote.township_id, access.TOWNSHIP_STAFF)
    if vote.status != OutstandingVote.Status.OPEN:
        raise errors.VoteClosed()
    counts: dict[int, int] = {}
    for candidate_id in OutstandingBallotChoice.objects.filter(
        ballot__vote=vote
    ).values_list("candidate_id", flat=True):
        counts[candidate_id] = counts.get(candidate_id, 0) + 1
    for person_id, votes, rank, elected in scoring.rank_votes(counts, vote.seats):
        save_with_history(
            OutstandingResult(
                township_id=vote.township_id,
                vote=vote,
                person_id=person_id,
                votes=votes,
                rank=rank,
                elected=elected,
            ),
            actor=actor,
            reason="result archived",
        )
    vote.status = OutstandingVote.Status.CLOSED
    vote.closed_at = timezone.now()
    vote.closed_by = actor_or_none(actor)
    return save_with_history(vote, actor=actor, reason="vote closed")


@refuses_invalid_input
@transaction.atomic
def outstanding_list_add(
    *,
    actor,
    township: Township,
    person: Person,
    reason: str,
    vote: OutstandingVote | None = None,
) -> OutstandingListEntry:
    """APT-5: an entry on the standing list, with its reason."""
    require_actor(actor, township, access.TOWNSHIP_STAFF)
    if person.township_id != township.pk:
        raise errors.PersonOfOtherTownship()
    if not reason.strip():
        raise errors.ReasonRequired()
    # Lock the person's open entries: two clerks adding the same person add one.
    if (
        OutstandingListEntry.objects.select_for_update()
        .filter(township=township, person=person, removed_on__isnull=True)
        .exists()
    ):
        raise errors.AlreadyOnList(params={"name": person.name})
    return save_with_history(
        OutstandingListEntry(
            township=township,
            person=person,
            vote=vote,
            added_on=timezone.localdate(),
            added_reason=reason.strip(),
            added_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="added to the list",
    )


@refuses_invalid_input
@transaction.atomic
def outstanding_list_remove(
    *, actor, entry: OutstandingListEntry, reason: str
) -> OutstandingListEntry:
    """APT-5: removed with a reason; the entry stays, with its history."""
    entry = OutstandingListEntry.objects.select_for_update().get(pk=entry.pk)
    require_actor(actor, entry.township_id, access.TOWNSHIP_STAFF)
    if entry.removed_on is not None:
        raise errors.NotOnList()
    if not reason.strip():
        raise errors.ReasonRequired()
    entry.removed_on = timezone.localdate()
    entry.removed_reason = reason.strip()
    entry.removed_by = actor_or_none(actor)
    return save_with_history(entry, actor=actor, reason="removed from the list")
