"""Demo projects (committees.demo builder): one road project finished start to end, and one
village-road tender open for bids now. Everything goes through the services, each step at
its own past moment (the services' clocks), the committee's decision through the meetings
services. Idempotent: a township that already has a project is left alone."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from committees import access
from committees import selectors as org
from committees.models import Body
from core.periods import SHANGHAI
from meetings import services as meetings
from meetings.models import AgendaItem, Ballot, PreparationRecord
from projects import services
from projects.models import Inspection, Project

CONDITIONS = [
    "design_done",
    "technical_files",
    "materials_reports",
    "quality_certificates",
    "warranty",
]


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def _decide(township, secretary, clerk, project, start) -> bool:
    """The committee passes the project's MAJOR item at a meeting on `start` (DEC-4, DEC-9)."""
    members = [m.person for m in org.committee_members_on(township, start.date())]
    if len(members) < 3:
        return False
    chair = next(
        (
            m.person
            for m in org.committee_members_on(township, start.date())
            if m.role == "secretary"
        ),
        members[0],
    )
    with meetings.clock(start - datetime.timedelta(days=3)):
        meeting = meetings.meeting_schedule(
            actor=clerk,
            township=township,
            body_kind=Body.Kind.COMMITTEE,
            title="党委会议（项目专题）",
            start=start,
            place="镇政府三楼会议室",
            convener=chair,
        )
        with services.clock(start - datetime.timedelta(days=3)):
            item = services.decision_propose(
                actor=secretary, project=project, meeting=meeting
            )
        Step = PreparationRecord.Step
        steps = [
            (Step.INVESTIGATION, "实地调研报告"),
            (Step.OPTION, "方案一：全线硬化"),
            (Step.OPTION, "方案二：分段实施"),
            (Step.LOWER_OPINION, "沿线村党支部意见"),
            (Step.EXPERT, "专家论证意见"),
        ]
        for step, title in steps:
            meetings.preparation_add(
                actor=clerk, item=item, step=step, title=title, text="已完成"
            )
        meetings.agenda_fix(actor=clerk, meeting=meeting)
        meetings.notice_send(actor=clerk, meeting=meeting)
    with meetings.clock(start):
        for person in members:
            meetings.attendance_arrive(actor=clerk, meeting=meeting, person=person)
        meetings.meeting_open(actor=clerk, meeting=meeting)
        for person in members:
            meetings.ballot_cast(
                actor=clerk, item=item, voter=person, choice=Ballot.Choice.YES
            )
        meetings.item_close(actor=clerk, item=item, discussion="同意实施。")
        meetings.meeting_close(actor=clerk, meeting=meeting)
    return AgendaItem.objects.get(pk=item.pk).status == AgendaItem.Status.CLOSED


def _to_tendering(
    township, secretary, clerk, *, title, amount, start_days
) -> Project | None:
    with services.clock(_at(start_days, 9)):
        project = services.project_propose(
            actor=clerk,
            township=township,
            title=title,
            kind=Project.Kind.ROAD,
            proposed_amount=Decimal(amount),
            fiscal_year=_at(start_days, 9).year,
            description="通村公路硬化、加宽并增设错车道，方便群众出行和农产品外运。",
            location="东风村至镇区",
        )
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.FEASIBILITY
        )
        services.feasibility_record(
            actor=clerk, project=project, estimate=Decimal(amount)
        )
        services.demonstration_record(
            actor=clerk,
            project=project,
            held_on=_at(start_days, 9).date(),
            experts="县交通运输局 王工程师；县公路设计院 李工程师",
            representatives="东风村村民代表 张大山、刘桂芳、陈秀英",
            opinions="线路走向合理；建议增设错车道两处；施工期间保障群众通行。",
        )
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.DECISION
        )
    if not _decide(township, secretary, clerk, project, _at(start_days + 7, 9)):
        return None
    with services.clock(_at(start_days + 12, 10)):
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.APPROVAL
        )
        services.approval_record(
            actor=clerk,
            project=project,
            approved_on=_at(start_days + 12, 10).date(),
            number=f"示发改投资〔{_at(start_days + 12, 10).year}〕{abs(start_days)}号",
            authority="示范县发展和改革局",
            cost_estimate=Decimal(amount),
        )
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.TENDERING
        )
    return project


BIDDERS = [
    ("南岗路桥建设有限公司", "陈国强", "南岗路桥集团", "4860000.00"),
    ("示范县交通工程有限公司", "黄志明", "", "4935000.00"),
    ("东方市政工程有限公司", "吴立新", "东方控股", "5010000.00"),
]


