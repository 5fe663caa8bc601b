"""APT-1, APT-5 under load, for real on PostgreSQL: the case row lock serialises steps."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from cadres.appointments import errors, services
from cadres.appointments.models import (
    OutstandingBallot,
    Recommendation,
    Stage,
    StageTransition,
)
from tests.cadres.appointments import factories as af

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_apt1_two_clerks_recording_the_recommendation_at_once_record_it_once(world):
    case = af.open_case(world)

    def record(votes):
        return lambda: services.recommendation_record(
            actor=world.a.clerk,
            case=case,
            held_on=timezone.localdate(),
            electorate=60,
            ballots_returned=50,
            nominees=[(case.person, votes)],
        )

    outcomes = _race(record(40), record(41))
    won = [o for o in outcomes if isinstance(o, Recommendation)]
    lost = [o for o in outcomes if isinstance(o, errors.StageSkipped)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    case.refresh_from_db()
    assert case.stage == Stage.CANDIDATES
    assert Recommendation.objects.count() == 1
    assert StageTransition.objects.filter(case=case).count() == 2


def test_apt5_two_ballots_of_one_voter_at_once_count_once(world):
    voter = af.person(world.own, "干部甲")
    choice = af.person(world.own, "干部乙")
    vote = services.outstanding_vote_open(
        actor=world.a.clerk, township=world.own, year=2026, seats=1
    )

    def cast():
        return services.outstanding_ballot_cast(
            actor=world.a.clerk, vote=vote, voter=voter, candidates=[choice]
        )

    outcomes = _race(cast, cast)
    assert sum(isinstance(o, OutstandingBallot) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, errors.BallotTwice) for o in outcomes) == 1, outcomes
    assert OutstandingBallot.objects.count() == 1
