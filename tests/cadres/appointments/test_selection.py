"""APT-4 (competitive selection) and APT-5 (outstanding cadres): services and arithmetic."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from cadres.appointments import errors, scoring, services
from cadres.appointments.models import (
    Applicant,
    CompetitiveSelection,
    OutstandingBallot,
    OutstandingBallotChoice,
    OutstandingListEntry,
    OutstandingResult,
)
from cadres.appointments.notice import SHANGHAI
from core.errors import NotPermitted
from disclosure.models import Item
from tests.cadres.appointments import factories as af

D = Decimal


# -- APT-4: the arithmetic ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "interview", "weight", "total"),
    [
        (D("80"), D("90"), D("0.4"), D("86.00")),
        (D("85.5"), D("78.25"), D("0.5"), D("81.88")),  # 81.875 rounds half up
        (D("70"), D("70"), D("0.3"), D("70.00")),
        (D("100"), D("0"), D("1"), D("100.00")),
        (D("0"), D("100"), D("0"), D("100.00")),
    ],
)
def test_apt4_weighted_total_is_decimal_rounded_half_up(
    written, interview, weight, total
):
    """APT-4: written × weight + interview × (1 − weight), two places, half up."""
    assert scoring.weighted_total(written, interview, weight) == total


def test_apt4_ranking_by_total_then_interview_ties_share_a_rank():
    rows = [
        ("甲", D("80"), D("90")),  # 86.00
        ("乙", D("90"), D("80")),  # 84.00
        ("丙", D("75"), D("93.33")),  # 85.998 -> 86.00, interview 93.33 > 90
        ("丁", D("90"), D("80")),  # 84.00, same as 乙
    ]
    ranked = scoring.rank_scores(rows, D("0.4"))
    assert [(r.key, r.total, r.rank) for r in ranked] == [
        ("丙", D("86.00"), 1),
        ("甲", D("86.00"), 2),
        ("乙", D("84.00"), 3),
        ("丁", D("84.00"), 3),
    ]


def test_apt5_votes_ranked_ties_at_the_last_seat_all_elected():
    result = scoring.rank_votes({"a": 9, "b": 7, "c": 7, "d": 2, "e": 0}, seats=2)
    assert result == [
        ("a", 9, 1, True),
        ("b", 7, 2, True),
        ("c", 7, 2, True),
        ("d", 2, 4, False),
        ("e", 0, 5, False),
    ]


# -- APT-4: the services ------------------------------------------------------------------


def _at(y, m, d, hh=9):
    return datetime.datetime(y, m, d, hh, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_apt4_posting_applicants_scores_ranking_result_published(world, english):
    """APT-4: posted in the column; applications while open; scores after; the result
    ranked and published; then locked."""
    with time_machine.travel(_at(2026, 11, 2), tick=False):
        selection = services.selection_post(
            actor=world.a.clerk,
            township=world.own,
            post="党政办公室主任",
            description="报名条件：本乡镇在编干部，任现职满两年。",
            written_weight=D("0.40"),
            apply_until=datetime.date(2026, 11, 9),
        )
        posting = selection.posting_item
        assert posting.state == Item.State.PUBLISHED
        assert posting.window_until == datetime.date(2026, 11, 9)
        assert "竞争上岗" in posting.title
        zhang = services.applicant_add(
            actor=world.a.clerk, selection=selection, name="张三"
        )
        li = services.applicant_add(
            actor=world.a.clerk,
            selection=selection,
            name="李四",
            person=af.person(world.own, "李四"),
        )
        with pytest.raises(errors.ApplicantTwice):
            services.applicant_add(
                actor=world.a.clerk, selection=selection, name="张三"
            )
        with pytest.raises(errors.PostingStillOpen) as caught:
            services.scores_record(
                actor=world.a.clerk, applicant=zhang, written=80, interview=90
            )
        assert str(caught.value) == (
            "Scores are recorded after applications close on 2026-11-09."
        )
    with time_machine.travel(_at(2026, 11, 10), tick=False):
        with pytest.raises(errors.PostingClosed):
            services.applicant_add(
                actor=world.a.clerk, selection=selection, name="王五"
            )
        services.scores_record(
            actor=world.a.clerk, applicant=zhang, written=D("80"), interview=D("90")
        )
        with pytest.raises(errors.ScoresMissing) as caught:
            services.selection_result_publish(actor=world.a.clerk, selection=selection)
        assert str(caught.value) == (
            "1 applicant(s) have no written or interview score yet."
        )
        with pytest.raises(errors.ScoreOutOfRange):
            services.scores_record(
                actor=world.a.clerk, applicant=li, written=D("101"), interview=D("80")
            )
        services.scores_record(
            actor=world.a.clerk, applicant=li, written=D("90"), interview=D("85.5")
        )
        selection = services.selection_result_publish(
            actor=world.a.clerk, selection=selection
        )
    ranked = list(Applicant.objects.filter(selection=selection).order_by("rank"))
    assert [(a.name, a.total, a.rank) for a in ranked] == [
        ("李四", D("87.30"), 1),
        ("张三", D("86.00"), 2),
    ]
    assert selection.status == CompetitiveSelection.Status.PUBLISHED
    assert "第1名 李四" in selection.result_item.body
    assert selection.result_item.state == Item.State.PUBLISHED
    with pytest.raises(errors.ResultPublished):
        services.scores_record(
            actor=world.a.clerk, applicant=zhang, written=D("99"), interview=D("99")
        )


@pytest.mark.django_db
def test_apt4_weights_and_roles(world, english):
    with pytest.raises(errors.WeightsInvalid):
        services.selection_post(
            actor=world.a.clerk,
            township=world.own,
            post="岗位",
            description="x",
            written_weight=D("1.2"),
            apply_until=datetime.date(2100, 1, 1),
        )
    for user in (world.a.member, world.reviewer, world.b.secretary):
        with pytest.raises(NotPermitted):
            services.selection_post(
                actor=user,
                township=world.own,
                post="岗位",
                description="x",
                written_weight=D("0.5"),
                apply_until=datetime.date(2100, 1, 1),
            )
    assert CompetitiveSelection.objects.count() == 0


# -- APT-5: the services ------------------------------------------------------------------


@pytest.fixture
def voters(world):
    """Four cadres and two village leaders of township A; one person of another kind."""
    cadres = [af.person(world.own, f"干部{n}") for n in range(4)]
    leaders = [
        af.person(world.own, f"村干部{n}", kind="village_leader") for n in range(2)
    ]
    other = af.person(world.own, "其他人员", kind="other")
    return cadres, leaders, other


@pytest.mark.django_db
def test_apt5_yearly_vote_one_ballot_each_results_archived(world, voters, english):
    """APT-5: the electorate is every cadre and village leader; one ballot each; the
    result is archived by year."""
    cadres, leaders, other = voters
    vote = services.outstanding_vote_open(
        actor=world.a.clerk, township=world.own, year=2026, seats=2
    )
    electorate = set(services.outstanding_electorate(world.own))
    assert set(cadres) | set(leaders) <= electorate and other not in electorate
    assert vote.electorate_size == len(electorate)
    for voter in cadres + leaders:
        services.outstanding_ballot_cast(
            actor=world.a.clerk,
            vote=vote,
            voter=voter,
            candidates=[cadres[0], cadres[1] if voter != cadres[3] else cadres[2]],
        )
    with pytest.raises(errors.BallotTwice) as caught:
        services.outstanding_ballot_cast(
            actor=world.a.clerk, vote=vote, voter=cadres[0], candidates=[cadres[0]]
        )
    assert str(caught.value) == "干部0 has already cast a ballot."
    with pytest.raises(errors.NotInElectorate):
        services.outstanding_ballot_cast(
            actor=world.a.clerk, vote=vote, voter=other, candidates=[cadres[0]]
        )
    with pytest.raises(errors.TooManyChoices):
        services.outstanding_ballot_cast(
            actor=world.a.clerk,
            vote=vote,
            voter=[p for p in electorate if p not in cadres + leaders][0],
            candidates=cadres[:3],
        )
    assert OutstandingBallot.objects.filter(vote=vote).count() == 6
    services.outstanding_vote_close(actor=world.a.clerk, vote=vote)
    results = {
        r.person.name: (r.votes, r.rank, r.elected)
        for r in OutstandingResult.objects.filter(vote=vote).select_related("person")
    }
    assert results == {
        "干部0": (6, 1, True),
        "干部1": (5, 2, True),
        "干部2": (1, 3, False),
    }
    with pytest.raises(errors.VoteClosed):
        services.outstanding_ballot_cast(
            actor=world.a.clerk,
            vote=vote,
            voter=[p for p in electorate if p not in cadres + leaders][0],
            candidates=[cadres[0]],
        )
    with pytest.raises(errors.VoteExists):
        services.outstanding_vote_open(
            actor=world.a.clerk, township=world.own, year=2026, seats=2
        )


@pytest.mark.django_db
def test_apt5_the_database_refuses_a_second_ballot(world, voters):
    """APT-5: one ballot each is a UniqueConstraint, not only a check in the service."""
    cadres, _leaders, _other = voters
    vote = services.outstanding_vote_open(
        actor=world.a.clerk, township=world.own, year=2026, seats=1
    )
    services.outstanding_ballot_cast(
        actor=world.a.clerk, vote=vote, voter=cadres[0], candidates=[cadres[1]]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OutstandingBallot.objects.create(township=world.own, vote=vote, voter=cadres[0])


@pytest.mark.django_db
def test_apt5_a_cadre_casts_only_their_own_ballot(world, voters, english):
    cadres, _leaders, _other = voters
    own = world.a.cadre.person  # the world's cadre has a person of kind cadre
    vote = services.outstanding_vote_open(
        actor=world.a.clerk, township=world.own, year=2026, seats=1
    )
    with pytest.raises(errors.NotOwnBallot):
        services.outstanding_ballot_cast(
            actor=world.a.cadre, vote=vote, voter=cadres[0], candidates=[cadres[1]]
        )
    services.outstanding_ballot_cast(
        actor=world.a.cadre, vote=vote, voter=own, candidates=[cadres[1]]
    )
    assert OutstandingBallotChoice.objects.get().candidate == cadres[1]


@pytest.mark.django_db
def test_apt5_standing_list_entries_added_and_removed_with_a_reason(world, english):
    person = af.person(world.own, "先进干部")
    with pytest.raises(errors.ReasonRequired):
        services.outstanding_list_add(
            actor=world.a.clerk, township=world.own, person=person, reason=" "
        )
    entry = services.outstanding_list_add(
        actor=world.a.clerk, township=world.own, person=person, reason="2026年度评选"
    )
    with pytest.raises(errors.AlreadyOnList):
        services.outstanding_list_add(
            actor=world.a.clerk, township=world.own, person=person, reason="再次"
        )
    with pytest.raises(errors.ReasonRequired):
        services.outstanding_list_remove(actor=world.a.clerk, entry=entry, reason="")
    entry = services.outstanding_list_remove(
        actor=world.a.clerk, entry=entry, reason="调离本乡镇"
    )
    assert entry.removed_reason == "调离本乡镇" and entry.removed_by == world.a.clerk
    with pytest.raises(errors.NotOnList):
        services.outstanding_list_remove(actor=world.a.clerk, entry=entry, reason="x")
    # Removed entries stay (history); the person may be added again later.
    again = services.outstanding_list_add(
        actor=world.a.clerk, township=world.own, person=person, reason="2027年度评选"
    )
    assert OutstandingListEntry.objects.filter(person=person).count() == 2
    assert again.history.count() == 1 and entry.history.count() == 2
    with pytest.raises(NotPermitted):
        services.outstanding_list_add(
            actor=world.reviewer, township=world.own, person=person, reason="x"
        )
