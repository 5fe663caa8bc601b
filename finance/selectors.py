"""Reads of the township's money, narrowed to what the reader may see.

`line_figures` is the one place that adds up a budget line (approved, adjusted, actual,
balance); the ledger screens, the services' balance checks and the quarterly report
(FIN-2) all read it, so they never disagree. Totals are computed in the database, in
Decimal, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from committees import access
from committees.models import Township
from finance.budget.models import (
    Budget,
    BudgetChange,
    BudgetChangeLine,
    BudgetLine,
    BudgetLineVersion,
    FinanceGroupMember,
    FinanceSettings,
    GroupDecision,
)
from finance.ledger.models import LargeExpenditure, LedgerEntry, SplitAttempt
from finance.rules import ZERO

MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(queryset: QuerySet, field: str):
    """A correlated SUM as a subquery, 0.00 when there is nothing to add."""
    total = (
        queryset.order_by()
        .values("line")
        .annotate(total=Sum(field, output_field=MONEY))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY
    )


@dataclass(frozen=True)
class LineFigures:
    """One line's figures for a period (FIN-2, FIN-4, the ledger).

    `approved`: the congress's amount; `adjusted`: approved + every change approved up
    to the period's end; `actual_period` / `actual_ytd`: money paid in (a revenue line)
    or spent (a spending line) in the period and from 1 January to the period's end;
    `balance` = adjusted − actual_ytd (for a spending line what may still be spent, for
    a revenue line what is still to be paid in)."""

    line: BudgetLine
    approved: Decimal
    adjusted: Decimal
    actual_period: Decimal
    actual_ytd: Decimal

    @property
    def balance(self) -> Decimal:
        return self.adjusted - self.actual_ytd

    @property
    def changes(self) -> Decimal:
        return self.adjusted - self.approved


def _entry_kind():
    """The entries that count as a line's actual: paid in on a revenue line, spent on a
    spending line (FIN-6 refuses the other two, so this is a guard, not a filter)."""
    return Q(
        kind=LedgerEntry.Kind.PAID_IN,
        line__direction=BudgetLine.Direction.REVENUE,
    ) | Q(kind=LedgerEntry.Kind.SPENT, line__direction=BudgetLine.Direction.SPENDING)


def annotated_lines(
    lines: QuerySet[BudgetLine], year: int, start: datetime.date, end: datetime.date
) -> QuerySet[BudgetLine]:
    """Lines with `adjusted_total`, `actual_period`, `actual_ytd` computed in SQL."""
    year_start = datetime.date(year, 1, 1)
    changes = BudgetChangeLine.objects.filter(
        line=OuterRef("pk"),
        change__status=BudgetChange.Status.APPROVED,
        change__approved_on__lte=end,
    )
    entries = LedgerEntry.objects.filter(_entry_kind(), line=OuterRef("pk"))
    return lines.annotate(
        change_total=_sum(changes, "delta"),
        actual_period=_sum(entries.filter(date__gte=start, date__lte=end), "amount"),
        actual_ytd=_sum(entries.filter(date__gte=year_start, date__lte=end), "amount"),
    )


def line_figures(
    budget: Budget, start: datetime.date, end: datetime.date
) -> list[LineFigures]:
    """Per line of `budget`: approved, adjusted (approved + changes approved up to
    `end`), actual in [start, end] and from 1 January to `end`, balance. One query."""
    lines = annotated_lines(
        BudgetLine.objects.filter(budget=budget), budget.year, start, end
    ).order_by("direction", "code", "id")
    return [_figures(line) for line in lines]


def _figures(line: BudgetLine) -> LineFigures:
    return LineFigures(
        line=line,
        approved=line.approved_amount,
        adjusted=line.approved_amount + line.change_total,
        actual_period=line.actual_period,
        actual_ytd=line.actual_ytd,
    )


def year_end(budget: Budget) -> datetime.date:
    return datetime.date(budget.year, 12, 31)


def line_balance(line: BudgetLine) -> LineFigures:
    """One line's figures for its whole year (every approved change, every entry)."""
    year = line.budget.year
    return _figures(
        annotated_lines(
            BudgetLine.objects.filter(pk=line.pk),
            year,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
        ).get()
    )


def totals(figures: list[LineFigures], direction: str) -> dict[str, Decimal]:
    rows = [f for f in figures if f.line.direction == direction]
    return {
        "approved": sum((f.approved for f in rows), ZERO),
        "adjusted": sum((f.adjusted for f in rows), ZERO),
        "actual_period": sum((f.actual_period for f in rows), ZERO),
        "actual_ytd": sum((f.actual_ytd for f in rows), ZERO),
        "balance": sum((f.balance for f in rows), ZERO),
    }


# -- settings, group -------------------------------------------------------------------


def settings_of(township: Township) -> FinanceSettings:
    """The township's finance settings (the defaults when none were saved)."""
    found = FinanceSettings.objects.filter(township=township).first()
    return found or FinanceSettings(township=township)


