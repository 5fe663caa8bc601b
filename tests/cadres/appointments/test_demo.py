"""Demo records of appointments: built through the services, idempotent."""

import pytest

from cadres.appointments import demo
from cadres.appointments.models import (
    AppointmentCase,
    CompetitiveSelection,
    OutstandingBallot,
    OutstandingListEntry,
    OutstandingVote,
    Stage,
)
from committees import access
from tests.cadres.appointments import factories as af

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            AppointmentCase,
            OutstandingVote,
            OutstandingBallot,
            OutstandingListEntry,
            CompetitiveSelection,
        )
    )


def test_demo_builder_is_idempotent(world):
    for n in range(5):
        af.person(world.own, f"示范干部{n}")
    users = {
        access.Role.SECRETARY: world.a.secretary,
        access.Role.CLERK: world.a.clerk,
    }
    demo.build(world.own, users)
    first = _counts()
    demo.build(world.own, users)
    assert _counts() == first
    case = AppointmentCase.objects.get()
    assert case.stage == Stage.DECISION  # waits for the committee's personnel item
    assert OutstandingListEntry.objects.filter(removed_on__isnull=True).count() >= 1
    assert first[2] == OutstandingVote.objects.get().electorate_size
