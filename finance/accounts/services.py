"""FIN-8: the final accounts (决算) of a budget year — drawn from the ledger once the year
has ended, approved by the township people's congress (预算法 Art 77), filed with the
county within 30 days and published within 20 days of the approval (Art 14). The
periods are `finance.rules`' PeriodRules; the screens print their articles."""

from __future__ import annotations

import datetime

from django.db import transaction

from committees import access
from core.errors import refuses_invalid_input
from core.history import save_with_history
from finance.accounts import errors
from finance.accounts import selectors as accounts_selectors
from finance.reports import clock as statements_clock
from finance.rules import ZERO, LineKind, yuan_zh
from finance.selectors import budget_in_force
from finance.statements.models import FinalAccounts

STAFF = access.TOWNSHIP_STAFF
ACCOUNTS_OWNER = "finance.final_accounts"
SOURCE_LABEL = "决算公开"


def _locked(accounts: FinalAccounts) -> FinalAccounts:
    return (
        FinalAccounts.objects.select_for_update(of=("self",))
        .select_related("township")
        .get(pk=accounts.pk)
    )


@refuses_invalid_input
@transaction.atomic
def final_accounts_draw(*, actor, township, year: int) -> FinalAccounts:
    """FIN-8: open the year's final accounts (its figures are the ledger's, per line)."""
    access.require_actor(actor, township, STAFF)
    if statements_clock.today() <= datetime.date(year, 12, 31):
        raise errors.YearNotEnded(params={"year": year})
    if budget_in_force(township, year) is None:
        raise errors.NoBudgetOfYear(params={"year": year})
    if FinalAccounts.objects.filter(township=township, year=year).exists():
        raise errors.AccountsYearExists(params={"year": year})
    return save_with_history(
        FinalAccounts(township=township, year=year),
        actor=actor,
        reason="final accounts drawn from the ledger (FIN-8)",
    )


@refuses_invalid_input
@transaction.atomic
def final_accounts_approval_record(
    *,
    actor,
    accounts: FinalAccounts,
    approved_on: datetime.date,
    session: str,
    resolution: str,
    approved_file=None,
) -> FinalAccounts:
    """FIN-8 / 预算法 Art 77: the congress's approval, with its session and resolution."""
    access.require_actor(actor, accounts.township_id, STAFF)
    accounts = _locked(accounts)
    if accounts.congress_approved_on:
        raise errors.AlreadyApproved(
            params={"day": accounts.congress_approved_on.isoformat()}
        )
    if approved_on <= datetime.date(accounts.year, 12, 31):
        raise errors.ApprovalBeforeYearEnd(
            params={"year": accounts.year, "day": approved_on.isoformat()}
        )
    session, resolution = (session or "").strip(), (resolution or "").strip()
    if not session or not resolution:
        raise errors.ApprovalDetailsMissing()
    accounts.congress_approved_on = approved_on
    accounts.congress_session = session
    accounts.congress_resolution = resolution
    if approved_file:
        accounts.approved_file = approved_file
    return save_with_history(accounts, actor=actor, reason="approved by the congress")


@refuses_invalid_input
@transaction.atomic
def final_accounts_filing_record(
    *, actor, accounts: FinalAccounts, filed_on: datetime.date
) -> FinalAccounts:
    """FIN-8: filed with the county (within 30 days of approval; later is shown late)."""
    access.require_actor(actor, accounts.township_id, STAFF)
    accounts = _locked(accounts)
    if not accounts.congress_approved_on:
        raise errors.NotApproved()
    if accounts.filed_on:
        raise errors.AlreadyFiled(params={"day": accounts.filed_on.isoformat()})
    if filed_on < accounts.congress_approved_on:
        raise errors.DateBeforeApproval(
            params={
                "day": filed_on.isoformat(),
                "approved": accounts.congress_approved_on.isoformat(),
            }
        )
    accounts.filed_on = filed_on
    return save_with_history(accounts, actor=actor, reason="filed with the county")


def publication_text(accounts: FinalAccounts) -> str:
    """The column's text: the year's revenue and spending per line, and the totals."""
    figures = accounts_selectors.year_figures(accounts.township, accounts.year)
    lines = [
        f"{accounts.township.name}{accounts.year}年决算经{accounts.congress_session}"
        f"批准（{accounts.congress_resolution}，"
        f"{accounts.congress_approved_on:%Y年%m月%d日}）。"
    ]
    for direction, title in ((LineKind.REVENUE, "收入"), (LineKind.SPENDING, "支出")):
        rows = [f for f in figures if f.line.direction == direction]
        if not rows:
            continue
        total = sum((f.actual_ytd for f in rows), ZERO)
        adjusted = sum((f.adjusted for f in rows), ZERO)
        lines.append(f"{title}决算{yuan_zh(total)}（调整后预算{yuan_zh(adjusted)}）：")
        lines += [
            f"{f.line.code} {f.line.name}：{yuan_zh(f.actual_ytd)}"
            f"（调整后预算{yuan_zh(f.adjusted)}）"
            for f in rows
        ]
    return "\n".join(lines)


@transaction.atomic
def final_accounts_publish(*, actor, accounts: FinalAccounts) -> FinalAccounts:
    """FIN-8 / 预算法 Art 14: the approved final accounts in the column (project funds)."""
    from disclosure import services as column_services
    from disclosure.models import Category

    access.require_actor(actor, accounts.township_id, STAFF)
    accounts = _locked(accounts)
    if not accounts.congress_approved_on:
        raise errors.NotApproved()
    if accounts.published_on:
        raise errors.AlreadyPublished(params={"day": accounts.published_on.isoformat()})
    column_services.item_publish(
        actor=actor,
        township=accounts.township,
        category=Category.PROJECT_FUNDS,
        title=f"{accounts.township.name}{accounts.year}年决算",
        body=publication_text(accounts),
        source_label=SOURCE_LABEL,
        source_ref=f"finance.final_accounts:{accounts.pk}",
        owner=ACCOUNTS_OWNER,
    )
    accounts.published_on = statements_clock.today()
    return save_with_history(accounts, actor=actor, reason="published in the column")
