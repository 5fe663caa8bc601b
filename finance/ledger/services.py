"""Services of the ledger (FIN-3 Art 54, FIN-5, FIN-6, FIN-10): revenue paid in and
expenditures against budget lines, the large expenditures held for the enlarged committee
meeting, their contract, delivery and payment.

A payment locks its line (`select_for_update`) before it reads the balance, so two clerks
spending the last yuan of a line at once are served one after the other: one succeeds,
the other is refused with the balance that is left."""

from __future__ import annotations

import datetime
import re

from django.db import transaction

from committees import access
from committees.models import Body
from core.history import actor_or_none, save_with_history
from finance import errors, rules, selectors
from finance import roles as fin_roles
from finance.budget.models import Budget, BudgetLine
from finance.ledger.models import LargeExpenditure, LedgerEntry, SplitAttempt, Supplier
from finance.rules import ZERO, money, yuan_zh

Direction = BudgetLine.Direction


def purpose_key(purpose: str) -> str:
    """FIN-5 / PRJ-4: one purpose however it is typed (spaces and case do not make two)."""
    return re.sub(r"\s+", "", purpose).casefold()[:200]


def _locked_line(line: BudgetLine) -> BudgetLine:
    return (
        BudgetLine.objects.select_for_update()
        .select_related("budget", "township")
        .get(pk=line.pk)
    )


def _paid_so_far(expenditure: LargeExpenditure):
    return sum(
        LedgerEntry.objects.filter(large_expenditure=expenditure).values_list(
            "amount", flat=True
        ),
        ZERO,
    )


def _check_spending(
    *, line: BudgetLine, amount, on: datetime.date, large_expenditure, key: str
) -> None:
    budget = line.budget
    before_approval = budget.status != Budget.Status.APPROVED or (
        on < budget.congress_approved_on
    )
    if before_approval and not line.pre_approval:
        raise errors.PaymentBeforeApproval(
            params={"year": budget.year, "line": str(line)}
        )
    threshold = selectors.settings_of(line.township).large_expenditure_threshold
    if large_expenditure is not None:
        expenditure = LargeExpenditure.objects.select_for_update().get(
            pk=large_expenditure.pk
        )
        if expenditure.line_id != line.pk:
            raise errors.WrongLine(params={"line": str(expenditure.line)})
        decision = selectors.item_decision(expenditure.agenda_item)
        if not selectors.decision_passed(decision):
            raise errors.NotDecided(params={"state": selectors.item_state(decision)})
        if expenditure.contract_signed_on is None:
            raise errors.NoContractYet()
        if on < expenditure.contract_signed_on:
            raise errors.PaidBeforeContract(
                params={"day": on, "signed": expenditure.contract_signed_on}
            )
        left = expenditure.amount - _paid_so_far(expenditure)
        if amount > left:
            raise errors.PaymentBeyondDecision(
                params={
                    "amount": yuan_zh(amount),
                    "left": yuan_zh(left),
                    "decided": yuan_zh(expenditure.amount),
                }
            )
    elif rules.needs_collective_decision(amount, threshold):
        raise errors.LargeExpenditureUndecided(
            params={"amount": yuan_zh(amount), "threshold": yuan_zh(threshold)}
        )
    else:
        parts = selectors.purpose_parts(line.township, budget.year, key)
        refusal = rules.split_refusal(parts, amount, threshold)
        if refusal is not None:
            raise errors.SplitRefused(
                params={name: yuan_zh(value) for name, value in refusal.figures.items()}
            )
    figures = selectors.line_balance(line)
    if amount > figures.balance:
        raise errors.OverSpending(
            params={
                "amount": yuan_zh(amount),
                "line": str(line),
                "balance": yuan_zh(figures.balance),
                "adjusted": yuan_zh(figures.adjusted),
                "spent": yuan_zh(figures.actual_ytd),
            }
        )


@transaction.atomic
def _entry_record(
    *,
    actor,
    line,
    kind,
    amount,
    date,
    counterparty,
    purpose,
    voucher,
    large_expenditure,
) -> LedgerEntry:
    access.require_actor(actor, line.township_id, fin_roles.RECORDERS)
    line = _locked_line(line)
    value = money(amount)
    if value <= 0:
        raise errors.EntryNotPositive(params={"amount": yuan_zh(value)})
    if date.year != line.budget.year:
        raise errors.EntryOutsideYear(params={"day": date, "year": line.budget.year})
    refusal = rules.collected_spending_refusal(line.direction, kind)
    if refusal is not None:
        error = (
            errors.CollectedSpending
            if kind == LedgerEntry.Kind.SPENT
            else errors.RevenueOnSpendingLine
        )
        raise error(params={"line": str(line)})
    key = purpose_key(purpose)
    if kind == LedgerEntry.Kind.SPENT:
        _check_spending(
            line=line,
            amount=value,
            on=date,
            large_expenditure=large_expenditure,
            key=key,
        )
    entry = save_with_history(
        LedgerEntry(
            township_id=line.township_id,
            budget_id=line.budget_id,
            line=line,
            kind=kind,
            amount=value,
            date=date,
            counterparty=counterparty,
            purpose=purpose,
            purpose_key=key,
            voucher=voucher,
            large_expenditure=large_expenditure,
            entered_by=actor_or_none(actor),
        ),
        actor=actor,
        reason=f"ledger: {kind}",
    )
    if large_expenditure is not None:
        _mark_paid(large_expenditure, on=date, actor=actor)
    return entry


