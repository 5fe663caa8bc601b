"""Demo records of selection and appointment (committees.demo.register): idempotent.

The appointment case of the committee's demo meeting (meetings.demo): the person its
personnel item nominated, recommended and inspected before that meeting, decided by it,
and its public notice up in the column with an objection to answer — so the notice, the
case and the locked minutes name the same person for the same post (journey 4). Without
that meeting, a case waiting for the committee's decision. Last year's outstanding cadre
vote with its result and the standing list, and an open competitive selection — all
through the services, so the demo shows what the rules allow and nothing else."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from unittest import mock

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
from disclosure import services as column_services
from disclosure.models import Feedback
from meetings.models import AgendaItem, Decision

DEMO_POST = "农业服务中心副主任"
DEMO_SELECTION_POST = "党政综合办公室副主任"
# The personnel item of meetings.demo's past committee meeting that decides the case.
DEMO_ITEM_TITLE = f"拟任{DEMO_POST}人选"
DEMO_OBJECTION = "听说拟任人选的亲属经营道路项目的承包公司，请核实。"


@contextlib.contextmanager
def _as_of(moment: datetime.datetime):
    """Run the case's services as of a past moment: the demo's case was recommended and
    inspected before the committee meeting that decided it (APT-1: a decision counts
    only after the case reached the decision stage), and its notice went up days ago.
    These services read the time from django.utils.timezone; demo data only (one
    thread, `manage.py demo_data`), never a request."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _deciding_item(township) -> AgendaItem | None:
    """meetings.demo's personnel item for the post, decided, with its one nominee."""
    item = (
        AgendaItem.objects.filter(
            township=township,
            kind=AgendaItem.Kind.PERSONNEL,
            title=DEMO_ITEM_TITLE,
            meeting__status="closed",
        )
        .order_by("pk")
        .first()
    )
    if item is None or not Decision.objects.filter(item=item).exists():
        return None
    return item


def _prepare(township, secretary, clerk, person, rivals, day: datetime.date):
    """APT-1 up to the committee's decision: recommendation, candidates, inspection."""
    case = services.case_open(
        actor=secretary, township=township, post=DEMO_POST, person=person
    )
    services.recommendation_record(
        actor=clerk,
        case=case,
        held_on=day - datetime.timedelta(days=8),
        electorate=48,
        ballots_returned=45,
        nominees=[(person, 37), *zip(rivals, (6, 2), strict=False)],
    )
    services.candidates_select(
        actor=clerk,
        case=case,
        held_on=day - datetime.timedelta(days=5),
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
    return case


def _case(township, secretary, clerk, cadres) -> None:
    if AppointmentCase.objects.filter(township=township, post=DEMO_POST).exists():
        return
    item = _deciding_item(township)
    if item is None:
        # No committee meeting decided the post: the case waits for its decision.
        if len(cadres) < 3:
            return
        person, *rivals = cadres[:3]
        _prepare(township, secretary, clerk, person, rivals, timezone.localdate())
        return
    decision = Decision.objects.get(item=item)
    person = item.nominees.order_by("pk").first()
    rivals = [p for p in cadres if p != person][:2]
    # Inspected two days before the meeting; confirmed the day after it.
    inspected = decision.decided_at - datetime.timedelta(days=2)
    with _as_of(inspected):
        case = _prepare(
            township, secretary, clerk, person, rivals, timezone.localdate()
        )
    with _as_of(decision.decided_at + datetime.timedelta(days=1)):
        services.decision_link(actor=clerk, case=case, item=item)
        services.decision_confirm(actor=clerk, case=case)
    # The notice went up three days ago (journey 4: a few days left); a villager objected.
    published = timezone.now() - datetime.timedelta(days=3)
    with _as_of(max(published, decision.decided_at + datetime.timedelta(days=1))):
        notice = services.notice_publish(actor=clerk, case=case)
    column_services.feedback_submit(
        item=notice.item,
        kind=Feedback.Kind.OBJECTION,
        text=DEMO_OBJECTION,
        contact="13800000000",
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
