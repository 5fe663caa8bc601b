"""Meetings built through the services, as users would build them."""

from __future__ import annotations

import contextlib
import datetime
import itertools
from types import SimpleNamespace

import time_machine
from django.utils import timezone

from committees import access
from committees import services as org_services
from committees.models import Body, Membership
from meetings import services
from meetings.models import AgendaItem, Ballot, PreparationRecord
from tests.committees.factories import UserFactory, make_township

_counter = itertools.count(1)


def grant(township, role, username=None):
    user = UserFactory(username=username or f"{role}-{next(_counter)}")
    org_services.role_grant(
        actor=None, user=user, township=township, role=access.Role(role)
    )
    return user


def make_town(members=15, name="南岗镇", **kw):
    """A township with `members` committee members (the first is the secretary)."""
    township = make_township(
        name=name, members=members, slug=f"town{next(_counter)}", **kw
    )
    memberships = (
        Membership.objects.filter(
            body__township=township, body__kind=Body.Kind.COMMITTEE
        )
        .select_related("person")
        .order_by("id")
    )
    people = [m.person for m in memberships]
    return SimpleNamespace(
        township=township,
        secretary=grant(township, "secretary"),
        clerk=grant(township, "clerk"),
        member=grant(township, "member"),
        members=people,
        chair=people[0],  # holds the committee's SECRETARY membership
    )


def town_of(world, township=None):
    """The `world` fixture's township A as a town."""
    township = township or world.own
    people = [
        m.person
        for m in Membership.objects.filter(
            body__township=township, body__kind=Body.Kind.COMMITTEE
        )
        .select_related("person")
        .order_by("id")
    ]
    return SimpleNamespace(
        township=township,
        secretary=world.a.secretary,
        clerk=world.a.clerk,
        member=world.a.member,
        members=people,
        chair=people[0],
    )


def schedule(
    town, *, body_kind=Body.Kind.COMMITTEE, start=None, title="党委会议", **kw
):
    start = start or timezone.now() + datetime.timedelta(days=3)
    return services.meeting_schedule(
        actor=town.clerk,
        township=town.township,
        body_kind=body_kind,
        title=title,
        start=start,
        place="三楼会议室",
        convener=town.chair,
        **kw,
    )


def add_item(town, meeting, kind=AgendaItem.Kind.ORDINARY, title=None, **kw):
    return services.agenda_item_propose(
        actor=town.secretary,
        meeting=meeting,
        title=title or f"议题{next(_counter)}",
        kind=kind,
        **kw,
    )


def prepare(town, item, options=2, expert=True):
    """Every DEC-9 step on record."""
    Step = PreparationRecord.Step
    steps = [(Step.INVESTIGATION, "调研报告")]
    steps += [(Step.OPTION, f"方案{i + 1}") for i in range(options)]
    steps += [(Step.LOWER_OPINION, "东风村党支部")]
    if expert:
        steps += [(Step.EXPERT, "专家论证意见")]
    for step, title in steps:
        services.preparation_add(
            actor=town.clerk, item=item, step=step, title=title, text="已完成"
        )


def notice(town, meeting):
    """Fix the agenda and send the notice (now: the meeting must start a period later)."""
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    services.notice_send(actor=town.clerk, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def at_start(meeting, tick=True):
    """DEC-2: travel to the meeting's start (it opens no earlier), e.g.
    `with f.at_start(meeting): services.meeting_open(...)`."""
    return time_machine.travel(meeting.start, tick=tick)


def arrive(town, meeting, people):
    for person in people:
        services.attendance_arrive(actor=town.clerk, meeting=meeting, person=person)


def open_meeting(town, *, present=None, items=(AgendaItem.Kind.ORDINARY,), **kw):
    """A noticed and opened meeting with `present` members arrived; returns (meeting, items).

    DEC-2: a meeting opens no earlier than its notified start, so the meeting starts now
    and was scheduled and noticed three days before (the services' clock); it is opened
    now, at its start, and what the test does next happens during the meeting. Given a
    `start`, the members arrive and the meeting opens at that start (the services' clock)."""
    pinned = kw.pop("start", None)
    start = pinned or timezone.now()
    with services.clock(start - datetime.timedelta(days=3)):
        meeting = schedule(town, start=start, **kw)
        made = []
        for kind in items:
            extra = {}
            if kind == AgendaItem.Kind.PERSONNEL:
                extra["nominees"] = [nominee(town)]
            made.append(add_item(town, meeting, kind, **extra))
        notice(town, meeting)
    count = len(town.members) if present is None else present
    with services.clock(pinned) if pinned else contextlib.nullcontext():
        arrive(town, meeting, town.members[:count])
        services.meeting_open(actor=town.clerk, meeting=meeting)
    meeting.refresh_from_db()
    return meeting, made


def nominee(town, name=None):
    return org_services.person_create(
        actor=None, township=town.township, name=name or f"拟任人{next(_counter)}"
    )


def vote(town, item, voters, choice, nominee=None):
    for voter in voters:
        services.ballot_cast(
            actor=town.clerk, item=item, voter=voter, choice=choice, nominee=nominee
        )


def decided_and_locked(town, *, present=None, yes=None, no=(), text="纪要"):
    """A committee meeting that decided one ordinary item (`yes` and `no` voters; by
    default everyone agrees), closed, its minutes signed and locked (the PDF task not run).
    Returns (meeting, item, minutes version)."""
    meeting, (item,) = open_meeting(town, present=present)
    vote(town, item, town.members if yes is None else yes, Ballot.Choice.YES)
    vote(town, item, no, Ballot.Choice.NO)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    version = services.minutes_draft(actor=town.clerk, meeting=meeting, text=text)
    services.minutes_sign(actor=town.secretary, version=version)
    services.minutes_lock(actor=town.secretary, version=version)
    return meeting, item, version
