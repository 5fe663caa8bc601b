"""Bad input is a domain error, and nothing is written (issue 11: SEC-3 with APT-2, APT-4).

A negative vote count or a nominee given twice in a recommendation escaped the service as
Django's ValidationError (a 500 behind any form that let it through); APT-4 scores were
rounded half-even where the rule says half up.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cadres.appointments import errors, services
from cadres.appointments.models import (
    Applicant,
    CompetitiveSelection,
    Inspection,
    OutstandingVote,
    Stage,
)
from cadres.appointments.notice import SHANGHAI
from core.errors import DomainError
from disclosure import services as column_services
from disclosure.models import Feedback, Item
from tests.cadres.appointments import factories as af
from tests.cadres.appointments.test_services import snapshot

pytestmark = pytest.mark.django_db

D = Decimal


def _recommend(world, case, nominees, electorate=60, returned=56):
    return services.recommendation_record(
        actor=world.a.clerk,
        case=case,
        held_on=timezone.localdate(),
        electorate=electorate,
        ballots_returned=returned,
        nominees=nominees,
    )


def test_apt2_a_negative_vote_count_is_a_domain_error(world, english):
    """APT-2: votes are counted from 0; −1 is refused by the service, nothing written."""
    case = af.open_case(world)
    before = snapshot()
    with pytest.raises(errors.VotesInvalid) as caught:
        _recommend(world, case, [(case.person, -1)])
    assert str(caught.value) == "王明 received -1 votes: a vote count is 0 or more."
    assert caught.value.rule == "APT-2"
    assert snapshot() == before


def test_apt2_a_nominee_given_twice_is_a_domain_error(world, english):
    """APT-2: each nominee once with their votes; twice is refused, nothing written."""
    case = af.open_case(world)
    before = snapshot()
    with pytest.raises(errors.NomineeTwice) as caught:
        _recommend(world, case, [(case.person, 30), (case.person, 11)])
    assert (
        str(caught.value) == "王明 is given twice: each nominee once, with their votes."
    )
    assert snapshot() == before
    # The boundary: 0 votes, each nominee once, is a recommendation.
    rival = af.person(world.own, "李四")
    _recommend(world, case, [(case.person, 30), (rival, 0)])
    case.refresh_from_db()
    assert case.stage == Stage.CANDIDATES


@pytest.mark.parametrize(("electorate", "returned"), [(0, 0), (60, -1), ("六十", 56)])
def test_apt2_impossible_electorate_or_ballots_are_domain_errors(
    world, english, electorate, returned
):
    case = af.open_case(world)
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        _recommend(world, case, [(case.person, 0)], electorate, returned)
    assert not isinstance(caught.value, ValidationError)
    assert caught.value.rule == "APT-2"
    assert snapshot() == before


def _closed_selection(world):
    with time_machine.travel(datetime.datetime(2026, 11, 2, tzinfo=SHANGHAI)):
        selection = services.selection_post(
            actor=world.a.clerk,
            township=world.own,
            post="党政办公室主任",
            description="报名条件：本乡镇在编干部。",
            written_weight=D("0.50"),
            apply_until=datetime.date(2026, 11, 9),
        )
        applicant = services.applicant_add(
            actor=world.a.clerk, selection=selection, name="张三"
        )
    return selection, applicant


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (D("82.345"), D("82.35")),  # half-even would keep 82.34
        (D("90.005"), D("90.01")),  # half-even: 90.00
        (D("82.335"), D("82.34")),
        (D("82.344"), D("82.34")),
        ("99.995", D("100.00")),
    ],
)
def test_apt4_scores_round_half_up(world, given, stored):
    """APT-4: scores are kept to two places, rounded half up (0.5-boundaries)."""
    _selection, applicant = _closed_selection(world)
    with time_machine.travel(datetime.datetime(2026, 11, 10, tzinfo=SHANGHAI)):
        services.scores_record(
            actor=world.a.clerk, applicant=applicant, written=given, interview=given
        )
    applicant.refresh_from_db()
    assert (applicant.written_score, applicant.interview_score) == (stored, stored)


def test_apt4_a_score_that_is_not_a_number_is_a_domain_error(world, english):
    _selection, applicant = _closed_selection(world)
    with time_machine.travel(datetime.datetime(2026, 11, 10, tzinfo=SHANGHAI)):
        for written in ("八十", None, D("NaN"), D("100.005")):
            with pytest.raises(errors.ScoreOutOfRange):
                services.scores_record(
                    actor=world.a.clerk,
                    applicant=applicant,
                    written=written,
                    interview=D("80"),
                )
    applicant.refresh_from_db()
    assert applicant.written_score is None
    assert applicant.history.count() == 1


def test_apt4_a_weight_that_is_not_a_number_is_a_domain_error(world, english):
    before = CompetitiveSelection.objects.count(), Item.objects.count()
    for weight in ("一半", None, D("NaN")):
        with pytest.raises(errors.WeightsInvalid):
            services.selection_post(
                actor=world.a.clerk,
                township=world.own,
                post="党政办公室主任",
                description="报名条件",
                written_weight=weight,
                apply_until=timezone.localdate() + datetime.timedelta(days=5),
            )
    assert (CompetitiveSelection.objects.count(), Item.objects.count()) == before


def _bad_calls(world):
    """(name, call) for every appointments service given a value its record cannot hold."""
    today = timezone.localdate()
    yield (
        "case without a post",
        lambda: services.case_open(
            actor=world.a.secretary,
            township=world.own,
            post="  ",
            person=af.person(world.own),
        ),
    )
    yield (
        "post too long",
        lambda: services.case_open(
            actor=world.a.secretary,
            township=world.own,
            post="长" * 201,
            person=af.person(world.own),
        ),
    )
    case = af.case_at(world, Stage.CANDIDATES)
    yield (
        "candidates without a record",
        lambda: services.candidates_select(
            actor=world.a.clerk,
            case=case,
            held_on=today,
            attendees="",
            record="",
            candidates=[case.person],
        ),
    )
    inspected = af.case_at(world, Stage.INSPECTION)
    yield (
        "an unknown conclusion",
        lambda: services.inspection_record(
            actor=world.a.clerk,
            case=inspected,
            team="组长",
            report="报告",
            conclusion="maybe",
        ),
    )
    yield (
        "an inspection without a team",
        lambda: services.inspection_record(
            actor=world.a.clerk,
            case=inspected,
            team=" ",
            report="报告",
            conclusion=Inspection.Conclusion.SUITABLE,
        ),
    )
    selection = services.selection_post(
        actor=None,
        township=world.own,
        post="岗位",
        description="说明",
        written_weight=D("0.5"),
        apply_until=today,
    )
    yield (
        "an applicant without a name",
        lambda: services.applicant_add(
            actor=world.a.clerk, selection=selection, name="  "
        ),
    )
    yield (
        "a vote electing no one",
        lambda: services.outstanding_vote_open(
            actor=world.a.clerk, township=world.own, year=2025, seats=0
        ),
    )
    yield (
        "an item without a title",
        lambda: column_services.item_create_draft(
            actor=world.a.clerk, township=world.own, category="party_affairs", title=""
        ),
    )
    yield (
        "an unknown category",
        lambda: column_services.item_create_draft(
            actor=world.a.clerk, township=world.own, category="gossip", title="标题"
        ),
    )
    yield (
        "a window ending before it starts",
        lambda: column_services.item_create_draft(
            actor=world.a.clerk,
            township=world.own,
            category="party_affairs",
            title="标题",
            window_from=today,
            window_until=today - datetime.timedelta(days=1),
        ),
    )
    item = column_services.item_publish(
        actor=None, township=world.own, category="party_affairs", title="公开", body=""
    )
    yield (
        "empty feedback",
        lambda: column_services.feedback_submit(
            item=item, kind=Feedback.Kind.FEEDBACK, text="   "
        ),
    )
    yield (
        "an unknown kind of feedback",
        lambda: column_services.feedback_submit(
            item=item, kind="complaint", text="意见"
        ),
    )
    yield (
        "a window edited to end before it starts",
        lambda: column_services.item_update(
            actor=world.a.clerk,
            item=item,
            window_from=today,
            window_until=today - datetime.timedelta(days=1),
        ),
    )


def test_sec3_every_service_refuses_bad_input_with_a_domain_error(world, english):
    """SEC-3 (APT-1 … APT-5, PUB-1 … PUB-3): a value a record cannot hold is a domain
    error from the service (shown by the view), never a ValidationError; nothing is
    written."""
    tracked = [Applicant, CompetitiveSelection, OutstandingVote]
    for name, call in _bad_calls(world):
        before = snapshot(), [(m.objects.count(), m.history.count()) for m in tracked]
        try:
            call()
        except DomainError as refused:
            assert str(refused), name
        except Exception as other:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{name}: {type(other).__name__}: {other}")
        else:
            pytest.fail(f"{name}: accepted")
        after = snapshot(), [(m.objects.count(), m.history.count()) for m in tracked]
        assert after == before, name