def _mark_paid(expenditure: LargeExpenditure, *, on: datetime.date, actor) -> None:
    """FIN-5: paid once the decided amount is paid; a small or medium supplier paid
    after 30 days of delivery (or the contract's term, at most 60) is flagged."""
    expenditure = LargeExpenditure.objects.select_related("supplier", "township").get(
        pk=expenditure.pk
    )
    if _paid_so_far(expenditure) < expenditure.amount:
        return
    expenditure.status = LargeExpenditure.Status.PAID
    expenditure.paid_on = on
    expenditure.paid_late = payment_late(expenditure, on)
    save_with_history(expenditure, actor=actor, reason="FIN-5 paid")


def payment_late(expenditure: LargeExpenditure, on: datetime.date) -> bool:
    """FIN-5: 保障中小企业款项支付条例 Art 9, for an SME supplier with a delivery date."""
    due = selectors.payment_period(expenditure)
    return due is not None and on > due.last_day


@errors.refuses_invalid_input
def entry_record(
    *,
    actor,
    line: BudgetLine,
    kind: str,
    amount,
    date: datetime.date,
    counterparty: str,
    purpose: str,
    voucher: str = "",
    large_expenditure: LargeExpenditure | None = None,
) -> LedgerEntry:
    """FIN-6: revenue paid in on a revenue line, spending from a spending line; FIN-3
    (Art 54) before approval; FIN-5 above the threshold only with the enlarged meeting's
    decision, and a split into parts refused (the attempt is kept for the county); never
    more than the line's balance."""
    try:
        return _entry_record(
            actor=actor,
            line=line,
            kind=kind,
            amount=amount,
            date=date,
            counterparty=counterparty,
            purpose=purpose,
            voucher=voucher,
            large_expenditure=large_expenditure,
        )
    except errors.SplitRefused:
        _split_attempt(actor=actor, line=line, amount=amount, purpose=purpose)
        raise


