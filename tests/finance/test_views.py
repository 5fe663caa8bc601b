"""The finance pages through the client: a refusal is shown in the reader's language
(never a 500, nothing saved), and the ledger page's query count does not grow with the
number of entries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance import services
from finance.models import Budget, BudgetLine, LedgerEntry
from tests.finance import factories as ff
from tests.meetings.factories import town_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(world):
    return town_of(world)


def _zh(client):
    client.cookies["django_language"] = "zh-hans"
    return client


def test_fin3_a_year_that_exists_is_refused_on_the_page_in_chinese(town, login):
    ff.draft_budget(town)
    client = _zh(login(town.clerk))
    response = client.post(
        reverse("finance:home", kwargs={"slug": town.township.slug}),
        {"year": "2026", "explanation": ""},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "FIN-3：本乡镇已有2026年度预算。" in response.content.decode()
    assert Budget.objects.count() == 1


def test_fin6_overspending_is_refused_on_the_ledger_page_with_the_balance(town, login):
    budget = ff.budget_in_force(town)
    line = ff.line(budget, "2270101")  # 20,000.00
    client = _zh(login(town.clerk))
    response = client.post(
        reverse("finance:ledger", kwargs={"slug": town.township.slug, "pk": budget.pk}),
        {
            "line": line.pk,
            "kind": "spent",
            "amount": "20000.01",
            "date": "2026-03-01",
            "counterparty": "供应商",
            "purpose": "应急物资",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "超过科目2270101 预备费的余额20,000.00元" in text
    assert not LedgerEntry.objects.exists()


def test_fin4_the_change_page_says_which_route_and_why(town, login, world):
    budget = ff.budget_in_force(town)
    client = _zh(login(town.clerk))
    lines = {line.code: line for line in BudgetLine.objects.filter(budget=budget)}
    response = client.post(
        reverse(
            "finance:change_new", kwargs={"slug": town.township.slug, "pk": budget.pk}
        ),
        {
            "title": "追加道路资金",
            f"line_{lines['2130101'].pk}": "1000.00",
            "plan": "",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "属于预算调整（增加或者减少预算总支出）" in response.content.decode()
    response = client.post(
        reverse(
            "finance:change_new", kwargs={"slug": town.township.slug, "pk": budget.pk}
        ),
        {
            "title": "调剂",
            f"line_{lines['2010101'].pk}": "-1000.00",
            f"line_{lines['2080201'].pk}": "1000.00",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    )
    text = response.content.decode()
    assert "预算调剂" in text and "预算法第七十二条" in text


def _ledger_queries(client, town, budget):
    url = reverse(
        "finance:ledger", kwargs={"slug": town.township.slug, "pk": budget.pk}
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_fin6_ledger_page_queries_do_not_grow_with_entries(town, login):
    budget = ff.budget_in_force(town)
    lines = [ff.line(budget, code) for code in ("2010101", "2080201")]
    client = login(town.clerk)

    def add(count, offset):
        for i in range(count):
            services.entry_record(
                actor=town.clerk,
                line=lines[i % 2],
                kind="spent",
                amount=Decimal("10.00"),
                date=datetime.date(2026, 2, 1) + datetime.timedelta(days=i % 200),
                counterparty="供应商",
                purpose=f"日常{offset + i}",
            )

    add(3, 0)
    few = _ledger_queries(client, town, budget)
    add(60, 100)
    many = _ledger_queries(client, town, budget)
    assert few == many
