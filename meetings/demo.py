"""Demo meetings (committees.demo builder): a committee meeting every month of the year
but one (DEC-7's gap), a past committee meeting with decisions and locked minutes, and an
upcoming one with its agenda. Idempotent: a township that already
has meetings is left alone."""

from __future__ import annotations

import datetime

from django.utils import timezone

from committees import access
from committees import selectors as org
from committees.models import Body, Person
from committees.services import person_create
from meetings import services
from meetings.models import AgendaItem, Ballot, Meeting, PreparationRecord


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


GAP_MONTH = 5  # the demo's compliance gap (DEC-7): no committee meeting in May


def _monthly_meetings(township, secretary, clerk, chair, people, *, before) -> None:
    """A committee meeting on the 8th of every earlier month of the year but one, each
    hearing the month's work report, its minutes locked: a year of DEC-7 records."""
    for month in range(1, before.month):
        if month == GAP_MONTH:
            continue
        start = timezone.make_aware(datetime.datetime(before.year, month, 8, 9, 0))
        with services.clock(start - datetime.timedelta(days=3)):
            meeting = services.meeting_schedule(
                actor=clerk,
                township=township,
                body_kind=Body.Kind.COMMITTEE,
                title=f"党委会议（{month}月例会）",
                start=start,
                place="镇政府三楼会议室",
                convener=chair,
            )
            report = services.agenda_item_propose(
                actor=secretary,
                meeting=meeting,
                title=f"{month}月重点工作推进情况报告",
                kind=AgendaItem.Kind.FINANCE_REPORT,
            )
            services.agenda_fix(actor=clerk, meeting=meeting)
            services.notice_send(actor=clerk, meeting=meeting)
        with services.clock(start):
            for person in people:
                services.attendance_arrive(actor=clerk, meeting=meeting, person=person)
            services.meeting_open(actor=clerk, meeting=meeting)
            services.item_close(actor=clerk, item=report, discussion="听取并同意报告。")
            services.meeting_close(actor=clerk, meeting=meeting)
        _minutes_locked(
            meeting, secretary, clerk, "会议听取了本月重点工作推进情况报告。"
        )


def _minutes_locked(meeting, secretary, clerk, text: str) -> None:
    """The day after the meeting: the clerk drafts, the secretary signs and locks."""
    with services.clock(meeting.start + datetime.timedelta(days=1)):
        version = services.minutes_draft(actor=clerk, meeting=meeting, text=text)
        services.minutes_sign(actor=secretary, version=version)
        services.minutes_lock(actor=secretary, version=version)


def build(township, users_by_role) -> None:
    if Meeting.objects.filter(township=township).exists():
        return
    secretary = users_by_role[access.Role.SECRETARY]
    clerk = users_by_role[access.Role.CLERK]
    start = _at(-12, 9)
    members = list(org.committee_members_on(township, start.date()))
    if len(members) < 3:
        return
    people = [m.person for m in members]
    chair = next((m.person for m in members if m.role == "secretary"), people[0])
    nominee = (
        Person.objects.filter(township=township, kind=Person.Kind.CADRE)
        .exclude(memberships__isnull=False)
        .order_by("id")
        .first()
    ) or person_create(
        actor=None, township=township, name="刘明华", post="农业服务中心干部"
    )
    _monthly_meetings(township, secretary, clerk, chair, people, before=start)
    with services.clock(start - datetime.timedelta(days=3)):
        meeting = services.meeting_schedule(
            actor=clerk,
            township=township,
            body_kind=Body.Kind.COMMITTEE,
            title="党委会议（月度例会）",
            start=start,
            place="镇政府三楼会议室",
            convener=chair,
        )
        ordinary = services.agenda_item_propose(
            actor=secretary,
            meeting=meeting,
            title="研究春季森林防火工作方案",
            kind=AgendaItem.Kind.ORDINARY,
        )
        personnel = services.agenda_item_propose(
            actor=secretary,
            meeting=meeting,
            title="拟任农业服务中心副主任人选",
            kind=AgendaItem.Kind.PERSONNEL,
            nominees=[nominee],
        )
        report = services.agenda_item_propose(
            actor=secretary,
            meeting=meeting,
            title="第一季度财政收支情况报告",
            kind=AgendaItem.Kind.FINANCE_REPORT,
        )
        services.agenda_fix(actor=clerk, meeting=meeting)
        services.notice_send(actor=clerk, meeting=meeting)
    present = people[:-1]  # one member on leave
    with services.clock(start):
        for person in present:
            services.attendance_arrive(actor=clerk, meeting=meeting, person=person)
        services.meeting_open(actor=clerk, meeting=meeting)
        for person in present:
            services.ballot_cast(
                actor=clerk, item=ordinary, voter=person, choice=Ballot.Choice.YES
            )
        services.item_close(actor=clerk, item=ordinary)
        voters = [p for p in present if p != chair] + [chair]
        for person in voters:
            services.ballot_cast(
                actor=clerk,
                item=personnel,
                voter=person,
                nominee=nominee,
                choice=Ballot.Choice.AGREE,
            )
        services.item_close(actor=clerk, item=personnel)
        services.item_close(actor=clerk, item=report, discussion="听取并同意报告。")
        services.meeting_close(actor=clerk, meeting=meeting)
    _minutes_locked(
        meeting,
        secretary,
        clerk,
        "会议由党委书记主持。会议逐项表决了各项议题，并听取了财政收支情况报告。",
    )
    # The upcoming meeting: agenda proposed, not yet fixed.
    upcoming = services.meeting_schedule(
        actor=clerk,
        township=township,
        body_kind=Body.Kind.COMMITTEE,
        title="党委会议",
        start=_at(6, 9),
        place="镇政府三楼会议室",
        convener=chair,
    )
    road = services.agenda_item_propose(
        actor=secretary,
        meeting=upcoming,
        title="新建东风村至红旗村道路项目",
        kind=AgendaItem.Kind.MAJOR,
        requires_alternatives=True,
        requires_expert=True,
    )
    services.preparation_add(
        actor=clerk,
        item=road,
        step=PreparationRecord.Step.INVESTIGATION,
        title="道路现状调研报告",
        text="实地走访两村，道路破损严重。",
    )
    services.agenda_item_propose(
        actor=secretary,
        meeting=upcoming,
        title="研究村级集体经济发展工作",
        kind=AgendaItem.Kind.ORDINARY,
    )
