"""Projects built through the services, as the township's staff would build them: a road
project from its proposal through the committee's decision (a MAJOR item voted in a
committee meeting, through the meetings services) and the county's approval to its tender."""

from __future__ import annotations

import datetime
from decimal import Decimal  # noqa: F401 (tests use f.Decimal)
from types import SimpleNamespace  # noqa: F401

import time_machine
from django.utils import timezone

from core.periods import SHANGHAI  # noqa: F401 (tests use f.SHANGHAI)
from meetings import services as meeting_services
from meetings.models import Ballot
from projects import services
from projects.models import Inspection, Project
from tests.meetings import factories as mf

town_of = mf.town_of


def at(y, m, d, hh=0, mm=0, ss=0):
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=SHANGHAI)


def propose(town, *, amount="4800000.00", title="东风村通村公路硬化工程", **kw):
    return services.project_propose(
        actor=town.clerk,
        township=town.township,
        title=title,
        kind=kw.pop("kind", Project.Kind.ROAD),
        proposed_amount=Decimal(amount),
        fiscal_year=kw.pop("fiscal_year", timezone.localdate().year),
        description="东风村至南岗镇道路 5.2 公里硬化",
        **kw,
    )


def studied(town, project, estimate="5000000.00"):
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.FEASIBILITY
    )
    services.feasibility_record(
        actor=town.clerk, project=project, estimate=Decimal(estimate)
    )
    services.demonstration_record(
        actor=town.clerk,
        project=project,
        held_on=timezone.localdate(),
        experts="交通局 王工；设计院 李工",
        representatives="东风村村民代表 张大山、刘桂芳",
        opinions="同意建设，建议增设错车道。",
    )
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.DECISION
    )
    project.refresh_from_db()
    return project


def decided(town, project, *, yes=True):
    """The committee decides the project's MAJOR item (DEC-4, DEC-9) at a meeting now."""
    start = timezone.now()
    with meeting_services.clock(start - datetime.timedelta(days=3)):
        meeting = mf.schedule(town, start=start)
        item = services.decision_propose(
            actor=town.secretary, project=project, meeting=meeting
        )
        mf.prepare(town, item, options=2, expert=project.demonstration_required)
        mf.notice(town, meeting)
    with meeting_services.clock(start):
        mf.arrive(town, meeting, town.members)
        meeting_services.meeting_open(actor=town.clerk, meeting=meeting)
        choice = Ballot.Choice.YES if yes else Ballot.Choice.NO
        mf.vote(town, item, town.members, choice)
        meeting_services.item_close(actor=town.clerk, item=item)
        meeting_services.meeting_close(actor=town.clerk, meeting=meeting)
    project.refresh_from_db()
    return item


def approved(town, project, cost="5200000.00"):
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.APPROVAL
    )
    services.approval_record(
        actor=town.clerk,
        project=project,
        approved_on=timezone.localdate(),
        number="示发改投资〔2026〕18号",
        authority="示范县发展和改革局",
        cost_estimate=Decimal(cost),
    )
    project.refresh_from_db()
    return project


def tendering(town, **kw):
    """A road project at its tendering stage (decided and approved)."""
    project = studied(town, propose(town, **kw))
    decided(town, project)
    approved(town, project)
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.TENDERING
    )
    project.refresh_from_db()
    return project


def publish(town, project, docs_from=None, deadline=None, until=None):
    docs_from = docs_from or timezone.localdate()
    deadline = deadline or datetime.datetime.combine(
        docs_from + datetime.timedelta(days=20), datetime.time(17, 0), tzinfo=SHANGHAI
    )
    return services.tender_publish(
        actor=town.clerk,
        project=project,
        lot="第一标段",
        documents_from=docs_from,
        documents_until=until or docs_from + datetime.timedelta(days=5),
        deadline=deadline,
    )


BIDDERS = [
    ("南岗路桥建设有限公司", "陈国强", "南岗路桥集团", "4980000.00"),
    ("示范县交通工程公司", "黄志明", "", "5050000.00"),
    ("东方市政工程有限公司", "吴立新", "东方控股", "5120000.00"),
]


def bid_all(town, tender, bidders=BIDDERS):
    return [
        services.bid_record(
            actor=town.clerk,
            tender=tender,
            bidder=name,
            legal_rep=rep,
            controller=ctrl,
            price=Decimal(price),
        )
        for name, rep, ctrl, price in bidders
    ]


EVALUATORS = [(f"评标专家{i}", True, None) for i in range(1, 5)] + [
    ("招标人代表", False, None)
]


def through_award(town, project):
    """Tender published, three bids, opened, evaluated, candidates shown, awarded; returns
    (tender, bids). Time travels past each clock."""
    tender = publish(town, project)
    bids = bid_all(town, tender)
    with time_machine.travel(
        tender.deadline + datetime.timedelta(minutes=1), tick=False
    ):
        services.bids_open(actor=town.clerk, tender=tender)
        services.evaluation_record(
            actor=town.clerk, tender=tender, evaluators=EVALUATORS, ranking=bids
        )
        services.candidates_publish(actor=town.clerk, tender=tender)
    with time_machine.travel(tender.deadline + datetime.timedelta(days=5), tick=False):
        services.award(actor=town.clerk, tender=tender, bid=bids[0])
    tender.refresh_from_db()
    return tender, bids


def implementing(town, project):
    tender, bids = through_award(town, project)
    with time_machine.travel(
        tender.awarded_at + datetime.timedelta(days=2), tick=False
    ):
        services.contract_record(
            actor=town.clerk,
            tender=tender,
            signed_on=timezone.localdate(),
            amount=bids[0].price,
        )
        services.project_advance(
            actor=town.clerk, project=project, to=Project.Stage.IMPLEMENTATION
        )
        services.inspection_record(
            actor=town.clerk,
            project=project,
            kind=Inspection.Kind.QUALITY,
            on=timezone.localdate(),
            inspector="县质监站 赵工",
            findings="路基压实度合格。",
        )
    project.refresh_from_db()
    return tender
