"""Issue 16, "Faults survived": eight writers sealing into one township's chain at once.

AUD-2: each seal is chained to its township's seal before it. Eight clerks' sessions close
eight items of one meeting at the same moment, each closing sealing its decision: the
chain stays one line (no two seals share a predecessor), eight long, and the check finds
nothing (tests/meetings/test_concurrency.py does the same with three record types).
"""

import threading

import pytest
from django.db import connection

from core import integrity
from core.models import Seal
from meetings import services
from meetings.models import AgendaItem, Ballot, Decision
from tests.meetings import factories as f

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_aud2_eight_concurrent_writers_sealing_into_one_chain_make_no_fork():
    town = f.make_town(members=3)
    meeting, items = f.open_meeting(town, items=[AgendaItem.Kind.ORDINARY] * WRITERS)
    for item in items:
        f.vote(town, item, town.members, Ballot.Choice.YES)
    before = set(Seal.objects.values_list("pk", flat=True))

    barrier = threading.Barrier(WRITERS)
    results = [None] * WRITERS

    def close(index, item):
        try:
            barrier.wait(30)
            services.item_close(actor=town.clerk, item=item)
            results[index] = "ok"
        except Exception as error:  # noqa: BLE001 - every outcome is inspected
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=close, args=(i, item)) for i, item in enumerate(items)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == ["ok"] * WRITERS

    assert Decision.objects.filter(item__meeting=meeting).count() == WRITERS
    chain = list(Seal.objects.filter(township_id=town.township.pk).order_by("pk"))
    new = [seal for seal in chain if seal.pk not in before]
    assert len(new) == WRITERS and {s.model for s in new} == {"meetings.Decision"}
    previous = [seal.previous for seal in chain]
    assert len(set(previous)) == len(previous), "two seals share a predecessor: a fork"
    assert previous[0] == ""
    for earlier, later in zip(chain, chain[1:], strict=False):
        assert later.previous == earlier.chain
    assert integrity.verify().ok
