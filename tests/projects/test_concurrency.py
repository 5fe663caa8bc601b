"""PRJ-2 under concurrency, for real: threads against PostgreSQL. Bids arriving in the
deadline's last second from two clients are both taken, at the deadline both refused, and
the same bidder twice at once is taken once; never an unhandled error."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from core.errors import DomainError, RecordInvalid
from projects import errors, services
from tests.meetings import factories as mf
from tests.projects import factories as f

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
        thread.join(60)
    return results


def _bid(clerk, tender, name, rep):
    return lambda: services.bid_record(
        actor=clerk,
        tender=tender,
        bidder=name,
        legal_rep=rep,
        controller="",
        price=Decimal("1.00"),
    )


@pytest.fixture
def open_tender():
    town = mf.make_town(members=7)
    second = mf.grant(town.township, "clerk")
    project = f.tendering(town)
    tender = f.publish(town, project)
    return town, second, tender


def test_prj2_two_bids_in_the_last_second_are_both_taken(open_tender):
    town, second, tender = open_tender
    with time_machine.travel(
        tender.deadline - datetime.timedelta(seconds=1), tick=False
    ):
        results = _run_threads(
            [
                _bid(town.clerk, tender, "甲公司", "张一"),
                _bid(second, tender, "乙公司", "李二"),
            ]
        )
    assert [kind for kind, _ in results] == ["ok", "ok"]
    assert tender.bids.count() == 2


def test_prj2_two_bids_at_the_deadline_are_both_refused(open_tender):
    town, second, tender = open_tender
    with time_machine.travel(tender.deadline, tick=False):
        results = _run_threads(
            [
                _bid(town.clerk, tender, "甲公司", "张一"),
                _bid(second, tender, "乙公司", "李二"),
            ]
        )
    assert all(
        kind == "error" and isinstance(e, errors.BidAfterDeadline)
        for kind, e in results
    )
    assert tender.bids.count() == 0


def test_prj2_the_same_bidder_twice_at_once_is_taken_once(open_tender):
    town, second, tender = open_tender
    results = _run_threads(
        [
            _bid(town.clerk, tender, "甲公司", "张一"),
            _bid(second, tender, "甲公司", "张一"),
        ]
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"]
    error = next(e for kind, e in results if kind == "error")
    assert isinstance(error, DomainError)
    assert isinstance(error, RecordInvalid | errors.BiddersTied)
    assert tender.bids.count() == 1
