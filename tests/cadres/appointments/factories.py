"""Appointment cases built through the services, stage by stage, as users would."""

from __future__ import annotations

import datetime
import itertools

import time_machine
from django.utils import timezone

from cadres.appointments import services
from cadres.appointments.models import AppointmentCase, Inspection, Stage
from committees import services as org_services
from meetings import services as meeting_services
from meetings.models import AgendaItem
from tests.meetings import factories as mf

_counter = itertools.count(1)

POST = "农业服务中心副主任"


def person(township, name=None, kind="cadre"):
    return org_services.person_create(
        actor=None,
        township=township,
        name=name or f"干部{next(_counter)}",
        kind=kind,
    )


def open_case(world, who=None, post=POST) -> AppointmentCase:
    who = who or person(world.own, "王明")
    return services.case_open(
        actor=world.a.secretary, township=world.own, post=post, person=who
    )


def recommend(world, case, others=1):
    rivals = [person(world.own) for _ in range(others)]
    nominees = [(case.person, 41)] + [(p, 12) for p in rivals]
    services.recommendation_record(
        actor=world.a.clerk,
        case=case,
        held_on=timezone.localdate(),
        electorate=60,
        ballots_returned=56,
        nominees=nominees,
    )
    return rivals


def select(world, case):
    return services.candidates_select(
        actor=world.a.clerk,
        case=case,
        held_on=timezone.localdate(),
        attendees="书记、副书记、人大主席、纪委书记",
        record="按推荐得票确定考察对象。",
        candidates=[case.person],
    )


def inspect(world, case, conclusion=Inspection.Conclusion.SUITABLE, report_file=None):
    return services.inspection_record(
        actor=world.a.clerk,
        case=case,
        team="组织委员张三（组长）、李四",
        report="该同志政治坚定，工作扎实。",
        conclusion=conclusion,
        report_file=report_file,
    )


def personnel_vote(world, nominees, agree=None, title=None, case=None):
    """A committee meeting votes on a personnel item naming `nominees` (DEC-4, DEC-6):
    `agree` members agree with each (all 15 by default), the rest disagree, the
    secretary (chair) last. The meeting opens at its notified start (DEC-2), three days
    from now: the decision is dated then. `case` links the item to the case first (the
    way the case page does). Returns the closed item."""
    town = mf.town_of(world)
    meeting = mf.schedule(town)
    item = mf.add_item(
        town,
        meeting,
        AgendaItem.Kind.PERSONNEL,
        title=title or f"关于{nominees[0].name}同志任职的议题",
        nominees=nominees,
    )
    if case is not None:
        services.decision_link(actor=world.a.clerk, case=case, item=item)
    mf.notice(town, meeting)
    agree = len(town.members) if agree is None else agree
    others = town.members[1:] + town.members[:1]  # the secretary (chair) last
    with time_machine.travel(meeting.start, tick=False):
        mf.arrive(town, meeting, town.members)
        meeting_services.meeting_open(actor=town.clerk, meeting=meeting)
        for n, voter in enumerate(others):
            for nominee in nominees:
                meeting_services.ballot_cast(
                    actor=town.clerk,
                    item=item,
                    voter=voter,
                    choice="agree" if n < agree else "disagree",
                    nominee=nominee,
                )
        meeting_services.item_close(actor=town.clerk, item=item)
    item.refresh_from_db()
    return item


def committee_vote(world, case, agree=None):
    """The committee votes on a personnel item naming the case's person, linked to the
    case before the vote. Returns the closed item."""
    return personnel_vote(world, [case.person], agree=agree, case=case)


def revoke(world, decision, title="关于撤销原任职决定的议题"):
    """DEC-10: a later committee meeting revokes `decision` by a reconsideration naming
    it, everyone agreeing. Returns the revoking decision."""
    town = mf.town_of(world)
    meeting = mf.schedule(town)
    item = mf.add_item(
        town,
        meeting,
        AgendaItem.Kind.RECONSIDERATION,
        title=title,
        target_decision=decision,
        change=AgendaItem.Change.REVOKE,
    )
    mf.notice(town, meeting)
    with time_machine.travel(meeting.start, tick=False):
        mf.arrive(town, meeting, town.members)
        meeting_services.meeting_open(actor=town.clerk, meeting=meeting)
        mf.vote(town, item, town.members[1:] + town.members[:1], "yes")
        meeting_services.item_close(actor=town.clerk, item=item)
    item.refresh_from_db()
    return item.decision


def case_at(world, stage, who=None) -> AppointmentCase:
    """A case moved through the services up to `stage` (not yet done at that stage)."""
    case = open_case(world, who)
    order = [
        Stage.RECOMMENDATION,
        Stage.CANDIDATES,
        Stage.INSPECTION,
        Stage.DECISION,
        Stage.NOTICE,
        Stage.FORMALITIES,
        Stage.DONE,
    ]
    for target in order[1 : order.index(stage) + 1]:
        if target == Stage.CANDIDATES:
            recommend(world, case)
        elif target == Stage.INSPECTION:
            select(world, case)
        elif target == Stage.DECISION:
            inspect(world, case)
        elif target == Stage.NOTICE:
            committee_vote(world, case)
            services.decision_confirm(actor=world.a.clerk, case=case)
        elif target == Stage.FORMALITIES:
            notice = services.notice_publish(actor=world.a.clerk, case=case)
            # The period is over: the rest of the case happens after its end.
            after = notice.ends_at + datetime.timedelta(seconds=1)
            with time_machine.travel(after, tick=False):
                services.formalities_start(actor=world.a.clerk, case=case)
        elif target == Stage.DONE:
            with time_machine.travel(after + datetime.timedelta(hours=9), tick=False):
                services.formalities_complete(
                    actor=world.a.clerk,
                    case=case,
                    done_on=timezone.localdate(),
                    letter_number="南委干〔2026〕12号",
                    effective_from=timezone.localdate(),
                )
        case.refresh_from_db()
    return case