def group_members_on(township: Township, on: datetime.date) -> QuerySet:
    """FIN-1: the finance group's members on a day."""
    return (
        FinanceGroupMember.objects.filter(township=township, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person")
    )


def group_members(township: Township) -> QuerySet:
    return FinanceGroupMember.objects.filter(township=township).select_related("person")


def group_decisions(township: Township) -> QuerySet:
    return GroupDecision.objects.filter(township=township).prefetch_related(
        "ballots__member__person"
    )


# -- budgets ---------------------------------------------------------------------------


def budgets(township: Township) -> QuerySet[Budget]:
    return Budget.objects.filter(township=township).order_by("-year")


def budget_for_user(user, pk: int) -> Budget:
    return access.governed_or_404(
        Budget.objects.select_related("township", "agenda_item"), user, pk
    )


def budget_in_force(township: Township, year: int) -> Budget | None:
    return Budget.objects.filter(
        township=township, year=year, status=Budget.Status.APPROVED
    ).first()


def budget_periods(budget: Budget) -> dict:
    """FIN-3: the approved budget's publication (Art 14, 20 days) and filing (Art 50,
    the township's own limit) periods, each with its basis; {} before approval."""
    from committees.selectors import work_calendar
    from finance import rules

    if budget.congress_approved_on is None:
        return {}
    calendar = work_calendar(budget.township.county_id)
    out = {
        "publication": rules.budget_publication_period(
            budget.congress_approved_on, calendar
        )
    }
    days = settings_of(budget.township).budget_filing_days
    if days:
        out["filing"] = rules.period(
            rules.budget_filing_rule(days), budget.congress_approved_on, calendar
        )
    return out


def line_versions(budget: Budget) -> dict[int, list[BudgetLineVersion]]:
    """FIN-4: every approved version of every line, by line id."""
    out: dict[int, list[BudgetLineVersion]] = {}
    for version in BudgetLineVersion.objects.filter(line__budget=budget).order_by(
        "line", "number"
    ):
        out.setdefault(version.line_id, []).append(version)
    return out


def changes_of(budget: Budget) -> QuerySet[BudgetChange]:
    return (
        BudgetChange.objects.filter(budget=budget)
        .select_related("group_decision")
        .prefetch_related("lines__line")
    )


def change_for_user(user, pk: int) -> BudgetChange:
    return access.governed_or_404(
        BudgetChange.objects.select_related("budget", "group_decision"), user, pk
    )


# -- ledger ----------------------------------------------------------------------------


def entries_of(budget: Budget) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(budget=budget)
        .select_related("line", "large_expenditure", "entered_by")
        .order_by("-date", "-id")
    )


def large_expenditures(township: Township) -> QuerySet[LargeExpenditure]:
    return LargeExpenditure.objects.filter(township=township).select_related(
        "budget", "line", "supplier", "agenda_item"
    )


def large_expenditure_for_user(user, pk: int) -> LargeExpenditure:
    return access.governed_or_404(
        LargeExpenditure.objects.select_related(
            "budget", "line", "supplier", "agenda_item"
        ),
        user,
        pk,
    )


def payment_period(expenditure: LargeExpenditure):
    """FIN-5: the period within which an SME supplier is paid after delivery (Art 9), or
    None (not an SME, or not delivered yet)."""
    from committees.selectors import work_calendar
    from finance import rules

    supplier = expenditure.supplier
    if supplier is None or not supplier.is_sme or expenditure.delivered_on is None:
        return None
    return rules.supplier_payment_due(
        expenditure.delivered_on,
        expenditure.contract_payment_days,
        work_calendar(expenditure.township.county_id),
    )


def purpose_parts(township: Township, year: int, purpose_key: str) -> list[Decimal]:
    """FIN-5 / PRJ-4: the spending of one purpose in one year not covered by an
    enlarged meeting's decision (the parts that add up)."""
    return list(
        LedgerEntry.objects.filter(
            township=township,
            budget__year=year,
            kind=LedgerEntry.Kind.SPENT,
            purpose_key=purpose_key,
            large_expenditure__isnull=True,
        ).values_list("amount", flat=True)
    )


def split_attempts(township: Township, start=None, end=None) -> QuerySet:
    found = SplitAttempt.objects.filter(township=township)
    if start:
        found = found.filter(attempted_at__date__gte=start)
    if end:
        found = found.filter(attempted_at__date__lte=end)
    return found


# -- the committee's decisions on finance items (meetings' records, read only) ----------


def item_decision(item):
    """The decision on a meetings agenda item, or None while it is undecided."""
    from meetings.models import Decision

    if item is None:
        return None
    return Decision.objects.filter(item=item).first()


def decision_passed(decision) -> bool:
    from meetings.models import Decision

    return decision is not None and decision.outcome == Decision.Outcome.PASSED


def item_state(decision) -> str:
    """How the item stands, for a refusal: undecided, or its outcome."""
    from django.utils.translation import gettext

    if decision is None:
        return gettext("not decided yet")
    return str(decision.get_outcome_display())


# -- FIN-7: what the cadres' screens read (the dossier, the roster, appointment cases) --

from finance.audits.selectors import (  # noqa: E402, F401  (re-exported for cadres)
    audit_findings_of,
    open_findings_by_person,
)
