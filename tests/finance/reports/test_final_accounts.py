"""FIN-8: the final accounts (决算) drawn from the ledger per line, approved by the
township people's congress (预算法 Art 77), filed within 30 days and published within 20
days of the approval (the period engine, the article printed)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.errors import NotPermitted
from disclosure.models import Category, Item
from finance.accounts import errors, selectors, services
from finance.models import FinalAccounts
from tests.finance.reports import factories as rf
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db
Y = 2025
D = Decimal


@pytest.fixture
def town(world):
    return mf.town_of(world)


@pytest.fixture
def accounts(town):
    rf.year_with_entries(town, Y)
    with rf.on(datetime.date(Y + 1, 1, 5)):
        return services.final_accounts_draw(
            actor=town.clerk, township=town.township, year=Y
        )


def _approve(town, accounts, day=datetime.date(Y + 1, 3, 2)):
    return services.final_accounts_approval_record(
        actor=town.clerk,
        accounts=accounts,
        approved_on=day,
        session="第二十届人民代表大会第六次会议",
        resolution="人大决〔2026〕3号",
    )


def test_fin8_drawn_once_the_year_has_ended_from_the_budget_in_force(town, english):
    rf.year_with_entries(town, Y)
    with rf.on(datetime.date(Y, 12, 31)):
        with pytest.raises(errors.YearNotEnded):
            services.final_accounts_draw(
                actor=town.clerk, township=town.township, year=Y
            )
    with rf.on(datetime.date(Y + 1, 1, 5)):
        with pytest.raises(errors.NoBudgetOfYear):
            services.final_accounts_draw(
                actor=town.clerk, township=town.township, year=Y - 1
            )
        with pytest.raises(NotPermitted):
            services.final_accounts_draw(
                actor=town.member, township=town.township, year=Y
            )
        services.final_accounts_draw(actor=town.clerk, township=town.township, year=Y)
        with pytest.raises(errors.AccountsYearExists) as refused:
            services.final_accounts_draw(
                actor=town.clerk, township=town.township, year=Y
            )
    assert str(refused.value) == "FIN-8: the final accounts of 2025 are already drawn."
    assert FinalAccounts.objects.count() == 1


def test_fin8_figures_per_line_for_the_whole_year_to_the_fen(town, accounts):
    figures = {f.line.code: f for f in selectors.year_figures(town.township, Y)}
    assert figures["2010101"].actual_ytd == D("50000.10")
    assert figures["2010101"].balance == D("149999.90")
    assert figures["1100201"].actual_ytd == D("240000.00")
    text = services.publication_text(
        _approve(town, accounts)
    )  # the column's text is the same figures
    assert "支出决算112,345.76元" in text and "收入决算248,000.05元" in text
    assert "2010101 行政运行：50,000.10元" in text


def test_fin8_approval_needs_session_and_resolution_after_the_year(
    town, accounts, english
):
    with pytest.raises(errors.ApprovalBeforeYearEnd):
        _approve(town, accounts, datetime.date(Y, 12, 31))
    with pytest.raises(errors.ApprovalDetailsMissing):
        services.final_accounts_approval_record(
            actor=town.clerk,
            accounts=accounts,
            approved_on=datetime.date(Y + 1, 3, 2),
            session=" ",
            resolution="人大决〔2026〕3号",
        )
    accounts.refresh_from_db()
    assert accounts.congress_approved_on is None
    accounts = _approve(town, accounts)
    assert accounts.history.filter(history_change_reason="approved by the congress")
    with pytest.raises(errors.AlreadyApproved):
        _approve(town, accounts)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(datetime.date(Y + 1, 4, 1), False), (datetime.date(Y + 1, 4, 2), True)],
)
def test_fin8_filing_within_thirty_days_of_approval(town, accounts, today, overdue):
    accounts = _approve(town, accounts)  # Monday 2 March 2026
    state = selectors.accounts_state(accounts, now=rf.moment(today))
    assert state.filing.period.last_day == datetime.date(Y + 1, 4, 1)  # Wednesday
    assert state.filing.overdue is overdue
    assert "三十日内报县级政府备案" in state.filing.basis


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(datetime.date(Y + 1, 3, 23), False), (datetime.date(Y + 1, 3, 24), True)],
)
def test_fin8_publication_within_twenty_days_moved_off_a_sunday(
    town, accounts, today, overdue
):
    accounts = _approve(town, accounts)  # day 20 is Sunday 22 March → Monday 23
    state = selectors.accounts_state(accounts, now=rf.moment(today))
    assert state.publication.period.last_day == datetime.date(Y + 1, 3, 23)
    assert state.publication.overdue is overdue
    assert "预算法第十四条" in state.publication.basis


def test_fin8_filing_and_publication_recorded_late_stays_late(town, accounts, english):
    with pytest.raises(errors.NotApproved):
        services.final_accounts_filing_record(
            actor=town.clerk, accounts=accounts, filed_on=datetime.date(Y + 1, 3, 3)
        )
    with pytest.raises(errors.NotApproved):
        services.final_accounts_publish(actor=town.clerk, accounts=accounts)
    accounts = _approve(town, accounts)
    with pytest.raises(errors.DateBeforeApproval):
        services.final_accounts_filing_record(
            actor=town.clerk, accounts=accounts, filed_on=datetime.date(Y + 1, 3, 1)
        )
    accounts = services.final_accounts_filing_record(
        actor=town.clerk, accounts=accounts, filed_on=datetime.date(Y + 1, 4, 3)
    )
    with rf.on(datetime.date(Y + 1, 3, 20)):
        accounts = services.final_accounts_publish(actor=town.clerk, accounts=accounts)
    state = selectors.accounts_state(
        accounts, now=rf.moment(datetime.date(Y + 1, 5, 1))
    )
    assert state.filing.late and not state.filing.overdue
    assert not state.publication.late and accounts.published_on == datetime.date(
        Y + 1, 3, 20
    )
    item = Item.objects.get()
    assert (item.category, item.owner) == (
        Category.PROJECT_FUNDS,
        services.ACCOUNTS_OWNER,
    )
    assert item.title == "南岗镇2025年决算"
    with pytest.raises(errors.AlreadyPublished):
        services.final_accounts_publish(actor=town.clerk, accounts=accounts)
    with pytest.raises(errors.AlreadyFiled):
        services.final_accounts_filing_record(
            actor=town.clerk, accounts=accounts, filed_on=datetime.date(Y + 1, 4, 4)
        )
