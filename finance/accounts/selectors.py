"""Reads of the final accounts (FIN-8): the year's 决算 per line drawn from the ledger
(`finance.selectors.line_figures` over the whole year), and the filing (30 days) and
publication (20 days) periods from the congress's approval through `core.periods`, each
with its article to print."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from committees import access
from committees.selectors import work_calendar
from finance import roles as finance_roles
from finance import rules
from finance.selectors import budget_in_force, line_figures
from finance.statements.models import FinalAccounts

READERS = finance_roles.READERS


def final_accounts_of(township) -> QuerySet[FinalAccounts]:
    return FinalAccounts.objects.filter(township=township).order_by("-year")


def accounts_for_user(user, pk: int, township=None, roles=READERS) -> FinalAccounts:
    return access.governed_or_404(
        FinalAccounts.objects.select_related("township__county"),
        user,
        pk,
        township=township,
        roles=roles,
    )


def year_figures(township, year: int) -> list:
    """FIN-8: every line of the year's budget with approved, adjusted, actual for the
    whole year and balance (summed in the database)."""
    budget = budget_in_force(township, year)
    if budget is None:
        return []
    return line_figures(budget, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Deadline:
    period: object  # core.periods.Period
    done_on: datetime.date | None
    overdue: bool  # not done and the period has ended
    late: bool  # done after the period's last day

    @property
    def basis(self) -> str:
        return self.period.basis


def _deadline(rule_period, done_on, today) -> Deadline:
    if done_on is not None:
        return Deadline(rule_period, done_on, False, done_on > rule_period.last_day)
    return Deadline(rule_period, None, today > rule_period.last_day, False)


@dataclass(frozen=True)
class AccountsState:
    accounts: FinalAccounts
    filing: Deadline | None
    publication: Deadline | None


def accounts_state(accounts: FinalAccounts, now=None, calendar=None) -> AccountsState:
    if accounts.congress_approved_on is None:
        return AccountsState(accounts, None, None)
    today = timezone.localdate(now) if now else timezone.localdate()
    calendar = calendar or work_calendar(accounts.township.county_id)
    approved = accounts.congress_approved_on
    return AccountsState(
        accounts,
        _deadline(
            rules.final_accounts_filing_period(approved, calendar),
            accounts.filed_on,
            today,
        ),
        _deadline(
            rules.final_accounts_publication_period(approved, calendar),
            accounts.published_on,
            today,
        ),
    )


def accounts_states(township, now=None) -> list[AccountsState]:
    calendar = work_calendar(township.county_id)
    return [accounts_state(a, now, calendar) for a in final_accounts_of(township)]
