"""Demo records of the township's money (committees.demo builder, idempotent): the finance
group; this year's budget drafted, decided by the committee on 5 January, the voters'
opinions heard, approved by the congress on 12 January, filed and published; a ledger of
every month so far (revenue paid in, spending on every line, several entries a month: rich
enough for FIN-B's quarterly reports); one adjustment (the county's extra road money, June:
group, then congress), one reallocation (September: group only), and one large expenditure
(a village road, communicated to the secretary, decided by an enlarged meeting on 9 July,
contracted, delivered, paid within the SME period)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from committees import access
from committees import selectors as org
from committees.models import Body
from finance import services
from finance.models import Budget, BudgetLine, FinanceGroupMember, LedgerEntry

D = Decimal
Kind = BudgetLine.Kind
Direction = BudgetLine.Direction

# (code, kind, direction, name, amount, key expenditure, Art 54 kind)
LINES = [
    (
        "2010301",
        Kind.GENERAL,
        Direction.SPENDING,
        "政府办公厅（室）行政运行",
        "1860000.00",
        False,
        "base",
    ),
    (
        "2013101",
        Kind.GENERAL,
        Direction.SPENDING,
        "党委办公厅（室）行政运行",
        "620000.00",
        False,
        "base",
    ),
    (
        "2050299",
        Kind.GENERAL,
        Direction.SPENDING,
        "其他普通教育支出",
        "350000.00",
        True,
        "",
    ),
    (
        "2080299",
        Kind.GENERAL,
        Direction.SPENDING,
        "其他民政管理事务支出",
        "240000.00",
        False,
        "",
    ),
    (
        "2081902",
        Kind.GENERAL,
        Direction.SPENDING,
        "农村最低生活保障金支出",
        "980000.00",
        True,
        "statutory",
    ),
    (
        "2100399",
        Kind.GENERAL,
        Direction.SPENDING,
        "其他基层医疗卫生机构支出",
        "310000.00",
        False,
        "",
    ),
    (
        "2120501",
        Kind.GENERAL,
        Direction.SPENDING,
        "城乡社区环境卫生",
        "540000.00",
        False,
        "",
    ),
    (
        "2130504",
        Kind.GENERAL,
        Direction.SPENDING,
        "农村基础设施建设",
        "1450000.00",
        True,
        "",
    ),
    (
        "2130705",
        Kind.GENERAL,
        Direction.SPENDING,
        "对村民委员会和村党支部的补助",
        "1150000.00",
        True,
        "base",
    ),
    (
        "2120803",
        Kind.GOVERNMENT_FUND,
        Direction.SPENDING,
        "城市建设支出",
        "300000.00",
        False,
        "",
    ),
    (
        "2270101",
        Kind.RESERVE_FUND,
        Direction.SPENDING,
        "预备费",
        "150000.00",
        False,
        "",
    ),
    (
        "1030499",
        Kind.NON_TAX_REVENUE,
        Direction.REVENUE,
        "其他行政事业性收费收入",
        "180000.00",
        False,
        "",
    ),
    (
        "1030701",
        Kind.NON_TAX_REVENUE,
        Direction.REVENUE,
        "国有资源（资产）有偿使用收入",
        "420000.00",
        False,
        "",
    ),
    (
        "1030148",
        Kind.GOVERNMENT_FUND,
        Direction.REVENUE,
        "国有土地使用权出让收入",
        "300000.00",
        False,
        "",
    ),
    (
        "1100201",
        Kind.TRANSFER,
        Direction.REVENUE,
        "返还性收入",
        "2100000.00",
        False,
        "",
    ),
    (
        "1100208",
        Kind.TRANSFER,
        Direction.REVENUE,
        "一般性转移支付收入",
        "4950000.00",
        False,
        "",
    ),
]
ROAD = "2130504"
MEMBER_UNITS = list(FinanceGroupMember.Unit)


def _at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _meeting_decides(
    township, secretary, clerk, chair, people, *, start, body_kind, title, propose
):
    """A meeting whose one item (`propose(meeting)`) is prepared, noticed, passed by
    everyone present, closed, and its minutes locked the next day."""
    from meetings import services as ms
    from meetings.models import Ballot, PreparationRecord

    with ms.clock(start - datetime.timedelta(days=3)):
        meeting = ms.meeting_schedule(
            actor=clerk,
            township=township,
            body_kind=body_kind,
            title=title,
            start=start,
            place="镇政府三楼会议室",
            convener=chair,
        )
        record = propose(meeting)
        item = record.agenda_item
        Step = PreparationRecord.Step
        for step, text in (
            (Step.INVESTIGATION, "财政所调研测算"),
            (Step.OPTION, "方案一"),
            (Step.OPTION, "方案二"),
            (Step.LOWER_OPINION, "各村党支部意见"),
            (Step.EXPERT, "县财政局业务指导意见"),
        ):
            ms.preparation_add(
                actor=clerk, item=item, step=step, title=text, text="已完成"
            )
        ms.agenda_fix(actor=clerk, meeting=meeting)
        ms.notice_send(actor=clerk, meeting=meeting)
    with ms.clock(start):
        for person in people:
            ms.attendance_arrive(actor=clerk, meeting=meeting, person=person)
        ms.meeting_open(actor=clerk, meeting=meeting)
        for person in [p for p in people if p != chair] + [chair]:
            ms.ballot_cast(
                actor=clerk, item=item, voter=person, choice=Ballot.Choice.YES
            )
        ms.item_close(actor=clerk, item=item, discussion="与会委员一致同意。")
        ms.meeting_close(actor=clerk, meeting=meeting)
    with ms.clock(start + datetime.timedelta(days=1)):
        version = ms.minutes_draft(
            actor=clerk, meeting=meeting, text=f"会议研究了{title}。"
        )
        ms.minutes_sign(actor=secretary, version=version)
        ms.minutes_lock(actor=secretary, version=version)
    record.refresh_from_db()
    return record


def _spend(clerk, line, amount, on, purpose, counterparty, **kw):
    return services.entry_record(
        actor=clerk,
        line=line,
        kind=LedgerEntry.Kind.SPENT,
        amount=D(amount),
        date=on,
        counterparty=counterparty,
        purpose=purpose,
        **kw,
    )


def _ledger(clerk, lines, year, last_month):
    """Every month so far: revenue paid in, and each spending line's monthly share in
    two or three entries (each its own purpose, under the threshold)."""
    for month in range(1, last_month + 1):
        for code, line in lines.items():
            if line.approved_amount <= 0 or code == ROAD:
                continue
            share = (line.approved_amount * D("0.075")).quantize(D("0.01"))
            if line.direction == Direction.REVENUE:
                services.entry_record(
                    actor=clerk,
                    line=line,
                    kind=LedgerEntry.Kind.PAID_IN,
                    amount=share,
                    date=datetime.date(year, month, 15),
                    counterparty="县财政国库",
                    purpose=f"{month}月{line.name}缴入国库",
                )
                continue
            if code == "2270101":
                continue  # the reserve is used through a change, not spent directly
            parts = [share * D("0.6"), share - share * D("0.6")]
            for index, part in enumerate(parts):
                part = part.quantize(D("0.01"))
                if part <= 0 or part > D("50000.00"):
                    part = min(part, D("48000.00"))
                _spend(
                    clerk,
                    line,
                    part,
                    datetime.date(year, month, 13 + 10 * index),
                    f"{month}月{line.name}（第{index + 1}笔）",
                    "镇财政所代付",
                )
        if ROAD in lines and month in (3, 4, 5):
            _spend(
                clerk,
                lines[ROAD],
                "42000.00",
                datetime.date(year, month, 18),
                f"{month}月村组道路日常养护",
                "镇农业综合服务中心",
            )


def build(township, users_by_role) -> None:
    today = timezone.localdate()
    # The story needs most of a year behind it: this year from November, else last year.
    year = today.year if today.month >= 11 else today.year - 1
    last_month = today.month - 1 if year == today.year else 12
    if Budget.objects.filter(township=township, year=year).exists():
        return
    secretary = users_by_role[access.Role.SECRETARY]
    clerk = users_by_role[access.Role.CLERK]
    group_user = users_by_role.get(access.Role.FINANCE_GROUP)
    members = list(org.committee_members_on(township, datetime.date(year, 1, 5)))
    if len(members) < 3 or group_user is None:
        return
    people = [m.person for m in members]
    chair = next((m.person for m in members if m.role == "secretary"), people[0])
    group = [
        services.group_member_add(
            actor=None,
            township=township,
            person=person,
            unit=MEMBER_UNITS[index % len(MEMBER_UNITS)],
            start=datetime.date(year - 1, 3, 1),
            is_leader=index == 0,
        )
        for index, person in enumerate(people[:7])
    ]
    budget = services.budget_create(
        actor=clerk,
        township=township,
        year=year,
        explanation=f"{year}年预算按照“保基本、保工资、保运转”的原则编制，"
        "重点保障基层民生和乡村振兴支出。",
    )
    for code, kind, direction, name, amount, key, pre in LINES:
        services.budget_line_add(
            actor=clerk,
            budget=budget,
            kind=kind,
            direction=direction,
            code=code,
            name=name,
            amount=D(amount),
            key_expenditure=key,
            pre_approval=pre,
        )
    budget = _meeting_decides(
        township,
        secretary,
        clerk,
        chair,
        people,
        start=_at(year, 1, 5, 15),
        body_kind=Body.Kind.COMMITTEE,
        title=f"党委会议（研究{year}年度预算草案）",
        propose=lambda meeting: services.budget_report(
            actor=secretary, budget=budget, meeting=meeting
        ),
    )
    services.budget_opinions_record(
        actor=clerk,
        budget=budget,
        text="人大代表分片走访选民，建议加大村组道路养护和农村低保投入。",
        heard_on=datetime.date(year, 1, 8),
    )
    budget = services.budget_approve(
        actor=clerk,
        budget=budget,
        approved_on=datetime.date(year, 1, 12),
        session="镇第二十届人民代表大会第五次会议",
        resolution=f"镇人大决〔{year}〕1号",
    )
    services.budget_file(
        actor=clerk, budget=budget, filed_on=datetime.date(year, 1, 20)
    )
    services.budget_publish(
        actor=clerk, budget=budget, published_on=datetime.date(year, 1, 26)
    )
    lines = {line.code: line for line in BudgetLine.objects.filter(budget=budget)}
    _ledger(clerk, lines, year, last_month)
    yes = {member.pk: "yes" for member in group[: len(group) // 2 + 1]}
    # June: the county's extra road money — an adjustment (total spending rises).
    adjustment = services.change_propose(
        actor=clerk,
        budget=budget,
        title="追加县级下达农村道路建设资金",
        deltas=[(lines[ROAD], D("400000.00"))],
        plan="县财政下达农村道路建设补助40万元，全部用于东风村、西岭村道路硬化，"
        "相应增加农村基础设施建设支出40万元。",
    )
    adjustment = services.change_group_decide(
        actor=group_user,
        change=adjustment,
        decided_on=datetime.date(year, 6, 10),
        choices=yes,
    )
    services.change_congress_approve(
        actor=clerk,
        change=adjustment,
        approved_on=datetime.date(year, 6, 20),
        session="镇第二十届人民代表大会第六次会议",
        resolution=f"镇人大决〔{year}〕3号",
    )
    # September: the reserve fund for flood relief — the group only (Art 64).
    reserve = services.change_propose(
        actor=clerk,
        budget=budget,
        title="动用预备费用于汛期受灾群众临时救助",
        deltas=[(lines["2270101"], D("-60000.00")), (lines["2080299"], D("60000.00"))],
    )
    services.change_group_decide(
        actor=group_user,
        change=reserve,
        decided_on=datetime.date(year, 9, 3),
        choices=yes,
    )
    # July: the village road — communicated, decided by the enlarged meeting, paid.
    road = services.large_expenditure_propose(
        actor=clerk,
        line=lines[ROAD],
        purpose="东风村组道路硬化工程（2.1公里）",
        amount=D("386000.00"),
        supplier_name="县通达路桥工程有限公司",
    )
    road = services.large_expenditure_communicate(
        actor=clerk,
        expenditure=road,
        communicated_on=datetime.date(year, 7, 1),
        communication="拟使用县级追加资金硬化东风村组道路2.1公里，预算38.6万元。",
        secretary_view="同意提交党委扩大会议研究，须公开比选施工单位。",
    )
    road = _meeting_decides(
        township,
        secretary,
        clerk,
        chair,
        people,
        start=_at(year, 7, 9),
        body_kind=Body.Kind.ENLARGED,
        title="党委扩大会议（研究东风村组道路硬化工程）",
        propose=lambda meeting: services.large_expenditure_to_agenda(
            actor=secretary, expenditure=road, meeting=meeting
        ),
    )
    road = services.large_expenditure_contract(
        actor=clerk, expenditure=road, signed_on=datetime.date(year, 7, 15)
    )
    road = services.large_expenditure_deliver(
        actor=clerk, expenditure=road, delivered_on=datetime.date(year, 9, 25)
    )
    _spend(
        clerk,
        lines[ROAD],
        "386000.00",
        datetime.date(year, 10, 16),
        "东风村组道路硬化工程（2.1公里）",
        "县通达路桥工程有限公司",
        large_expenditure=road,
    )
