"""FIN-6 under concurrency, for real: two clerks spend the last yuan of a line at once
(threads against PostgreSQL). The line is locked (`select_for_update`) before its balance
is read: one payment succeeds, the other is refused with the balance left."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from finance import errors, selectors, services
from finance.models import LedgerEntry
from tests.finance import factories as ff
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db(transaction=True)


def _run_threads(targets):
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def wrap(index, target):
        try:
            barrier.wait()
            results[index] = ("ok", target())
        except Exception as error:  # noqa: BLE001 - the test inspects every outcome
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=wrap, args=(i, t)) for i, t in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_fin6_two_clerks_spend_the_last_yuan_at_once():
    town = mf.make_town(members=5)
    second_clerk = mf.grant(town.township, "clerk")
    budget = ff.budget_in_force(town)
    line = ff.line(budget, "2270101")  # the reserve fund, 20,000.00
    for i in range(4):
        services.entry_record(
            actor=town.clerk,
            line=line,
            kind=LedgerEntry.Kind.SPENT,
            amount=Decimal("4999.75"),
            date=datetime.date(2026, 2, 1),
            counterparty="应急物资站",
            purpose=f"应急{i}",
        )
    assert selectors.line_balance(line).balance == Decimal("1.00")

    def pay(clerk, purpose):
        return lambda: services.entry_record(
            actor=clerk,
            line=line,
            kind=LedgerEntry.Kind.SPENT,
            amount=Decimal("1.00"),
            date=datetime.date(2026, 3, 1),
            counterparty="应急物资站",
            purpose=purpose,
        )

    results = _run_threads(
        [pay(town.clerk, "最后一元甲"), pay(second_clerk, "最后一元乙")]
    )
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, errors.OverSpending)
    assert "0.00元" in str(error)
    assert selectors.line_balance(line).balance == Decimal("0.00")
    assert LedgerEntry.objects.filter(line=line).count() == 5
