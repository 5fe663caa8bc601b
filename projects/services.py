"""Every write of public investment projects and tendering (PRJ-1 … PRJ-5).

Each service checks its actor first (`committees.access.require_actor`), runs in one
transaction and raises a `projects.errors` refusal naming its rule and article, so nothing
is half-saved. A clock that ran out before its act (an answer, a publication, a contract, a
filing) is recorded as it happened and its `Breach` kept for the county figure (PRJ-1).

The committee's decision is a MAJOR item of a committee meeting proposed through
`meetings.services.agenda_item_propose`; the tender notice, a moved deadline, the
candidates, the award and the contract are published in the column through
`disclosure.services` (category project funds), owned by this mechanism.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.incentives.selectors import declared_relative_employers
from committees import access
from committees import selectors as org_selectors
from committees.models import Person, Township
from core.history import actor_or_none, save_with_history
from core.periods import Period, local_date
from disclosure import services as column
from disclosure.models import Category as ColumnCategory
from disclosure.models import Item
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from projects import errors, rules, selectors
from projects.models import (
    Bid,
    Breach,
    Candidate,
    Clarification,
    Declaration,
    Demonstration,
    Evaluator,
    Expenditure,
    Inspection,
    Objection,
    Project,
    Purchase,
    StageRecord,
    StepAside,
    Tender,
)

OWNER = "projects.tender"  # disclosure.owners: the column's items this mechanism keeps
SOURCE = "政府投资项目"  # what the column shows as the item's source (and its key with source_ref)
STAFF = access.TOWNSHIP_STAFF


_clock: contextvars.ContextVar = contextvars.ContextVar("projects_clock", default=None)


def _now() -> datetime.datetime:
    return _clock.get() or timezone.now()


@contextlib.contextmanager
def clock(at: datetime.datetime):
    """Run services as of `at` (demo data of past projects only; views never use it)."""
    token = _clock.set(at)
    try:
        yield
    finally:
        _clock.reset(token)


def _yuan(amount) -> str:
    return f"{Decimal(amount):,.2f}元"


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _locked_project(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).get(pk=project.pk)


def _locked_tender(tender: Tender) -> Tender:
    return (
        Tender.objects.select_for_update(of=("self",))
        .select_related("project", "township")
        .get(pk=tender.pk)
    )


def _breach(project, rule: str, what: str, due: Period, at) -> None:
    """Record a clock that ran out before its act (PRJ-1's figure counts it)."""
    save_with_history(
        Breach(
            township_id=project.township_id,
            project=project,
            rule=rule,
            what=what,
            basis=due.basis[:300],
            due=due.last_day,
            at=at,
        ),
        actor=None,
        reason="clock breached",
    )


def _check_breach(project, rule, what, due: Period, at) -> bool:
    if due.has_ended_at(at):
        _breach(project, rule, what, due, at)
        return True
    return False


# -- PRJ-1: the project and its stages -------------------------------------------------------


@errors.refuses_invalid_input
@transaction.atomic
def project_propose(
    *,
    actor,
    township,
    title: str,
    kind: str,
    proposed_amount: Decimal,
    fiscal_year: int,
    category: str = Project.Category.WORKS,
    state_funded: bool = True,
    demonstration_required: bool = True,
    township_requires_open_tender: bool = False,
    description: str = "",
    location: str = "",
    threshold: Decimal | None = None,
) -> Project:
    """PRJ-1: a proposal; PRJ-2: its tendering threshold stored with it."""
    access.require_actor(actor, township, STAFF)
    if threshold is None:
        threshold = rules.DEFAULT_THRESHOLDS.get(
            rules.Category(category), rules.DEFAULT_THRESHOLDS[rules.Category.WORKS]
        )
    project = save_with_history(
        Project(
            township=township,
            title=title,
            kind=kind,
            category=category,
            proposed_amount=proposed_amount,
            fiscal_year=fiscal_year,
            state_funded=state_funded,
            demonstration_required=demonstration_required,
            township_requires_open_tender=township_requires_open_tender,
            description=description,
            location=location,
            tender_threshold=threshold,
            created_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="project proposed",
    )
    _stage_record(project, Project.Stage.PROPOSAL, actor, "")
    return project


def _stage_record(project, stage, actor, note) -> StageRecord:
    return save_with_history(
        StageRecord(
            township_id=project.township_id,
            project=project,
            stage=stage,
            at=_now(),
            by=actor_or_none(actor),
            note=note[:300],
        ),
        actor=actor,
        reason=f"stage {stage}",
    )


def tender_duty(project: Project) -> rules.TenderDuty:
    amount = (
        project.cost_estimate or project.feasibility_estimate or project.proposed_amount
    )
    return rules.tender_duty(
        amount,
        project.tender_threshold,
        township_requires_all=project.township_requires_open_tender,
    )


def stage_missing(project: Project) -> list[str]:
    """What the current stage still lacks before the next (PRJ-1), in the reader's words."""
    stage = project.stage
    missing = []
    if stage == Project.Stage.FEASIBILITY:
        if project.feasibility_estimate is None:
            missing.append(_("the feasibility estimate"))
        if project.demonstration_required and not project.demonstrations.exists():
            missing.append(_("the demonstration meeting and its opinions"))
    elif stage == Project.Stage.DECISION:
        if selectors.standing_decision(project) is None:
            missing.append(_("the committee's passed decision on the major item"))
    elif stage == Project.Stage.APPROVAL:
        if not (project.approved_on and project.approval_number):
            missing.append(_("the county's approval (date and document number)"))
        if project.estimate_flagged:
            missing.append(
                _("a cost estimate within 10 percent of the feasibility estimate")
            )
    elif stage == Project.Stage.TENDERING:
        tender = selectors.current_tender(project)
        duty = tender_duty(project)
        if duty.required and (
            tender is None or tender.status != Tender.Status.CONTRACTED
        ):
            missing.append(_("a signed contract from the open tender"))
    elif stage == Project.Stage.IMPLEMENTATION:
        if not project.inspections.filter(kind=Inspection.Kind.QUALITY).exists():
            missing.append(_("a quality inspection"))
    elif stage == Project.Stage.ACCEPTANCE:
        if project.accepted_on is None or project.acceptance_filed_on is None:
            missing.append(_("the acceptance and its filing"))
    elif stage == Project.Stage.ACCOUNTS:
        if project.accounts_amount is None:
            missing.append(_("the completion accounts"))
    return missing


@errors.refuses_invalid_input
@transaction.atomic
def project_advance(*, actor, project: Project, to: str, note: str = "") -> Project:
    """PRJ-1: to the next stage only, once the current one is complete."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    if to not in Project.Stage.values:
        raise errors.StageSkipped(
            params={
                "current": project.get_stage_display(),
                "next": Project.Stage(
                    rules.next_stage(project.stage) or project.stage
                ).label,
                "target": "—",
            }
        )
    skipped = rules.stage_skip(project.stage, to)
    if skipped is not None:
        raise errors.StageSkipped(
            params={
                "current": project.get_stage_display(),
                "next": Project.Stage(skipped).label,
                "target": Project.Stage(to).label,
            }
        )
    missing = stage_missing(project)
    if missing:
        raise errors.StageIncomplete(
            params={"stage": project.get_stage_display(), "missing": "、".join(missing)}
        )
    project.stage = to
    save_with_history(project, actor=actor, reason=f"stage {to}")
    if not note and to == Project.Stage.IMPLEMENTATION:
        duty = tender_duty(project)
        note = duty.reason if not duty.required else ""
    _stage_record(project, to, actor, note)
    return project


def _expect_stage(project: Project, *stages) -> None:
    if project.stage not in stages:
        raise errors.StageSkipped(
            params={
                "current": project.get_stage_display(),
                "next": Project.Stage(
                    rules.next_stage(project.stage) or project.stage
                ).label,
                "target": Project.Stage(stages[0]).label,
            }
        )


@errors.refuses_invalid_input
@transaction.atomic
def feasibility_record(
    *, actor, project: Project, estimate: Decimal, note: str = ""
) -> Project:
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.FEASIBILITY)
    project.feasibility_estimate = estimate
    project.estimate_flagged = False
    return save_with_history(project, actor=actor, reason="feasibility estimate")


@errors.refuses_invalid_input
@transaction.atomic
def demonstration_record(
    *,
    actor,
    project: Project,
    held_on: datetime.date,
    experts: str,
    representatives: str,
    opinions: str,
) -> Demonstration:
    """PRJ-1: the demonstration meeting with experts and people's representatives."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.FEASIBILITY)
    return save_with_history(
        Demonstration(
            township_id=project.township_id,
            project=project,
            held_on=held_on,
            experts=experts,
            representatives=representatives,
            opinions=opinions,
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="demonstration meeting",
    )


@errors.refuses_invalid_input
def decision_propose(*, actor, project: Project, meeting: Meeting) -> AgendaItem:
    """PRJ-1, DEC-4, DEC-9: the project goes to the committee as a MAJOR item (its
    preparation — investigation, two options, lower-level opinions, the expert assessment
    where a demonstration is required — is recorded on the item in the meetings pages)."""
    access.require_actor(actor, project.township, access.SECRETARY_ONLY)
    if meeting.township_id != project.township_id:
        raise errors.NotInTender()
    with transaction.atomic():
        project = _locked_project(project)
        _expect_stage(project, Project.Stage.DECISION)
        item = meetings.agenda_item_propose(
            actor=actor,
            meeting=meeting,
            title=_("Major item: %(title)s") % {"title": project.title},
            kind=AgendaItem.Kind.MAJOR,
            description=project.description,
            requires_alternatives=True,
            requires_expert=project.demonstration_required,
        )
        project.agenda_item = item
        save_with_history(project, actor=actor, reason="committee item linked")
    return item


@errors.refuses_invalid_input
@transaction.atomic
def approval_record(
    *,
    actor,
    project: Project,
    approved_on: datetime.date,
    number: str,
    authority: str,
    cost_estimate: Decimal,
) -> Project:
    """PRJ-1 (政府投资条例第九条、第十二条): the county's approval. A cost estimate more than
    10 % above the feasibility estimate is flagged and the project goes back to its
    feasibility study (recorded, not refused: the flag and the return are the rule)."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.APPROVAL)
    project.cost_estimate = cost_estimate
    if rules.estimate_overrun(project.feasibility_estimate, cost_estimate):
        project.estimate_flagged = True
        project.stage = Project.Stage.FEASIBILITY
        project.agenda_item = None
        save_with_history(project, actor=actor, reason="estimate over 10%: sent back")
        _stage_record(
            project,
            Project.Stage.FEASIBILITY,
            actor,
            str(
                errors.EstimateOverrun(
                    params={
                        "estimate": _yuan(cost_estimate),
                        "feasibility": _yuan(project.feasibility_estimate),
                        "limit": _yuan(
                            rules.estimate_limit(project.feasibility_estimate)
                        ),
                    }
                )
            ),
        )
        return project
    project.approved_on = approved_on
    project.approval_number = number
    project.approval_authority = authority
    project.estimate_flagged = False
    return save_with_history(project, actor=actor, reason="county approval")


@errors.refuses_invalid_input
@transaction.atomic
def inspection_record(
    *,
    actor,
    project: Project,
    kind: str,
    on: datetime.date,
    inspector: str,
    findings: str,
) -> Inspection:
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.IMPLEMENTATION)
    return save_with_history(
        Inspection(
            township_id=project.township_id,
            project=project,
            kind=kind,
            on=on,
            inspector=inspector,
            findings=findings,
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="inspection",
    )


@errors.refuses_invalid_input
@transaction.atomic
def expenditure_record(
    *,
    actor,
    project: Project,
    amount: Decimal,
    paid_on: datetime.date,
    payee: str,
    note: str = "",
    advanced_by_contractor: bool = False,
) -> Expenditure:
    """PRJ-1: within the approved estimate (Art 23); no contractor's advance (Art 22)."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.IMPLEMENTATION, Project.Stage.ACCEPTANCE)
    if advanced_by_contractor:
        raise errors.ContractorAdvance()
    spent = sum((e.amount for e in project.expenditures.all()), Decimal("0.00"))
    if rules.spending_refused(spent, amount, project.cost_estimate):
        raise errors.SpendingBeyondEstimate(
            params={
                "spent": _yuan(spent),
                "amount": _yuan(amount),
                "total": _yuan(spent + amount),
                "estimate": _yuan(project.cost_estimate),
            }
        )
    return save_with_history(
        Expenditure(
            township_id=project.township_id,
            project=project,
            amount=amount,
            paid_on=paid_on,
            payee=payee,
            note=note,
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="expenditure",
    )


CONDITION_LABELS = {
    "design_done": "完成建设工程设计和合同约定的各项内容",
    "technical_files": "有完整的技术档案和施工管理资料",
    "materials_reports": "有主要材料、构配件和设备的进场试验报告",
    "quality_certificates": "有勘察、设计、施工、工程监理等单位分别签署的质量合格文件",
    "warranty": "有施工单位签署的工程保修书",
}


@errors.refuses_invalid_input
@transaction.atomic
def acceptance_record(
    *,
    actor,
    project: Project,
    accepted_on: datetime.date,
    conditions: Iterable[str],
    filed_on: datetime.date,
    people_served: str = "",
) -> Project:
    """PRJ-1 (质量管理条例第十六条、第四十九条): five conditions, filed within 15 days;
    PRJ-5 (政府采购法实施条例第四十五条): a public-service purchase's acceptance invites the
    people served."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.ACCEPTANCE)
    missing = [c for c in rules.ACCEPTANCE_CONDITIONS if c not in set(conditions)]
    if missing:
        raise errors.AcceptanceConditions(
            params={"missing": "；".join(CONDITION_LABELS[c] for c in missing)}
        )
    if project.kind == Project.Kind.PURCHASE and not people_served.strip():
        raise errors.StageIncomplete(
            params={
                "stage": project.get_stage_display(),
                "missing": _("the people served invited to the acceptance (PRJ-5)"),
            }
        )
    project.accepted_on = accepted_on
    project.acceptance_filed_on = filed_on
    project.acceptance_public = people_served
    save_with_history(project, actor=actor, reason="acceptance")
    due = rules.acceptance_filing(accepted_on, selectors.calendar_of(project.township))
    filed = timezone.make_aware(datetime.datetime.combine(filed_on, datetime.time(12)))
    _check_breach(project, "PRJ-1", _("acceptance filed"), due, filed)
    return project


@errors.refuses_invalid_input
@transaction.atomic
def accounts_record(
    *, actor, project: Project, amount: Decimal, on: datetime.date
) -> Project:
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.ACCOUNTS)
    project.accounts_amount = amount
    project.accounts_on = on
    return save_with_history(project, actor=actor, reason="completion accounts")


@errors.refuses_invalid_input
@transaction.atomic
def project_publish(*, actor, project: Project) -> Project:
    """PUB-2: the villagers' page of the project exists from now."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    if project.public_since is None:
        project.public_since = _now()
        save_with_history(project, actor=actor, reason="public page")
    return project


# -- PRJ-3: declarations and stepping aside -------------------------------------------------------


def _bidder_map(bid: Bid) -> dict:
    return {
        "name": bid.bidder,
        "legal_rep": bid.legal_rep,
        "controller": bid.controller,
    }


def _mark_step_asides(project: Project, bids: list[Bid]) -> None:
    """PRJ-3: every declarer whose declared relative is tied to a bidder steps aside."""
    maps = [_bidder_map(b) for b in bids]
    by_person: dict[int, list[str]] = {}
    for declaration in project.declarations.all():
        by_person.setdefault(declaration.person_id, []).append(declaration.employer)
    # INC-6: what each committee member declared in their personal-matters report counts
    # too (their relatives' employers), beside what was declared on the project itself.
    today = local_date(_now())
    for membership in org_selectors.committee_members_on(
        project.township, today
    ).select_related("person"):
        employers = declared_relative_employers(membership.person)
        if employers:
            by_person.setdefault(membership.person_id, []).extend(sorted(employers))
    for person_id, employers in by_person.items():
        bidder = rules.conflicted_bidder(employers, maps)
        if (
            bidder
            and not StepAside.objects.filter(
                project=project, person_id=person_id
            ).exists()
        ):
            save_with_history(
                StepAside(
                    township_id=project.township_id,
                    project=project,
                    person_id=person_id,
                    bidder=bidder,
                    at=_now(),
                ),
                actor=None,
                reason="must step aside",
            )


def _project_bids(project: Project) -> list[Bid]:
    return list(Bid.objects.filter(tender__project=project))


@errors.refuses_invalid_input
@transaction.atomic
def declaration_record(
    *, actor, project: Project, person: Person, relative: str, employer: str
) -> Declaration:
    """PRJ-3: a relative declared on the project (INC-6 is not recorded yet)."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    if person.township_id != project.township_id:
        raise errors.NotInTender()
    declaration = save_with_history(
        Declaration(
            township_id=project.township_id,
            project=project,
            person=person,
            relative=relative,
            employer=employer,
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="relative declared",
    )
    _mark_step_asides(project, _project_bids(project))
    return declaration


# -- PRJ-2: the tender ---------------------------------------------------------------------------


def _notice_body(tender: Tender) -> str:
    project = tender.project
    url = reverse("projects:public", args=[project.township.slug, project.pk])
    lines = [
        f"项目：{project.title}",
        f"标段：{tender.lot}",
        f"招标文件发售：{tender.documents_from:%Y-%m-%d} 至 {tender.documents_until:%Y-%m-%d}"
        f"（{rules.DOCS_AVAILABLE.basis}）",
        f"投标截止：{_when(tender.deadline)}（{rules.DOCS_TO_DEADLINE.basis}）",
        f"对招标文件的异议：{rules.last_objection_day(tender.deadline):%Y-%m-%d} 前提出"
        f"（{rules.OBJECTION_BEFORE.basis}）",
        "",
        f"[项目公开页面：进度、投标截止倒计时]({url})",
    ]
    for clarification in tender.clarifications.all():
        lines.insert(
            4,
            f"澄清（{_when(clarification.at)}）：{clarification.text}；投标截止时间由"
            f"{_when(clarification.old_deadline)}顺延至{_when(clarification.new_deadline)}"
            if clarification.new_deadline != clarification.old_deadline
            else f"澄清（{_when(clarification.at)}）：{clarification.text}",
        )
    return "\n\n".join(lines)


def _notice_item(tender: Tender) -> Item | None:
    return Item.objects.filter(
        source_label=SOURCE, source_ref=f"tender:{tender.pk}"
    ).first()


def _publish(actor, tender: Tender, ref: str, title: str, body: str, **window) -> Item:
    return column.item_publish(
        actor=actor,
        township=tender.township,
        category=ColumnCategory.PROJECT_FUNDS,
        title=title,
        body=body,
        source_label=SOURCE,
        source_ref=ref,
        owner=OWNER,
        **window,
    )


@errors.refuses_invalid_input
@transaction.atomic
def tender_publish(
    *,
    actor,
    project: Project,
    lot: str,
    documents_from: datetime.date,
    documents_until: datetime.date,
    deadline: datetime.datetime,
) -> Tender:
    """PRJ-2: the tender notice, its clocks checked, published in the column."""
    access.require_actor(actor, project.township, STAFF)
    project = _locked_project(project)
    _expect_stage(project, Project.Stage.TENDERING)
    current = selectors.current_tender(project)
    if current is not None and current.status != Tender.Status.FAILED:
        raise errors.TenderNotOpen(params={"status": current.get_status_display()})
    if not rules.deadline_allowed(documents_from, deadline):
        raise errors.TooShortForBids(
            params={
                "docs": f"{documents_from:%Y-%m-%d}",
                "earliest": f"{rules.earliest_deadline_day(documents_from):%Y-%m-%d}",
                "deadline": _when(deadline),
            }
        )
    earliest_until = rules.earliest_documents_until(documents_from)
    if documents_until < earliest_until:
        raise errors.DocumentsTooShort(
            params={
                "docs": f"{documents_from:%Y-%m-%d}",
                "earliest": f"{earliest_until:%Y-%m-%d}",
                "until": f"{documents_until:%Y-%m-%d}",
            }
        )
    now = _now()
    tender = save_with_history(
        Tender(
            township_id=project.township_id,
            project=project,
            round=(current.round + 1) if current else 1,
            lot=lot,
            documents_from=documents_from,
            documents_until=documents_until,
            deadline=deadline,
            published_at=now,
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="tender published",
    )
    tender.township = project.township
    tender.project = project
    _publish(
        actor,
        tender,
        f"tender:{tender.pk}",
        _("Tender notice: %(title)s (%(lot)s)") % {"title": project.title, "lot": lot},
        _notice_body(tender),
    )
    if project.public_since is None:
        project.public_since = now
        save_with_history(project, actor=actor, reason="public page with the tender")
    return tender


def _reopen_if_clear(tender: Tender, actor) -> None:
    if (
        tender.status == Tender.Status.PAUSED
        and not selectors.open_objections(tender, Objection.Kind.DOCUMENTS).exists()
    ):
        tender.status = Tender.Status.OPEN
        save_with_history(tender, actor=actor, reason="objection answered: resumed")


@errors.refuses_invalid_input
@transaction.atomic
def tender_clarify(*, actor, tender: Tender, text: str) -> Clarification:
    """PRJ-2 (实施条例第二十一条): less than 15 days before the deadline moves it; the
    column's notice shows the new deadline."""
    at = _now()
    access.require_actor(actor, tender.township, STAFF)
    tender = _locked_tender(tender)
    if (
        tender.status not in (Tender.Status.OPEN, Tender.Status.PAUSED)
        or at >= tender.deadline
    ):
        raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    old = tender.deadline
    new = rules.deadline_after_clarification(at, old)
    clarification = save_with_history(
        Clarification(
            township_id=tender.township_id,
            tender=tender,
            at=at,
            text=text,
            old_deadline=old,
            new_deadline=new,
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="clarification",
    )
    if new != old:
        tender.deadline = new
        save_with_history(
            tender, actor=actor, reason="deadline moved by a clarification"
        )
    item = _notice_item(tender)
    if item is not None:
        column.item_update(
            actor=actor, item=item, owner=OWNER, body=_notice_body(tender)
        )
    return clarification


@errors.refuses_invalid_input
@transaction.atomic
def objection_record(
    *, actor, tender: Tender, kind: str, party: str, text: str
) -> Objection:
    """PRJ-2: an objection to the documents until 10 days before the deadline (it pauses
    the tender); to the candidates while they are shown. PRJ-5: a supplier's challenge
    within 7 working days of the award."""
    at = _now()
    access.require_actor(actor, tender.township, STAFF)
    tender = _locked_tender(tender)
    if kind == Objection.Kind.DOCUMENTS:
        if tender.status not in (Tender.Status.OPEN, Tender.Status.PAUSED):
            raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
        if not rules.objection_allowed(at, tender.deadline):
            raise errors.ObjectionTooLate(
                params={
                    "last": f"{rules.last_objection_day(tender.deadline):%Y-%m-%d}",
                    "day": f"{local_date(at):%Y-%m-%d}",
                }
            )
        tender.status = Tender.Status.PAUSED
        save_with_history(tender, actor=actor, reason="objection: paused")
    elif kind == Objection.Kind.CANDIDATES:
        shown = (
            rules.candidates_shown(tender.candidates_published_at)
            if tender.candidates_published_at
            else None
        )
        if tender.status != Tender.Status.CANDIDATES or not shown.is_open_at(at):
            raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    else:
        if tender.status not in (Tender.Status.AWARDED, Tender.Status.CONTRACTED):
            raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
        window = rules.challenge_window(
            tender.awarded_at, selectors.calendar_of(tender.township)
        )
        if window.has_ended_at(at):
            raise errors.ChallengeLate(params={"last": f"{window.last_day:%Y-%m-%d}"})
    return save_with_history(
        Objection(
            township_id=tender.township_id,
            tender=tender,
            kind=kind,
            party=party,
            text=text,
            received_at=at,
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="objection received",
    )


@errors.refuses_invalid_input
@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str) -> Objection:
    """PRJ-2: answered within 3 days; PRJ-5: a challenge within 7 working days. A late
    answer is recorded and its breach kept."""
    at = _now()
    access.require_actor(actor, objection.township, STAFF)
    tender = _locked_tender(objection.tender)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.answered_at is not None:
        raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    objection.answered_at = at
    objection.answer = answer
    save_with_history(objection, actor=actor, reason="objection answered")
    calendar = selectors.calendar_of(tender.township)
    if objection.kind == Objection.Kind.CHALLENGE:
        due = rules.working_day_due(
            rules.CHALLENGE_ANSWER, objection.received_at, calendar
        )
        _check_breach(tender.project, "PRJ-5", _("challenge answered"), due, at)
    else:
        due = rules.answer_due(objection.received_at, calendar)
        _check_breach(tender.project, "PRJ-2", _("objection answered"), due, at)
    _reopen_if_clear(tender, actor)
    return objection


@errors.refuses_invalid_input
def bid_record(
    *,
    actor,
    tender: Tender,
    bidder: str,
    legal_rep: str,
    controller: str,
    price: Decimal,
) -> Bid:
    """PRJ-2: a bid is taken at the moment it arrives, before the deadline (to the second,
    Asia/Shanghai), never while the tender is paused. PRJ-3: no two tied bidders on a lot;
    a declarer tied to the bidder is marked to step aside."""
    received_at = _now()  # the arrival, before any wait for the lock
    access.require_actor(actor, tender.township, STAFF)
    with transaction.atomic():
        tender = _locked_tender(tender)
        if tender.status == Tender.Status.PAUSED:
            raise errors.TenderPaused()
        if not rules.bid_in_time(received_at, tender.deadline):
            raise errors.BidAfterDeadline(
                params={
                    "deadline": _when(tender.deadline),
                    "at": f"{timezone.localtime(received_at):%Y-%m-%d %H:%M:%S}",
                }
            )
        if tender.status != Tender.Status.OPEN:
            raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
        new = {"name": bidder, "legal_rep": legal_rep, "controller": controller}
        others = [_bidder_map(b) for b in tender.bids.all()]
        tie = rules.bidder_tie(new, others)
        if tie is not None:
            raise errors.BiddersTied(
                params={
                    "bidder": bidder,
                    "other": tie[0],
                    "tie": _("same legal representative")
                    if tie[1] == "same_legal_rep"
                    else _("control or management ties"),
                }
            )
        bid = save_with_history(
            Bid(
                township_id=tender.township_id,
                tender=tender,
                bidder=bidder,
                legal_rep=legal_rep,
                controller=controller,
                price=price,
                received_at=received_at,
                by=actor_or_none(actor),
            ),
            actor=actor,
            reason="bid received",
        )
        _mark_step_asides(tender.project, _project_bids(tender.project))
    return bid


@errors.refuses_invalid_input
@transaction.atomic
def bids_open(*, actor, tender: Tender) -> Tender:
    """PRJ-2: after the deadline; fewer than 3 bids: no opening, the tender fails (its
    status says so, and the screen tells the clerk to tender again)."""
    at = _now()
    access.require_actor(actor, tender.township, STAFF)
    tender = _locked_tender(tender)
    if tender.status not in (Tender.Status.OPEN,):
        raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    if at < tender.deadline:
        raise errors.BidsNotClosed(params={"deadline": _when(tender.deadline)})
    count = tender.bids.count()
    tender.status = (
        Tender.Status.CLOSED if rules.enough_bids(count) else Tender.Status.FAILED
    )
    return save_with_history(tender, actor=actor, reason=f"bids opened ({count})")


@errors.refuses_invalid_input
@transaction.atomic
def evaluation_record(
    *,
    actor,
    tender: Tender,
    evaluators: Iterable[tuple[str, bool, Person | None]],
    ranking: Iterable[Bid],
) -> Tender:
    """PRJ-2 (招标投标法第三十七条): 5 or more, odd, two thirds experts; PRJ-3: nobody who
    must step aside evaluates. The report is received now; the candidates ranked."""
    at = _now()
    access.require_actor(actor, tender.township, STAFF)
    tender = _locked_tender(tender)
    if tender.status != Tender.Status.CLOSED:
        raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    evaluators = list(evaluators)
    experts = sum(1 for _name, expert, _p in evaluators if expert)
    if not rules.evaluation_committee_ok(len(evaluators), experts):
        raise errors.EvaluationCommittee(
            params={"members": len(evaluators), "experts": experts}
        )
    aside = {
        s.person_id: s for s in StepAside.objects.filter(project_id=tender.project_id)
    }
    for name, expert, person in evaluators:
        if person is not None and person.pk in aside:
            raise errors.MustStepAside(
                params={"name": person.name, "bidder": aside[person.pk].bidder}
            )
        save_with_history(
            Evaluator(
                township_id=tender.township_id,
                tender=tender,
                name=name,
                is_expert=expert,
                person=person,
            ),
            actor=actor,
            reason="evaluator",
        )
    ranking = list(ranking)
    if not ranking or any(b.tender_id != tender.pk for b in ranking):
        raise errors.NotInTender()
    for rank, bid in enumerate(ranking[:3], start=1):
        save_with_history(
            Candidate(
                township_id=tender.township_id, tender=tender, bid=bid, rank=rank
            ),
            actor=actor,
            reason="candidate",
        )
    tender.report_at = at
    tender.status = Tender.Status.EVALUATED
    return save_with_history(tender, actor=actor, reason="evaluation report")


@errors.refuses_invalid_input
@transaction.atomic
def candidates_publish(*, actor, tender: Tender) -> Tender:
    """PRJ-2 (实施条例第五十四条): within 3 days of the report, shown at least 3 days."""
    at = _now()
    access.require_actor(actor, tender.township, STAFF)
    tender = _locked_tender(tender)
    if tender.status != Tender.Status.EVALUATED:
        raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    calendar = selectors.calendar_of(tender.township)
    due = rules.candidates_publish_due(tender.report_at, calendar)
    _check_breach(tender.project, "PRJ-2", _("candidates published"), due, at)
    shown = rules.candidates_shown(at)
    tender.candidates_published_at = at
    tender.status = Tender.Status.CANDIDATES
    save_with_history(tender, actor=actor, reason="candidates published")
    lines = [
        f"{c.rank}. {c.bid.bidder}：{_yuan(c.bid.price)}"
        for c in tender.candidates.select_related("bid")
    ]
    lines.append(
        f"公示期：{local_date(at):%Y-%m-%d} 至 {shown.last_day:%Y-%m-%d}（{shown.basis}）"
    )
    _publish(
        actor,
        tender,
        f"candidates:{tender.pk}",
        _("Winning candidates: %(title)s (%(lot)s)")
        % {"title": tender.project.title, "lot": tender.lot},
        "\n\n".join(lines),
        window_from=local_date(at),
    )
    return tender


@errors.refuses_invalid_input
@transaction.atomic
def award(*, actor, tender: Tender, bid: Bid) -> Tender:
    """PRJ-2: after the candidates' window and their objections answered; for a
    state-funded project the first candidate (实施条例第五十五条). Published in the column."""
    at = _now()
    access.require_actor(actor, tender.township, STAFF)
    tender = _locked_tender(tender)
    if tender.status != Tender.Status.CANDIDATES:
        raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    candidates = list(tender.candidates.select_related("bid"))
    if bid.pk not in {c.bid_id for c in candidates}:
        raise errors.NotInTender()
    shown = rules.candidates_shown(tender.candidates_published_at)
    pending = selectors.open_objections(tender, Objection.Kind.CANDIDATES).count()
    if not shown.has_ended_at(at) or pending:
        raise errors.CandidatesStillShown(
            params={
                "until": f"{shown.last_day:%Y-%m-%d}",
                "pending": (_("; %(n)s objections unanswered") % {"n": pending})
                if pending
                else "",
            }
        )
    if tender.project.state_funded and candidates[0].bid_id != bid.pk:
        raise errors.FirstCandidateWins(
            params={"first": candidates[0].bid.bidder, "chosen": bid.bidder}
        )
    tender.winner = bid
    tender.awarded_at = at
    tender.status = Tender.Status.AWARDED
    save_with_history(tender, actor=actor, reason="awarded")
    _publish(
        actor,
        tender,
        f"award:{tender.pk}",
        _("Award: %(title)s (%(lot)s)")
        % {"title": tender.project.title, "lot": tender.lot},
        f"中标人：{bid.bidder}\n\n中标价：{_yuan(bid.price)}\n\n"
        f"合同应在{rules.contract_due(at, selectors.calendar_of(tender.township)).last_day:%Y-%m-%d}"
        f"前订立（{rules.CONTRACT.basis}）",
    )
    return tender


@errors.refuses_invalid_input
@transaction.atomic
def contract_record(
    *, actor, tender: Tender, signed_on: datetime.date, amount: Decimal
) -> Tender:
    """PRJ-2: within 30 days of the award (招标投标法第四十六条); PRJ-5: a purchase's
    contract published within 2 working days of its signing (条例第五十条)."""
    at = _now()
    access.require_actor(actor, tender.township, STAFF)
    tender = _locked_tender(tender)
    if tender.status != Tender.Status.AWARDED:
        raise errors.TenderNotOpen(params={"status": tender.get_status_display()})
    calendar = selectors.calendar_of(tender.township)
    due = rules.contract_due(tender.awarded_at, calendar)
    signed = timezone.make_aware(
        datetime.datetime.combine(signed_on, datetime.time(12))
    )
    _check_breach(tender.project, "PRJ-2", _("contract signed"), due, signed)
    if tender.project.kind == Project.Kind.PURCHASE:
        publish_due = rules.working_day_due(rules.CONTRACT_PUBLISH, signed, calendar)
        _check_breach(tender.project, "PRJ-5", _("contract published"), publish_due, at)
    tender.contract_signed_on = signed_on
    tender.contract_amount = amount
    tender.contract_published_at = at
    tender.status = Tender.Status.CONTRACTED
    save_with_history(tender, actor=actor, reason="contract signed")
    _publish(
        actor,
        tender,
        f"contract:{tender.pk}",
        _("Contract: %(title)s (%(lot)s)")
        % {"title": tender.project.title, "lot": tender.lot},
        f"供应商：{tender.winner.bidder}\n\n合同金额：{_yuan(amount)}\n\n"
        f"签订日期：{signed_on:%Y-%m-%d}",
    )
    return tender


# -- PRJ-4: purchases of one category in one year ---------------------------------------------------


@errors.refuses_invalid_input
@transaction.atomic
def purchase_record(
    *,
    actor,
    township,
    category: str,
    fiscal_year: int,
    title: str,
    amount: Decimal,
    threshold: Decimal,
    project: Project | None = None,
) -> Purchase:
    """PRJ-4: purchases of one category in one fiscal year added up against the threshold;
    one that would split is refused; one at the threshold goes to a tendered project."""
    access.require_actor(actor, township, STAFF)
    # One purchase of the township at a time: two clerks cannot split one between them.
    Township.objects.select_for_update().get(pk=township.pk)
    locked = list(
        Purchase.objects.filter(
            township=township, category=category, fiscal_year=fiscal_year
        ).values_list("amount", "project_id")
    )
    if project is None:
        if amount >= threshold:
            raise errors.MustTender(
                params={"reason": f"{rules.THRESHOLD_BASIS}：{_yuan(amount)}"}
            )
        existing = [a for a, p in locked if p is None]
        if rules.split_refused(existing, amount, threshold):
            before = rules.category_total(existing)
            raise errors.Splitting(
                params={
                    "category": category,
                    "year": fiscal_year,
                    "before": _yuan(before),
                    "amount": _yuan(amount),
                    "total": _yuan(before + amount),
                    "threshold": _yuan(threshold),
                }
            )
    elif project.township_id != township.pk:
        raise errors.NotInTender()
    return save_with_history(
        Purchase(
            township=township,
            category=category,
            fiscal_year=fiscal_year,
            title=title,
            amount=amount,
            threshold=threshold,
            project=project,
            at=_now(),
            by=actor_or_none(actor),
        ),
        actor=actor,
        reason="purchase",
    )
