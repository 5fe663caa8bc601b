"""DEC-6 under concurrency, for real: threads against PostgreSQL."""

import threading

import pytest
from django.db import connection

from core import rowsecurity
from meetings import errors, services
from meetings.models import Ballot, Decision
from tests.meetings import factories as f

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


def test_dec6_two_clerks_enter_the_same_ballot_at_once():
    """DEC-6: two clerks enter one member's ballot at the same moment: one ballot, one
    clear domain error, no 500."""
    town = f.make_town(members=7)
    second_clerk = f.grant(town.township, "clerk")
    meeting, (item,) = f.open_meeting(town)
    voter = town.members[2]

    def cast(clerk, choice):
        return lambda: services.ballot_cast(
            actor=clerk, item=item, voter=voter, choice=choice
        )

    results = _run_threads(
        [cast(town.clerk, Ballot.Choice.YES), cast(second_clerk, Ballot.Choice.NO)]
    )
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, errors.DuplicateBallot)
    assert str(error) == f"{voter.name} has already voted on this item."
    assert Ballot.objects.filter(item=item, voter=voter).count() == 1


def test_dec6_item_closed_while_ballots_arrive_tally_equals_stored_ballots():
    """DEC-6: the close and the ballots are serialised on the item: the stored tally is
    exactly the stored ballots; late ballots are refused with a clear message."""
    town = f.make_town(members=9)
    meeting, (item,) = f.open_meeting(town)

    def cast(voter):
        return lambda: services.ballot_cast(
            actor=town.clerk, item=item, voter=voter, choice=Ballot.Choice.YES
        )

    targets = [cast(voter) for voter in town.members]
    targets.insert(4, lambda: services.item_close(actor=town.clerk, item=item))
    results = _run_threads(targets)
    refused = [v for k, v in results if k == "error"]
    assert all(isinstance(v, errors.ItemClosed) for v in refused), refused
    decision = Decision.objects.get(item=item)
    stored = Ballot.objects.filter(item=item).count()
    assert decision.tally["ballots"] == stored
    assert decision.tally["rows"][0]["yes"] == stored
    assert stored + len(refused) == len(town.members)


def test_aud2_two_seals_of_one_township_at_once_keep_one_chain():
    """AUD-2: two records of one township sealed at the same moment: the chain stays a
    line (one starts it, the other follows), so the check finds nothing."""
    from core import integrity
    from core.models import Seal
    from meetings.models import Meeting, MinutesVersion

    meeting, item, version = f.decided_and_locked(f.make_town(members=7))
    with rowsecurity.as_owner(maintenance=True):  # seals are append-only (AUD-1)
        Seal.objects.all().delete()  # seal them again, at once
    integrity.journal_path().unlink()  # and forget their heads (or it is a rewrite)
    decision = Decision.objects.get(item=item)
    version = MinutesVersion.objects.get(pk=version.pk)
    meeting = Meeting.objects.get(pk=meeting.pk)

    results = _run_threads(
        [
            lambda: integrity.seal(decision),
            lambda: integrity.seal(version),
            lambda: integrity.seal(meeting),  # with its attendance
        ]
    )
    assert [kind for kind, _value in results] == ["ok", "ok", "ok"]
    first, second, third = Seal.objects.order_by("id")
    assert first.previous == "" and second.previous == first.chain
    assert third.previous == second.chain
    assert integrity.verify().ok


def test_dec10_two_revocations_of_one_decision_closed_at_once_revoke_it_once():
    """DEC-10: two reconsideration items naming one decision, each with a majority, are
    closed at the same moment: one revokes it, the other is refused with a clear domain
    error; the decision is revoked once."""
    import time_machine

    from meetings.models import AgendaItem

    town = f.make_town(members=7)
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    original = Decision.objects.get(item=item)
    later = f.schedule(town)
    revocations = [
        f.add_item(
            town,
            later,
            AgendaItem.Kind.RECONSIDERATION,
            target_decision=original,
            change=AgendaItem.Change.REVOKE,
        )
        for _n in range(2)
    ]
    f.notice(town, later)
    with time_machine.travel(later.start, tick=True):
        f.arrive(town, later, town.members)
        services.meeting_open(actor=town.clerk, meeting=later)
        for revocation in revocations:
            f.vote(town, revocation, town.members, Ballot.Choice.YES)
        results = _run_threads(
            [
                lambda r=revocation: services.item_close(actor=town.clerk, item=r)
                for revocation in revocations
            ]
        )
    assert sorted(kind for kind, _value in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, errors.DecisionAlreadyRevoked), error
    assert original.changed_by.filter(change=AgendaItem.Change.REVOKE).count() == 1
