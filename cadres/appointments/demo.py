"""Demo records of selection and appointment (committees.demo.register): idempotent.

A case waiting for the committee's decision, last year's outstanding cadre vote with its
result and the standing list, and an open competitive selection — all through the
services, so the demo shows what the rules allow and nothing else."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from cadres.appointments import services
from cadres.appointments.models import (
    AppointmentCase,
    CompetitiveSelection,
    Inspection,
    OutstandingResult,
    OutstandingVote,
)
from committees import access
from committees.models import Person

DEMO_POST = "农业服务中心副主任"
DEMO_SELECTION_POST = "党政综合办公室副主任"


def _case(township, secretary, clerk, cadres) -> None:
    if (
        len(cadres) < 3
        or AppointmentCase.objects.filter(township=township, post=DEMO_POST).exists()
    ):
        return
    today = timezone.localdate()
    person, *rivals = cadres[:3]
    case = services.case_open(
        actor=secretary, township=township, post=DEMO_POST, person=person
    )
    services.recommendation_record(
        actor=clerk,
        case=case,
        held_on=today - datetime.timedelta(days=20),
        electorate=48,
        ballots_returned=45,
        nominees=[(person, 37), (rivals[0], 6), (rivals[1], 2)],
    )
    services.candidates_select(
        actor=clerk,
        case=case,
        held_on=today - datetime.timedelta(days=15),
        attendees="党委书记、副书记、人大主席、纪委书记",
        record="根据民主推荐得票情况，确定考察对象。",
        candidates=[person],
    )
    services.inspection_record(
        actor=clerk,
        case=case,
        team="组织委员（组长）、纪委副书记",
        report="该同志政治立场坚定，熟悉农业农村工作，群众基础好。",
        conclusion=Inspection.Conclusion.SUITABLE,
    )


def _outstanding(township, clerk, electorate) -> None:
    year = timezone.localdate().year - 1
    if (
        len(electorate) < 3
        or OutstandingVote.objects.filter(township=township, year=year).exists()
    ):
        return
    vote = services.outstanding_vote_open(
        actor=clerk, township=township, year=year, seats=3
    )
    favourites = electorate[:4]
    for index, voter in enumerate(electorate):
        picks = [favourites[index % 4], favourites[(index + 1) % 4]]
        services.outstanding_ballot_cast(
            actor=clerk, vote=vote, voter=voter, candidates=picks
        )
    services.outstanding_vote_close(actor=clerk, vote=vote)
    for result in OutstandingResult.objects.filter(vote=vote, elected=True):
        services.outstanding_list_add(
            actor=clerk,
            township=township,
            person=result.person,
            reason=f"{year}年度优秀干部评选当选",
            vote=vote,
        )


def _selection(township, clerk) -> None:
    if CompetitiveSelection.objects.filter(
        township=township, post=DEMO_SELECTION_POST
    ).exists():
        return
    selection = services.selection_post(
        actor=clerk,
        township=township,
        post=DEMO_SELECTION_POST,
        description="报名条件：本乡镇在编干部，任现职满两年，年度考核称职以上。",
        written_weight=Decimal("0.40"),
        apply_until=timezone.localdate() + datetime.timedelta(days=10),
    )
    for name in ("陈晓", "刘洋"):
        services.applicant_add(actor=clerk, selection=selection, name=name)


def build(township, users_by_role) -> None:
    secretary = users_by_role.get(access.Role.SECRETARY)
    clerk = users_by_role.get(access.Role.CLERK) or secretary
    electorate = list(services.outstanding_electorate(township))
    cadres = [p for p in electorate if p.kind == Person.Kind.CADRE]
    _case(township, secretary, clerk, cadres)
    _outstanding(township, clerk, electorate)
    _selection(township, clerk)