def _finished(township, secretary, clerk) -> None:
    project = _to_tendering(
        township,
        secretary,
        clerk,
        title="东风村通村公路硬化工程",
        amount="5200000.00",
        start_days=-200,
    )
    if project is None:
        return
    docs = _at(-186, 9)
    with services.clock(docs):
        tender = services.tender_publish(
            actor=clerk,
            project=project,
            lot="第一标段（路基路面）",
            documents_from=docs.date(),
            documents_until=docs.date() + datetime.timedelta(days=6),
            deadline=_at(-164, 17),
        )
    bids = []
    for n, (name, rep, ctrl, price) in enumerate(BIDDERS):
        with services.clock(_at(-170 + n, 10)):
            bids.append(
                services.bid_record(
                    actor=clerk,
                    tender=tender,
                    bidder=name,
                    legal_rep=rep,
                    controller=ctrl,
                    price=Decimal(price),
                )
            )
    with services.clock(_at(-164, 17, 30)):
        services.bids_open(actor=clerk, tender=tender)
    with services.clock(_at(-163, 16)):
        evaluators = [(f"评标专家{i}", True, None) for i in "甲乙丙丁"] + [
            ("招标人代表", False, None)
        ]
        services.evaluation_record(
            actor=clerk, tender=tender, evaluators=evaluators, ranking=bids
        )
    with services.clock(_at(-162, 9)):
        services.candidates_publish(actor=clerk, tender=tender)
    with services.clock(_at(-157, 9)):
        services.award(actor=clerk, tender=tender, bid=bids[0])
    with services.clock(_at(-150, 10)):
        services.contract_record(
            actor=clerk,
            tender=tender,
            signed_on=_at(-150, 10).date(),
            amount=bids[0].price,
        )
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.IMPLEMENTATION
        )
    for days, kind, findings in (
        (-120, Inspection.Kind.PROGRESS, "路基完成 60%，进度符合合同工期。"),
        (-80, Inspection.Kind.QUALITY, "路面压实度、厚度抽检合格。"),
    ):
        with services.clock(_at(days, 10)):
            services.inspection_record(
                actor=clerk,
                project=project,
                kind=kind,
                on=_at(days, 10).date(),
                inspector="县交通工程质量监督站 赵工",
                findings=findings,
            )
            services.expenditure_record(
                actor=clerk,
                project=project,
                amount=Decimal("2000000.00"),
                paid_on=_at(days, 10).date(),
                payee=bids[0].bidder,
                note="按进度支付工程款",
            )
    with services.clock(_at(-40, 10)):
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.ACCEPTANCE
        )
        services.acceptance_record(
            actor=clerk,
            project=project,
            accepted_on=_at(-40, 10).date(),
            conditions=CONDITIONS,
            filed_on=_at(-33, 10).date(),
            people_served="东风村村民代表 5 人参加验收",
        )
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.ACCOUNTS
        )
    with services.clock(_at(-10, 10)):
        services.accounts_record(
            actor=clerk,
            project=project,
            amount=Decimal("4860000.00"),
            on=_at(-10, 10).date(),
        )
        services.project_advance(
            actor=clerk, project=project, to=Project.Stage.FINISHED
        )


def _open_tender(township, secretary, clerk) -> None:
    project = _to_tendering(
        township,
        secretary,
        clerk,
        title="樟树村村道拓宽工程",
        amount="4300000.00",
        start_days=-40,
    )
    if project is None:
        return
    docs = _at(-2, 9)
    with services.clock(docs):
        tender = services.tender_publish(
            actor=clerk,
            project=project,
            lot="第一标段",
            documents_from=docs.date(),
            documents_until=docs.date() + datetime.timedelta(days=7),
            deadline=_at(19, 17),
        )
    with services.clock(_at(-1, 15)):
        name, rep, ctrl, price = BIDDERS[1]
        services.bid_record(
            actor=clerk,
            tender=tender,
            bidder=name,
            legal_rep=rep,
            controller=ctrl,
            price=Decimal(price),
        )


def build(township, users_by_role) -> None:
    if Project.objects.filter(township=township).exists():
        return
    secretary = users_by_role.get(access.Role.SECRETARY)
    clerk = users_by_role.get(access.Role.CLERK)
    if secretary is None or clerk is None:
        return
    _finished(township, secretary, clerk)
    _open_tender(township, secretary, clerk)