@transaction.atomic
def _split_attempt(*, actor, line: BudgetLine, amount, purpose: str) -> None:
    line = BudgetLine.objects.select_related("budget", "township").get(pk=line.pk)
    value = money(amount)
    parts = selectors.purpose_parts(
        line.township, line.budget.year, purpose_key(purpose)
    )
    save_with_history(
        SplitAttempt(
            township_id=line.township_id,
            year=line.budget.year,
            purpose=purpose[:200],
            amount=value,
            before=rules.purpose_total(parts),
            threshold=selectors.settings_of(line.township).large_expenditure_threshold,
            attempted_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="FIN-5 split refused",
    )


# -- FIN-5 / FIN-10: large expenditures ------------------------------------------------


@errors.refuses_invalid_input
@transaction.atomic
def large_expenditure_propose(
    *,
    actor,
    line: BudgetLine,
    purpose: str,
    amount,
    supplier_name: str = "",
    supplier_is_sme: bool = True,
) -> LargeExpenditure:
    """FIN-5: a large expenditure, held until the enlarged meeting decides it."""
    access.require_actor(actor, line.township_id, fin_roles.RECORDERS)
    line = _locked_line(line)
    value = money(amount)
    if value <= 0:
        raise errors.EntryNotPositive(params={"amount": yuan_zh(value)})
    if line.direction != Direction.SPENDING:
        raise errors.CollectedSpending(params={"line": str(line)})
    figures = selectors.line_balance(line)
    if value > figures.balance:
        raise errors.OverSpending(
            params={
                "amount": yuan_zh(value),
                "line": str(line),
                "balance": yuan_zh(figures.balance),
                "adjusted": yuan_zh(figures.adjusted),
                "spent": yuan_zh(figures.actual_ytd),
            }
        )
    supplier = None
    if supplier_name.strip():
        supplier = Supplier.objects.filter(
            township_id=line.township_id, name=supplier_name.strip()
        ).first() or save_with_history(
            Supplier(
                township_id=line.township_id,
                name=supplier_name.strip(),
                is_sme=supplier_is_sme,
            ),
            actor=actor,
            reason="FIN-5 supplier",
        )
    return save_with_history(
        LargeExpenditure(
            township_id=line.township_id,
            budget_id=line.budget_id,
            line=line,
            purpose=purpose,
            purpose_key=purpose_key(purpose),
            amount=value,
            supplier=supplier,
            proposed_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="FIN-5 large expenditure proposed",
    )


def _locked(expenditure: LargeExpenditure) -> LargeExpenditure:
    return (
        LargeExpenditure.objects.select_for_update()
        .select_related("township")
        .get(pk=expenditure.pk)
    )


@errors.refuses_invalid_input
@transaction.atomic
def large_expenditure_communicate(
    *,
    actor,
    expenditure: LargeExpenditure,
    communicated_on: datetime.date,
    communication: str,
    secretary_view: str,
) -> LargeExpenditure:
    """FIN-10: communicated to the secretary first (when, what, the secretary's view)."""
    access.require_actor(actor, expenditure.township_id, fin_roles.STAFF)
    expenditure = _locked(expenditure)
    if expenditure.agenda_item_id is not None:
        raise errors.AlreadyOnAgenda()
    if not (communication.strip() and secretary_view.strip()):
        raise errors.NotCommunicated()
    expenditure.communicated_on = communicated_on
    expenditure.communication = communication.strip()
    expenditure.secretary_view = secretary_view.strip()
    expenditure.status = LargeExpenditure.Status.COMMUNICATED
    return save_with_history(
        expenditure, actor=actor, reason="FIN-10 communicated to the secretary"
    )


@errors.refuses_invalid_input
@transaction.atomic
def large_expenditure_to_agenda(
    *, actor, expenditure: LargeExpenditure, meeting
) -> LargeExpenditure:
    """FIN-5: the secretary puts it on an enlarged committee meeting's agenda (after
    FIN-10's communication), through the meetings services."""
    from meetings import services as meetings_services
    from meetings.models import AgendaItem

    access.require_actor(actor, expenditure.township_id, fin_roles.SECRETARY)
    expenditure = _locked(expenditure)
    if expenditure.agenda_item_id is not None:
        raise errors.AlreadyOnAgenda()
    if expenditure.communicated_on is None:
        raise errors.NotCommunicated()
    if (
        meeting.township_id != expenditure.township_id
        or meeting.body.kind != Body.Kind.ENLARGED
    ):
        raise errors.NotEnlargedMeeting()
    item = meetings_services.agenda_item_propose(
        actor=actor,
        meeting=meeting,
        title=f"大额支出：{expenditure.purpose}（{yuan_zh(expenditure.amount)}）",
        kind=AgendaItem.Kind.MAJOR,
        description=expenditure.communication,
    )
    expenditure.agenda_item = item
    expenditure.status = LargeExpenditure.Status.ON_AGENDA
    return save_with_history(expenditure, actor=actor, reason="FIN-5 on the agenda")


@errors.refuses_invalid_input
@transaction.atomic
def large_expenditure_contract(
    *,
    actor,
    expenditure: LargeExpenditure,
    signed_on: datetime.date,
    contract_payment_days: int | None = None,
) -> LargeExpenditure:
    """FIN-5: the contract is signed only after the enlarged meeting passed it."""
    from django.utils import timezone

    access.require_actor(actor, expenditure.township_id, fin_roles.RECORDERS)
    expenditure = _locked(expenditure)
    decision = selectors.item_decision(expenditure.agenda_item)
    if not selectors.decision_passed(decision):
        raise errors.NotDecided(params={"state": selectors.item_state(decision)})
    decided = timezone.localtime(decision.decided_at).date()
    if signed_on < decided:
        raise errors.ContractBeforeDecision(
            params={"signed": signed_on, "decided": decided}
        )
    if contract_payment_days is not None:
        try:
            rules.supplier_payment_rule(contract_payment_days)
        except rules.RuleRefused:
            raise errors.PaymentTermTooLong(
                params={"days": contract_payment_days}
            ) from None
    expenditure.contract_signed_on = signed_on
    expenditure.contract_payment_days = contract_payment_days
    expenditure.status = LargeExpenditure.Status.CONTRACTED
    return save_with_history(expenditure, actor=actor, reason="FIN-5 contract signed")


@errors.refuses_invalid_input
@transaction.atomic
def large_expenditure_deliver(
    *, actor, expenditure: LargeExpenditure, delivered_on: datetime.date
) -> LargeExpenditure:
    """FIN-5: delivery starts the SME payment period (Art 9)."""
    access.require_actor(actor, expenditure.township_id, fin_roles.RECORDERS)
    expenditure = _locked(expenditure)
    if expenditure.contract_signed_on is None:
        raise errors.NoContractYet()
    expenditure.delivered_on = delivered_on
    return save_with_history(expenditure, actor=actor, reason="FIN-5 delivered")
