"""Services of the budget (FIN-1, FIN-3, FIN-4): the finance settings, the finance group
and its votes, drafting the budget line by line, reporting it to the committee, the
voters' opinions, the congress's approval, filing and publication, and the changes to a
budget in force (classified by 预算法 Art 67 and routed).

Every service checks its actor first (`require_actor`), runs in one transaction and
raises a `finance.errors` refusal naming its rule; nothing is half-saved."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from committees import access
from committees.models import Body, Person, Township
from core.history import actor_or_none, save_with_history
from finance import errors, rules, selectors
from finance import roles as fin_roles
from finance.budget.models import (
    Budget,
    BudgetChange,
    BudgetChangeLine,
    BudgetLine,
    BudgetLineVersion,
    FinanceGroupMember,
    FinanceSettings,
    GroupBallot,
    GroupDecision,
)
from finance.rules import ZERO, money, yuan_zh

Kind = BudgetLine.Kind
Direction = BudgetLine.Direction

# The direction each kind of line has (FIN-6: revenue and spending on their own lines).
KIND_DIRECTION = {
    Kind.NON_TAX_REVENUE: Direction.REVENUE,
    Kind.TRANSFER: Direction.REVENUE,
    Kind.RESERVE_FUND: Direction.SPENDING,
}


def _amount(value) -> Decimal:
    amount = money(value)
    if amount < 0:
        raise errors.NegativeAmount(params={"amount": yuan_zh(amount)})
    return amount


# -- settings --------------------------------------------------------------------------


@errors.refuses_invalid_input
@transaction.atomic
def settings_update(
    *, actor, township: Township, large_expenditure_threshold, budget_filing_days
) -> FinanceSettings:
    """FIN-5: the township's threshold; FIN-3: its own filing limit (Art 50: promptly)."""
    access.require_actor(actor, township, fin_roles.STAFF)
    found = FinanceSettings.objects.select_for_update().filter(township=township)
    record = found.first() or FinanceSettings(township=township)
    record.large_expenditure_threshold = money(large_expenditure_threshold)
    record.budget_filing_days = budget_filing_days
    return save_with_history(record, actor=actor, reason="finance settings changed")


# -- FIN-1: the finance group ------------------------------------------------------------


@errors.refuses_invalid_input
@transaction.atomic
def group_member_add(
    *,
    actor,
    township: Township,
    person: Person,
    unit: str,
    start: datetime.date,
    is_leader: bool = False,
) -> FinanceGroupMember:
    access.require_actor(actor, township, fin_roles.STAFF)
    if person.township_id != township.pk:
        raise errors.NotAGroupMember(params={"name": person.name, "day": start})
    member = FinanceGroupMember(
        township=township, person=person, unit=unit, start=start, is_leader=is_leader
    )
    return save_with_history(member, actor=actor, reason="FIN-1 group member added")


@errors.refuses_invalid_input
@transaction.atomic
def group_member_end(
    *, actor, member: FinanceGroupMember, end: datetime.date
) -> FinanceGroupMember:
    access.require_actor(actor, member.township_id, fin_roles.STAFF)
    member = FinanceGroupMember.objects.select_for_update().get(pk=member.pk)
    member.end = end
    return save_with_history(member, actor=actor, reason="FIN-1 group member left")


