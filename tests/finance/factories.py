"""A township's money built through the services, as its clerk and secretary would."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

from django.utils import timezone

from committees.models import Body
from finance import services
from finance.models import BudgetLine, FinanceGroupMember
from meetings import services as meetings_services
from meetings.models import Ballot
from tests.meetings import factories as mf

D = Decimal
Kind = BudgetLine.Kind
Direction = BudgetLine.Direction

# A small township's year: 1,000,000 yuan of general spending, a 2 % reserve.
LINES = [
    (
        "2010101",
        Kind.GENERAL,
        Direction.SPENDING,
        "行政运行",
        "200000.00",
        False,
        "base",
    ),
    (
        "2130101",
        Kind.GENERAL,
        Direction.SPENDING,
        "农村道路养护",
        "500000.00",
        True,
        "",
    ),
    (
        "2080201",
        Kind.GENERAL,
        Direction.SPENDING,
        "社会救助",
        "300000.00",
        True,
        "statutory",
    ),
    ("2270101", Kind.RESERVE_FUND, Direction.SPENDING, "预备费", "20000.00", False, ""),
    (
        "1030401",
        Kind.NON_TAX_REVENUE,
        Direction.REVENUE,
        "行政事业性收费",
        "60000.00",
        False,
        "",
    ),
    (
        "1100201",
        Kind.TRANSFER,
        Direction.REVENUE,
        "上级补助收入",
        "960000.00",
        False,
        "",
    ),
]


def draft_budget(town, year=2026, lines=LINES):
    budget = services.budget_create(
        actor=town.clerk, township=town.township, year=year, explanation="年度预算说明"
    )
    for code, kind, direction, name, amount, key, pre in lines:
        services.budget_line_add(
            actor=town.clerk,
            budget=budget,
            kind=kind,
            direction=direction,
            code=code,
            name=name,
            amount=D(amount),
            key_expenditure=key,
            pre_approval=pre,
        )
    return budget


def line(budget, code) -> BudgetLine:
    return BudgetLine.objects.get(budget=budget, code=code)


def decide(
    town,
    propose,
    *,
    body_kind=Body.Kind.COMMITTEE,
    choice=Ballot.Choice.YES,
    start=None,
):
    """A meeting (committee or enlarged) whose one item is proposed by `propose(meeting)`
    (a finance service returning a record with `agenda_item`), prepared, noticed, voted by
    every member with `choice` and closed — now, or at `start` (the meetings services'
    clock). Returns the record, refreshed."""
    at = start or timezone.now()
    with meetings_services.clock(at - datetime.timedelta(days=3)):
        meeting = mf.schedule(town, start=at, body_kind=body_kind)
        record = propose(meeting)
        mf.prepare(town, record.agenda_item)
        mf.notice(town, meeting)
    with meetings_services.clock(at) if start else contextlib.nullcontext():
        mf.arrive(town, meeting, town.members)
        meetings_services.meeting_open(actor=town.clerk, meeting=meeting)
        mf.vote(town, record.agenda_item, town.members, choice)
        meetings_services.item_close(actor=town.clerk, item=record.agenda_item)
    record.refresh_from_db()
    return record


def approve_budget(town, budget, approved_on=None):
    """FIN-3 from draft to in force: reported, decided, opinions heard, approved."""
    approved_on = approved_on or datetime.date(budget.year, 1, 10)
    budget = decide(
        town,
        lambda meeting: services.budget_report(
            actor=town.secretary, budget=budget, meeting=meeting
        ),
        # The committee decides five days before the congress approves.
        start=timezone.make_aware(
            datetime.datetime.combine(
                approved_on - datetime.timedelta(days=5), datetime.time(9)
            )
        ),
    )
    services.budget_opinions_record(
        actor=town.clerk,
        budget=budget,
        text="代表走访选民，建议加大道路养护投入",
        heard_on=approved_on - datetime.timedelta(days=5),
    )
    return services.budget_approve(
        actor=town.clerk,
        budget=budget,
        approved_on=approved_on,
        session="第二十届人民代表大会第五次会议",
        resolution=f"人大决〔{budget.year}〕1号",
    )


def budget_in_force(town, year=2026):
    return approve_budget(town, draft_budget(town, year))


def group(town, count=5, start=datetime.date(2024, 1, 1)):
    """FIN-1: a finance group of `count` of the committee's members."""
    units = list(FinanceGroupMember.Unit)
    return [
        services.group_member_add(
            actor=town.clerk,
            township=town.township,
            person=person,
            unit=units[i % len(units)],
            start=start,
            is_leader=i == 0,
        )
        for i, person in enumerate(town.members[:count])
    ]


def ballots(members, yes, no=0):
    """Choices for `members`: the first `yes` yes, the next `no` no, the rest absent."""
    out = {}
    for i, member in enumerate(members):
        if i < yes:
            out[member.pk] = "yes"
        elif i < yes + no:
            out[member.pk] = "no"
    return out
