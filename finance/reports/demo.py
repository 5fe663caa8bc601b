"""Demo records of the statements (committees.demo builder, idempotent), standing on the
finance demo's budget and ledger (`finance.demo`, registered before this one):

- FIN-2: the first and second quarters' reports generated from the ledger early in the next
  month, heard by enlarged meetings on 24 April and 24 July (on time) and their summaries
  published in the column; the third quarter's report generated but never put on an
  agenda — a gap once 31 October has passed.
- FIN-8: last year's budget (a small one) and its final accounts, approved by the congress
  on 2 March, published on 16 March and filed on 20 March (inside 20 and 30 days).
- FIN-7: an economic responsibility audit of the secretary (the last four years), its
  report received on 10 April, the written comments on 15 April (inside 10 days), and one
  finding still open, owned by the township head's office clerk.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from committees import access
from committees import selectors as org
from committees.models import Body, Person
from finance.models import (
    Budget,
    BudgetLine,
    EconomicAudit,
    LedgerEntry,
    QuarterlyReport,
)
from finance.reports.clock import clock

D = Decimal


def _at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _heard(township, secretary, clerk, chair, people, report, start):
    """An enlarged meeting at `start` hears the report; its minutes locked next day."""
    from finance.reports import services
    from meetings import services as ms

    with ms.clock(start - datetime.timedelta(days=3)):
        meeting = ms.meeting_schedule(
            actor=clerk,
            township=township,
            body_kind=Body.Kind.ENLARGED,
            title=f"党委扩大会议（听取第{report.quarter}季度财政收支情况报告）",
            start=start,
            place="镇政府三楼会议室",
            convener=chair,
        )
        report = services.quarterly_report_put_on_agenda(
            actor=secretary, report=report, meeting=meeting
        )
        ms.agenda_fix(actor=clerk, meeting=meeting)
        ms.notice_send(actor=clerk, meeting=meeting)
    with ms.clock(start):
        for person in people:
            ms.attendance_arrive(actor=clerk, meeting=meeting, person=person)
        ms.meeting_open(actor=clerk, meeting=meeting)
        ms.item_close(
            actor=clerk,
            item=report.agenda_item,
            discussion="会议听取了党委书记所作的财政收支情况报告，要求严格预算执行。",
        )
        ms.meeting_close(actor=clerk, meeting=meeting)
    with ms.clock(start + datetime.timedelta(days=1)):
        version = ms.minutes_draft(
            actor=clerk,
            meeting=meeting,
            text=f"会议听取了第{report.quarter}季度财政收支情况报告。",
        )
        ms.minutes_sign(actor=secretary, version=version)
        ms.minutes_lock(actor=secretary, version=version)
    report.refresh_from_db()
    return report


def _generated(township, clerk, year, quarter, on: datetime.date):
    """Generated as of `on`; rendered now, inside the same clock (the outbox's task then
    finds it done: the task is idempotent)."""
    from finance.reports import services

    with clock(_at(on.year, on.month, on.day, 10)):
        report = services.quarterly_report_generate(
            actor=clerk, township=township, year=year, quarter=quarter
        )
        return services.quarterly_report_render(report_id=report.pk)


def _quarters(township, secretary, clerk, chair, people, year):
    from finance.reports import services

    for quarter, generated_on, heard_on in (
        (1, datetime.date(year, 4, 3), datetime.date(year, 4, 24)),
        (2, datetime.date(year, 7, 3), datetime.date(year, 7, 24)),
    ):
        report = _generated(township, clerk, year, quarter, generated_on)
        report = _heard(
            township,
            secretary,
            clerk,
            chair,
            people,
            report,
            _at(*heard_on.timetuple()[:3]),
        )
        with clock(_at(heard_on.year, heard_on.month, heard_on.day + 1, 10)):
            services.quarterly_report_publish(actor=clerk, report=report)
    # The third quarter: drawn up, never reported to an enlarged meeting (FIN-2 gap).
    _generated(township, clerk, year, 3, datetime.date(year, 10, 9))
    services.quarterly_reports_mark_decided(actor=None, township=township)


def _last_year(township, secretary, clerk, chair, people, year):
    """A small budget of `year`, in force from 12 January, with a few entries, and its
    final accounts (FIN-8)."""
    from finance import demo as money_demo
    from finance import services as money
    from finance.accounts import services as accounts

    if Budget.objects.filter(township=township, year=year).exists():
        return
    budget = money.budget_create(
        actor=clerk, township=township, year=year, explanation=f"{year}年预算"
    )
    lines = {}
    for code, kind, direction, name, amount in (
        (
            "1030401",
            BudgetLine.Kind.NON_TAX_REVENUE,
            "revenue",
            "行政事业性收费收入",
            "180000.00",
        ),
        (
            "2010301",
            BudgetLine.Kind.GENERAL,
            "spending",
            "政府办公厅（室）行政运行",
            "1500000.00",
        ),
        ("2130101", BudgetLine.Kind.GENERAL, "spending", "农村道路养护", "600000.00"),
        ("2270101", BudgetLine.Kind.RESERVE_FUND, "spending", "预备费", "42000.00"),
    ):
        lines[code] = money.budget_line_add(
            actor=clerk,
            budget=budget,
            kind=kind,
            direction=direction,
            code=code,
            name=name,
            amount=D(amount),
            pre_approval="base" if code == "2010301" else "",
        )
    budget = money_demo._meeting_decides(
        township,
        secretary,
        clerk,
        chair,
        people,
        start=_at(year, 1, 6, 15),
        body_kind=Body.Kind.COMMITTEE,
        title=f"党委会议（研究{year}年度预算草案）",
        propose=lambda meeting: money.budget_report(
            actor=secretary, budget=budget, meeting=meeting
        ),
    )
    money.budget_opinions_record(
        actor=clerk,
        budget=budget,
        text="人大代表走访选民，建议保障村道养护。",
        heard_on=datetime.date(year, 1, 8),
    )
    budget = money.budget_approve(
        actor=clerk,
        budget=budget,
        approved_on=datetime.date(year, 1, 12),
        session="镇第二十届人民代表大会第四次会议",
        resolution=f"镇人大决〔{year}〕1号",
    )
    for month in range(1, 13):
        day = datetime.date(year, month, 20 if month > 1 else 25)
        money.entry_record(
            actor=clerk,
            line=lines["1030401"],
            kind=LedgerEntry.Kind.PAID_IN,
            amount=D("14500.00"),
            date=day,
            counterparty="镇财政所",
            purpose=f"{month}月行政事业性收费缴库",
        )
        for part, amount in (
            ("人员经费", "45650.40"),
            ("公用经费", "36000.00"),
            ("临聘人员经费", "37000.00"),
        ):
            money.entry_record(
                actor=clerk,
                line=lines["2010301"],
                kind=LedgerEntry.Kind.SPENT,
                amount=D(amount),
                date=day,
                counterparty="镇政府办公室",
                purpose=f"{month}月行政运行{part}",
            )
        if month in (4, 8, 11):
            money.entry_record(
                actor=clerk,
                line=lines["2130101"],
                kind=LedgerEntry.Kind.SPENT,
                amount=D("46800.00"),
                date=day,
                counterparty="镇交通管理站",
                purpose=f"{month}月村道日常养护",
            )
    with clock(_at(year + 1, 1, 15, 10)):
        final = accounts.final_accounts_draw(actor=clerk, township=township, year=year)
    final = accounts.final_accounts_approval_record(
        actor=clerk,
        accounts=final,
        approved_on=datetime.date(year + 1, 3, 2),
        session="镇第二十届人民代表大会第六次会议",
        resolution=f"镇人大决〔{year + 1}〕2号",
    )
    with clock(_at(year + 1, 3, 16, 10)):
        final = accounts.final_accounts_publish(actor=clerk, accounts=final)
    accounts.final_accounts_filing_record(
        actor=clerk, accounts=final, filed_on=datetime.date(year + 1, 3, 20)
    )


def _audit(township, clerk, chair, year):
    from finance.audits import services as audits

    if EconomicAudit.objects.filter(township=township).exists():
        return
    owner = (
        Person.objects.filter(township=township, kind=Person.Kind.CADRE)
        .exclude(pk=chair.pk)
        .order_by("id")
        .first()
    ) or chair
    audit = audits.economic_audit_record(
        actor=clerk,
        township=township,
        person=chair,
        role=EconomicAudit.Role.SECRETARY,
        period_start=datetime.date(year - 4, 1, 1),
        period_end=datetime.date(year - 1, 12, 31),
        auditor="县审计局",
        report_date=datetime.date(year, 4, 10),
    )
    audits.economic_audit_comments_record(
        actor=clerk,
        audit=audit,
        received_on=datetime.date(year, 4, 15),
        comments="对审计报告反映的问题无异议，将认真组织整改。",
    )
    audits.audit_finding_add(
        actor=clerk,
        audit=audit,
        text="部分村级公益事业一事一议财政奖补资金未及时拨付到村，滞留镇财政所。",
        owner=owner,
        due_on=datetime.date(year, 12, 31),
    )


def build(township, users_by_role) -> None:
    from finance.selectors import budget_in_force

    today = timezone.localdate()
    year = today.year if today.month >= 11 else today.year - 1  # as finance.demo
    if QuarterlyReport.objects.filter(township=township, year=year).exists():
        return
    if budget_in_force(township, year) is None:
        return  # the money demo did not run here (too few members, no finance group)
    secretary = users_by_role[access.Role.SECRETARY]
    clerk = users_by_role[access.Role.CLERK]
    members = list(org.committee_members_on(township, datetime.date(year, 1, 5)))
    people = [m.person for m in members]
    chair = next((m.person for m in members if m.role == "secretary"), people[0])
    _quarters(township, secretary, clerk, chair, people, year)
    _last_year(township, secretary, clerk, chair, people, year - 1)
    _audit(township, clerk, chair, year)