def _group_vote(
    *,
    actor,
    township: Township,
    subject: str,
    decided_on: datetime.date,
    choices: Mapping[int, str],
) -> GroupDecision:
    """FIN-1: record the group's ballots (member id → choice; a member not named is
    absent) and decide by more than half of ALL members (`rules.group_approves`)."""
    members = list(selectors.group_members_on(township, decided_on))
    if not members:
        raise errors.GroupHasNoMembers(params={"day": decided_on})
    by_id = {member.pk: member for member in members}
    for member_id in choices:
        if member_id not in by_id:
            person = (
                FinanceGroupMember.objects.filter(pk=member_id)
                .values_list("person__name", flat=True)
                .first()
            )
            raise errors.NotAGroupMember(
                params={"name": person or member_id, "day": decided_on}
            )
    counted = {choice: 0 for choice in GroupBallot.Choice.values}
    for member in members:
        counted[choices.get(member.pk, GroupBallot.Choice.ABSENT)] += 1
    yes = counted[GroupBallot.Choice.YES]
    decision = save_with_history(
        GroupDecision(
            township=township,
            subject=subject[:200],
            decided_on=decided_on,
            members_count=len(members),
            yes_count=yes,
            no_count=counted[GroupBallot.Choice.NO],
            abstain_count=counted[GroupBallot.Choice.ABSTAIN],
            approved=rules.group_approves(yes, len(members)),
            arithmetic=rules.describe_group_zh(yes, len(members)),
            entered_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="FIN-1 group vote",
    )
    for member in members:
        save_with_history(
            GroupBallot(
                township=township,
                decision=decision,
                member=member,
                choice=choices.get(member.pk, GroupBallot.Choice.ABSENT),
                entered_by=actor_or_none(actor),
            ),
            actor=actor,
            reason="FIN-1 group ballot",
        )
    return decision


@errors.refuses_invalid_input
@transaction.atomic
def group_decision_record(
    *,
    actor,
    township: Township,
    subject: str,
    decided_on: datetime.date,
    choices: Mapping[int, str],
) -> GroupDecision:
    """FIN-1: a vote of the finance group on any subject."""
    access.require_actor(actor, township, fin_roles.GROUP)
    return _group_vote(
        actor=actor,
        township=township,
        subject=subject,
        decided_on=decided_on,
        choices=choices,
    )


# -- FIN-3: drafting -------------------------------------------------------------------


@errors.refuses_invalid_input
@transaction.atomic
def budget_create(
    *, actor, township: Township, year: int, explanation: str = ""
) -> Budget:
    """FIN-3: a draft budget for a year the township has none for."""
    access.require_actor(actor, township, fin_roles.RECORDERS)
    Township.objects.select_for_update().get(pk=township.pk)  # one draft per year
    if Budget.objects.filter(township=township, year=year).exists():
        raise errors.BudgetYearExists(params={"year": year})
    budget = Budget(
        township=township,
        year=year,
        explanation=explanation,
        created_by=actor_or_none(actor),
    )
    return save_with_history(budget, actor=actor, reason="FIN-3 budget drafted")


def _draft(budget: Budget) -> Budget:
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if budget.status != Budget.Status.DRAFT:
        raise errors.BudgetNotDraft(params={"year": budget.year})
    return budget


def _direction(kind: str, direction: str) -> str:
    wanted = KIND_DIRECTION.get(kind)
    if wanted is not None and direction != wanted:
        raise errors.LineKindMismatch(
            params={
                "kind": Kind(kind).label,
                "direction": Direction(wanted).label,
            }
        )
    return direction


def general_spending(budget: Budget, *, without: BudgetLine | None = None) -> Decimal:
    """FIN-3: general-budget spending (the base of the reserve fund, Art 40): the
    general budget's spending lines, the reserve fund itself not included."""
    lines = BudgetLine.objects.filter(
        budget=budget, kind=Kind.GENERAL, direction=Direction.SPENDING
    )
    if without is not None:
        lines = lines.exclude(pk=without.pk)
    return lines.aggregate(total=Sum("approved_amount"))["total"] or ZERO


def _reserve_check(reserve: Decimal, spending: Decimal) -> None:
    if spending <= 0:
        return  # nothing to measure against yet; the report checks it again
    refusal = rules.reserve_fund_refusal(reserve, spending)
    if refusal is not None:
        raise errors.ReserveOutOfBounds(params=_yuan(refusal.figures))


def _yuan(figures) -> dict:
    return {
        key: yuan_zh(value) if isinstance(value, Decimal) else value
        for key, value in figures.items()
    }


@errors.refuses_invalid_input
@transaction.atomic
def budget_line_add(
    *,
    actor,
    budget: Budget,
    kind: str,
    direction: str,
    code: str,
    name: str,
    amount,
    purpose: str = "",
    key_expenditure: bool = False,
    pre_approval: str = "",
) -> BudgetLine:
    """FIN-3: one line of a draft budget; a negative amount, a taken code and a reserve
    fund outside 1–3 % of general spending are refused."""
    access.require_actor(actor, budget.township_id, fin_roles.RECORDERS)
    budget = _draft(budget)
    value = _amount(amount)
    direction = _direction(kind, direction)
    if BudgetLine.objects.filter(budget=budget, code=code).exists():
        raise errors.LineCodeExists(params={"code": code})
    if kind == Kind.RESERVE_FUND:
        _reserve_check(value, general_spending(budget))
    line = BudgetLine(
        township_id=budget.township_id,
        budget=budget,
        kind=kind,
        direction=direction,
        code=code,
        name=name,
        purpose=purpose,
        key_expenditure=key_expenditure,
        pre_approval=pre_approval,
        approved_amount=value,
    )
    return save_with_history(line, actor=actor, reason="FIN-3 budget line drafted")


@errors.refuses_invalid_input
@transaction.atomic
def budget_line_update(*, actor, line: BudgetLine, amount, **values) -> BudgetLine:
    """FIN-3: change a draft line's amount (or name, purpose, key flag, Art 54 kind)."""
    access.require_actor(actor, line.township_id, fin_roles.RECORDERS)
    _draft(line.budget)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    line.approved_amount = _amount(amount)
    for field in ("name", "purpose", "key_expenditure", "pre_approval"):
        if field in values:
            setattr(line, field, values[field])
    if line.kind == Kind.RESERVE_FUND:
        _reserve_check(line.approved_amount, general_spending(line.budget))
    return save_with_history(line, actor=actor, reason="FIN-3 budget line changed")


def reserve_refusal(budget: Budget) -> errors.DomainError | None:
    """FIN-3: the whole budget's reserve fund against its general spending."""
    spending = general_spending(budget)
    if spending <= 0:
        return errors.BudgetEmpty()
    reserve = BudgetLine.objects.filter(
        budget=budget, kind=Kind.RESERVE_FUND
    ).aggregate(total=Sum("approved_amount"))["total"]
    low, high = rules.reserve_bounds(spending)
    if reserve is None:
        return errors.NoReserveFund(
            params=_yuan({"spending": spending, "low": low, "high": high})
        )
    refusal = rules.reserve_fund_refusal(reserve, spending)
    if refusal is not None:
        return errors.ReserveOutOfBounds(params=_yuan(refusal.figures))
    return None


@errors.refuses_invalid_input
@transaction.atomic
def budget_report(*, actor, budget: Budget, meeting) -> Budget:
    """FIN-3: the secretary reports the draft budget to the committee as an agenda item
    (through the meetings services, DEC-2: the secretary proposes items)."""
    from meetings import services as meetings_services
    from meetings.models import AgendaItem

    access.require_actor(actor, budget.township_id, fin_roles.SECRETARY)
    budget = _draft(budget)
    refused = reserve_refusal(budget)
    if refused is not None:
        raise refused
    if meeting.township_id != budget.township_id or meeting.body.kind not in (
        Body.Kind.COMMITTEE,
        Body.Kind.ENLARGED,
    ):
        raise errors.NotACommitteeMeeting()
    item = meetings_services.agenda_item_propose(
        actor=actor,
        meeting=meeting,
        title=f"{budget.year}年度预算草案",
        kind=AgendaItem.Kind.MAJOR,
        description=budget.explanation,
    )
    budget.agenda_item = item
    budget.status = Budget.Status.REPORTED
    return save_with_history(
        budget, actor=actor, reason="FIN-3 reported to the committee"
    )


@errors.refuses_invalid_input
@transaction.atomic
def budget_opinions_record(
    *, actor, budget: Budget, text: str, heard_on: datetime.date
) -> Budget:
    """FIN-3: the voters' opinions deputies heard before the congress (预算法 Art 45)."""
    access.require_actor(actor, budget.township_id, fin_roles.RECORDERS)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if budget.status == Budget.Status.APPROVED:
        raise errors.BudgetNotDraft(params={"year": budget.year})
    budget.voters_opinions = text.strip()
    budget.opinions_heard_on = heard_on
    return save_with_history(budget, actor=actor, reason="FIN-3 voters' opinions")


@errors.refuses_invalid_input
@transaction.atomic
def budget_approve(
    *,
    actor,
    budget: Budget,
    approved_on: datetime.date,
    session: str,
    resolution: str,
    approved_file=None,
) -> Budget:
    """FIN-3: the township people's congress approved the budget (Art 21): only after the
    committee passed its item and the voters' opinions were heard (Art 45). The budget
    is then in force, and each line's first approved version is kept (FIN-4)."""
    access.require_actor(actor, budget.township_id, fin_roles.RECORDERS)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if budget.status != Budget.Status.REPORTED or budget.agenda_item_id is None:
        raise errors.NotReported()
    decision = selectors.item_decision(budget.agenda_item)
    if not selectors.decision_passed(decision):
        raise errors.CommitteeNotDecided(
            params={"state": selectors.item_state(decision)}
        )
    if not (approved_on and session.strip() and resolution.strip()):
        raise errors.ApprovalIncomplete()
    if (
        not budget.voters_opinions
        or budget.opinions_heard_on is None
        or budget.opinions_heard_on > approved_on
    ):
        raise errors.OpinionsNotHeard()
    decided = timezone.localtime(decision.decided_at).date()
    if approved_on < decided:
        raise errors.ApprovalBeforeCommittee(
            params={"approved": approved_on, "decided": decided}
        )
    refused = reserve_refusal(budget)
    if refused is not None:
        raise refused
    budget.status = Budget.Status.APPROVED
    budget.congress_approved_on = approved_on
    budget.congress_session = session.strip()
    budget.congress_resolution = resolution.strip()
    if approved_file is not None:
        budget.approved_file = approved_file
    save_with_history(budget, actor=actor, reason="FIN-3 approved by the congress")
    for line in BudgetLine.objects.filter(budget=budget).order_by("pk"):
        save_with_history(
            BudgetLineVersion(
                township_id=budget.township_id,
                line=line,
                number=1,
                stage=BudgetLineVersion.Stage.APPROVED,
                amount=line.approved_amount,
                effective_on=approved_on,
            ),
            actor=actor,
            reason="FIN-4 approved version",
        )
    return budget


def _approved(budget: Budget, what: str) -> Budget:
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if budget.status != Budget.Status.APPROVED:
        raise errors.NotApprovedYet(params={"year": budget.year, "what": what})
    return budget


def _not_before_approval(budget: Budget, day: datetime.date) -> None:
    if day < budget.congress_approved_on:
        raise errors.DateBeforeApproval(
            params={"day": day, "approved": budget.congress_approved_on}
        )


@errors.refuses_invalid_input
@transaction.atomic
def budget_file(*, actor, budget: Budget, filed_on: datetime.date) -> Budget:
    """FIN-3: the approved budget filed with the county government (Art 50)."""
    access.require_actor(actor, budget.township_id, fin_roles.RECORDERS)
    budget = _approved(budget, "filed")
    _not_before_approval(budget, filed_on)
    budget.filed_on = filed_on
    return save_with_history(budget, actor=actor, reason="FIN-3 filed with the county")


BUDGET_OWNER = "finance.budget"
BUDGET_SOURCE = "乡镇预算"  # what the column shows as the item's source (and its key with source_ref)


def budget_summary_zh(budget: Budget) -> str:
    """FIN-3 (Art 14): the approved budget and its explanation, as the column prints it."""
    lines = BudgetLine.objects.filter(budget=budget).order_by("direction", "code")
    revenue = [line for line in lines if line.direction == Direction.REVENUE]
    spending = [line for line in lines if line.direction == Direction.SPENDING]

    def table(rows) -> str:
        return "\n".join(
            f"- {line.code} {line.name}：{yuan_zh(line.approved_amount)}"
            + ("（重点支出）" if line.key_expenditure else "")
            for line in rows
        )

    total_in = sum((line.approved_amount for line in revenue), ZERO)
    total_out = sum((line.approved_amount for line in spending), ZERO)
    return (
        f"{budget.township.name}{budget.year}年度预算经{budget.congress_session}批准"
        f"（{budget.congress_resolution}，{budget.congress_approved_on:%Y年%m月%d日}）。\n\n"
        f"{budget.explanation}\n\n"
        f"收入合计{yuan_zh(total_in)}：\n{table(revenue)}\n\n"
        f"支出合计{yuan_zh(total_out)}：\n{table(spending)}"
    )


@errors.refuses_invalid_input
@transaction.atomic
def budget_publish(
    *, actor, budget: Budget, published_on: datetime.date | None = None
) -> Budget:
    """FIN-3: the approved budget and its explanation published in the column (project
    funds) within 20 days of approval (Art 14); the column item is owned by the budget
    (the column's own screens do not edit or withdraw it). `published_on` records the
    day it was made public (today by default)."""
    from disclosure import services as column_services
    from disclosure.models import Category

    access.require_actor(actor, budget.township_id, fin_roles.RECORDERS)
    budget = _approved(budget, "published")
    on = published_on or timezone.localdate()
    _not_before_approval(budget, on)
    if budget.column_item_id is None:
        budget.column_item = column_services.item_publish(
            actor=actor,
            township=budget.township,
            category=Category.PROJECT_FUNDS,
            title=f"{budget.township.name}{budget.year}年度预算",
            body=budget_summary_zh(budget),
            source_label=BUDGET_SOURCE,
            source_ref=f"budget-{budget.pk}",
            owner=BUDGET_OWNER,
        )
    budget.published_on = on
    return save_with_history(budget, actor=actor, reason="FIN-3 published")


# -- FIN-4: changes ----------------------------------------------------------------------


def classify(
    deltas: Iterable[tuple[BudgetLine, Decimal]],
    *,
    stabilization_fund_draw=ZERO,
    borrowing_delta=ZERO,
) -> rules.Classification:
    """FIN-4: a change's lines through Art 67's four tests (`rules.classify_change`)."""
    deltas = list(deltas)
    total = sum((delta for _line, delta in deltas), ZERO)
    key_cut = sum(
        (-delta for line, delta in deltas if line.key_expenditure and delta < 0), ZERO
    )
    uses_reserve = any(
        line.kind == Kind.RESERVE_FUND and delta < 0 for line, delta in deltas
    )
    return rules.classify_change(
        total_spending_delta=total,
        stabilization_fund_draw=stabilization_fund_draw,
        key_expenditure_cut=key_cut,
        borrowing_delta=borrowing_delta,
        moves_between_lines=len(deltas) > 1,
        uses_reserve_fund=uses_reserve,
    )


@errors.refuses_invalid_input
@transaction.atomic
def change_propose(
    *,
    actor,
    budget: Budget,
    title: str,
    deltas: Iterable[tuple[BudgetLine, object]],
    plan: str = "",
    stabilization_fund_draw=ZERO,
    borrowing_delta=ZERO,
) -> BudgetChange:
    """FIN-4: a proposed change to a budget in force, classified and routed: an
    adjustment (any of Art 67's tests) needs a plan, the group and then the congress; a
    reallocation (Art 72) or a use of the reserve fund (Art 64) the group only."""
    access.require_actor(actor, budget.township_id, fin_roles.RECORDERS)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if budget.status != Budget.Status.APPROVED:
        raise errors.ChangeNeedsBudgetInForce(params={"year": budget.year})
    rows = [(line, money(delta)) for line, delta in deltas]
    rows = [(line, delta) for line, delta in rows if delta != 0]
    if not rows:
        raise errors.ChangeChangesNothing()
    for line, _delta in rows:
        if line.budget_id != budget.pk:
            raise errors.ChangeChangesNothing()
        if line.direction != Direction.SPENDING:
            raise errors.ChangeOnRevenueLine(params={"line": str(line)})
    draw = _amount(stabilization_fund_draw)
    borrowing = money(borrowing_delta)
    classification = classify(
        rows, stabilization_fund_draw=draw, borrowing_delta=borrowing
    )
    if classification.needs_plan and not plan.strip():
        raise errors.ChangeNeedsPlan(
            params={"tests": "、".join(rules.ART67_ZH[t] for t in classification.tests)}
        )
    _check_not_below_spent(rows)
    change = save_with_history(
        BudgetChange(
            township_id=budget.township_id,
            budget=budget,
            title=title,
            plan=plan.strip(),
            stabilization_fund_draw=draw,
            borrowing_delta=borrowing,
            kind=classification.kind.value,
            art67_tests=[test.value for test in classification.tests],
            explanation=classification.describe_zh(),
            proposed_by=actor_or_none(actor),
        ),
        actor=actor,
        reason=f"FIN-4 change proposed ({classification.kind})",
    )
    for line, delta in rows:
        save_with_history(
            BudgetChangeLine(
                township_id=budget.township_id, change=change, line=line, delta=delta
            ),
            actor=actor,
            reason="FIN-4 change line",
        )
    return change


def _check_not_below_spent(rows) -> None:
    for line, delta in rows:
        if delta >= 0:
            continue
        figures = selectors.line_balance(line)
        if figures.adjusted + delta < figures.actual_ytd:
            raise errors.ChangeBelowSpent(
                params={
                    "line": str(line),
                    "after": yuan_zh(figures.adjusted + delta),
                    "spent": yuan_zh(figures.actual_ytd),
                }
            )


def _apply(change: BudgetChange, *, actor, on: datetime.date) -> BudgetChange:
    """An approved change comes into force: each line gets its next approved version."""
    rows = list(
        BudgetChangeLine.objects.filter(change=change).select_related("line__budget")
    )
    # Lock the lines (the ledger locks them too), then check nothing was overspent.
    locked = {
        line.pk: line
        for line in BudgetLine.objects.select_for_update()
        .filter(pk__in=[row.line_id for row in rows])
        .select_related("budget")
    }
    _check_not_below_spent([(locked[row.line_id], row.delta) for row in rows])
    change.status = BudgetChange.Status.APPROVED
    change.approved_on = on
    save_with_history(change, actor=actor, reason="FIN-4 change in force")
    for row in rows:
        figures = selectors.line_balance(locked[row.line_id])
        number = BudgetLineVersion.objects.filter(line_id=row.line_id).count() + 1
        save_with_history(
            BudgetLineVersion(
                township_id=change.township_id,
                line_id=row.line_id,
                number=number,
                stage=BudgetLineVersion.Stage.ADJUSTED,
                amount=figures.adjusted,
                effective_on=on,
                change=change,
            ),
            actor=actor,
            reason="FIN-4 approved version",
        )
    return change


@errors.refuses_invalid_input
@transaction.atomic
def change_group_decide(
    *,
    actor,
    change: BudgetChange,
    decided_on: datetime.date,
    choices: Mapping[int, str],
) -> BudgetChange:
    """FIN-4 / FIN-1: the finance group votes on a change. A reallocation or a use of
    the reserve fund approved by the group is in force; an adjustment goes on to the
    congress; a change the group does not approve is rejected."""
    access.require_actor(actor, change.township_id, fin_roles.GROUP)
    change = BudgetChange.objects.select_for_update().get(pk=change.pk)
    if change.status != BudgetChange.Status.PROPOSED:
        raise errors.ChangeNotOpen(params={"state": change.get_status_display()})
    decision = _group_vote(
        actor=actor,
        township=change.township,
        subject=change.title,
        decided_on=decided_on,
        choices=choices,
    )
    change.group_decision = decision
    if not decision.approved:
        change.status = BudgetChange.Status.REJECTED
        return save_with_history(change, actor=actor, reason="FIN-4 group refused")
    if change.kind == BudgetChange.Kind.ADJUSTMENT:
        change.status = BudgetChange.Status.GROUP_APPROVED
        return save_with_history(change, actor=actor, reason="FIN-4 group approved")
    save_with_history(change, actor=actor, reason="FIN-4 group approved")
    return _apply(change, actor=actor, on=decided_on)


@errors.refuses_invalid_input
@transaction.atomic
def change_congress_approve(
    *,
    actor,
    change: BudgetChange,
    approved_on: datetime.date,
    session: str,
    resolution: str,
) -> BudgetChange:
    """FIN-4: the congress approves an adjustment the group approved (Art 69)."""
    access.require_actor(actor, change.township_id, fin_roles.RECORDERS)
    change = BudgetChange.objects.select_for_update().get(pk=change.pk)
    if change.kind != BudgetChange.Kind.ADJUSTMENT:
        raise errors.ChangeNeedsNoCongress(params={"kind": change.get_kind_display()})
    if change.status != BudgetChange.Status.GROUP_APPROVED:
        raise errors.ChangeNeedsGroup()
    if not (approved_on and session.strip() and resolution.strip()):
        raise errors.ApprovalIncomplete()
    change.congress_approved_on = approved_on
    change.congress_session = session.strip()
    change.congress_resolution = resolution.strip()
    return _apply(change, actor=actor, on=approved_on)
