"""FIN-2: the quarterly revenue and expenditure report — drawn from the ledger to the fen,
rendered as a PDF with an embedded CJK font and an .xlsx of numbers, by an idempotent
task through the outbox; put on an enlarged meeting's agenda; a quarter not decided by the
end of the next month is a gap (the secretary's home, the county figure and its
drill-down agree); its summary goes to the column."""

from __future__ import annotations

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import Body
from core.errors import NotPermitted
from core.models import PendingTask
from disclosure.models import Category, Item
from finance.models import QuarterlyReport
from finance.reports import errors, figures, selectors, services
from finance.reports.data import QuarterReportData, ReportRow
from finance.reports.xlsx import render_xlsx
from meetings.models import AgendaItem, ComplianceEvent
from tests.finance.reports import factories as rf
from tests.meetings import factories as mf

D = Decimal
Y = 2026
pytestmark = pytest.mark.django_db


@pytest.fixture
def town(world):
    return mf.town_of(world)


@pytest.fixture
def budget(town):
    return rf.year_with_entries(town, Y)


def _row(data, code):
    (row,) = [r for r in data.rows if r.code == code]
    return row


def test_fin2_report_data_drawn_from_the_ledger_to_the_fen(town, budget):
    data = selectors.quarter_report_data(town.township, Y, 2, datetime.date(Y, 7, 2))
    admin = _row(data, "2010101")
    assert (admin.approved, admin.adjusted) == (D("200000.00"), D("200000.00"))
    assert admin.quarter_actual == D("20000.00")  # Q2 only
    assert admin.year_actual == D("50000.10")  # 30,000.10 in Q1 + 20,000.00 in Q2
    assert admin.balance == D("149999.90")
    assert _row(data, "2080201").quarter_actual == D("0.00")
    assert _row(data, "2080201").year_actual == D("12345.67")
    assert data.spending.year_actual == D("112345.76")
    assert data.spending.quarter_actual == D("69999.99")
    assert data.revenue.year_actual == D("248000.05")
    assert data.revenue.quarter_actual == D("240000.00")
    assert "累计支出112,345.76元" in data.summary_zh()


def test_fin2_generate_queues_the_task_through_the_outbox_and_renders_both_files(
    town, budget, django_capture_on_commit_callbacks, tmp_path
):
    report = rf.generated(
        town, Y, 2, datetime.date(Y, 7, 2), django_capture_on_commit_callbacks
    )
    assert report.status == QuarterlyReport.Status.GENERATED
    assert report.generated_at is not None
    assert not PendingTask.objects.filter(task_name=services.RENDER_TASK).exists()
    assert report.summary.startswith("2026年04月01日至2026年06月30日")
    assert report.history.filter(history_change_reason="quarterly report generated")

    book = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))
    assert book.sheetnames == ["第2季度", "年初至本季度末", "汇总"]
    year_sheet = book["年初至本季度末"]
    assert year_sheet.freeze_panes == "A2"
    header = [c.value for c in year_sheet[1]]
    assert header[5] == "年初至本季度末执行数（元）"
    (admin,) = [r for r in year_sheet.iter_rows(min_row=2) if r[0].value == "2010101"]
    assert isinstance(admin[5].value, int | float) and not isinstance(
        admin[5].value, bool
    )  # a number, not text
    assert D(str(admin[5].value)) == D("50000.10")
    assert admin[5].number_format == "#,##0.00"
    assert year_sheet.column_dimensions["B"].width >= 14  # fits 农村道路养护

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.pdf.open("rb").read())
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts and " yes " in fonts  # a CJK font, embedded
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "南岗镇2026年第2季度财政收支情况报告" in text
    assert "50,000.10" in text


def test_fin2_render_task_is_idempotent(
    town, budget, django_capture_on_commit_callbacks
):
    report = rf.generated(
        town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks
    )
    before = (report.generated_at, report.pdf.name, report.history.count())
    from finance import tasks

    tasks.quarterly_report_render(report.pk)  # run twice: nothing changes
    report.refresh_from_db()
    assert (report.generated_at, report.pdf.name, report.history.count()) == before


def test_fin2_refused_before_the_quarter_has_ended(town, budget, english):
    with rf.on(datetime.date(Y, 6, 30)):
        with pytest.raises(errors.QuarterNotEnded) as refused:
            services.quarterly_report_generate(
                actor=town.clerk, township=town.township, year=Y, quarter=2
            )
    assert str(refused.value) == (
        "FIN-2: the report of quarter 2 of 2026 is drawn from the ledger once the "
        "quarter has ended (on 2026-06-30)."
    )
    assert refused.value.rule == "FIN-2"
    assert not QuarterlyReport.objects.exists()


def test_fin2_refused_without_a_budget_in_force(town, english):
    with rf.on(datetime.date(Y, 7, 2)):
        with pytest.raises(errors.NoBudgetInForce):
            services.quarterly_report_generate(
                actor=town.clerk, township=town.township, year=Y, quarter=2
            )
    assert not QuarterlyReport.objects.exists()


def test_fin2_only_staff_generate(world, town, budget):
    with rf.on(datetime.date(Y, 7, 2)):
        for user in (world.a.member, world.a.finance_group, world.b.clerk):
            with pytest.raises(NotPermitted):
                services.quarterly_report_generate(
                    actor=user, township=town.township, year=Y, quarter=2
                )
    assert not QuarterlyReport.objects.exists()


def test_fin2_put_on_an_enlarged_meetings_agenda(
    town, budget, django_capture_on_commit_callbacks, english
):
    report = rf.generated(
        town, Y, 2, datetime.date(Y, 7, 2), django_capture_on_commit_callbacks
    )
    committee = None
    with rf.on(datetime.date(Y, 7, 3)):
        committee = mf.schedule(town, start=rf.moment(datetime.date(Y, 7, 10), 9))
        with pytest.raises(errors.NotEnlargedMeeting):
            services.quarterly_report_put_on_agenda(
                actor=town.secretary, report=report, meeting=committee
            )
        assert not committee.items.exists()
        enlarged = mf.schedule(
            town,
            start=rf.moment(datetime.date(Y, 7, 10), 9),
            body_kind=Body.Kind.ENLARGED,
        )
        with pytest.raises(NotPermitted):  # DEC-2: the secretary proposes items
            services.quarterly_report_put_on_agenda(
                actor=town.clerk, report=report, meeting=enlarged
            )
        report = services.quarterly_report_put_on_agenda(
            actor=town.secretary, report=report, meeting=enlarged
        )
        item = report.agenda_item
        assert item.kind == AgendaItem.Kind.FINANCE_REPORT
        assert item.meeting == enlarged
        assert item.description == report.summary
        assert report.status == QuarterlyReport.Status.ON_AGENDA
        with pytest.raises(errors.ReportAlreadyOnAgenda):
            services.quarterly_report_put_on_agenda(
                actor=town.secretary, report=report, meeting=enlarged
            )
        with pytest.raises(errors.ReportAlreadyOnAgenda):  # the figures heard stay
            services.quarterly_report_generate(
                actor=town.clerk, township=town.township, year=Y, quarter=2
            )
    assert enlarged.items.count() == 1


def test_fin2_after_the_notice_refused_and_the_attempt_kept(
    town, budget, django_capture_on_commit_callbacks
):
    report = rf.generated(
        town, Y, 2, datetime.date(Y, 7, 2), django_capture_on_commit_callbacks
    )
    with rf.on(datetime.date(Y, 7, 3)):
        enlarged = mf.schedule(
            town,
            start=rf.moment(datetime.date(Y, 7, 10), 9),
            body_kind=Body.Kind.ENLARGED,
        )
        mf.add_item(town, enlarged)
        mf.notice(town, enlarged)
        from meetings.errors import AgendaFrozen

        with pytest.raises(AgendaFrozen):
            services.quarterly_report_put_on_agenda(
                actor=town.secretary, report=report, meeting=enlarged
            )
    report.refresh_from_db()
    assert report.agenda_item is None and report.status == report.Status.GENERATED
    assert ComplianceEvent.objects.filter(
        meeting=enlarged, kind=ComplianceEvent.Kind.AGENDA_AFTER_NOTICE
    ).exists()


def _states(town, day):
    return {
        s.quarter: s
        for s in selectors.quarter_states(town.township, Y, now=rf.moment(day))
    }


def test_fin2_decided_by_the_end_of_the_next_month_is_no_gap(
    town, budget, django_capture_on_commit_callbacks
):
    report = rf.generated(
        town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks
    )
    rf.heard(town, report, rf.moment(datetime.date(Y, 4, 30), 9))  # the last day
    states = _states(town, datetime.date(Y, 8, 15))
    assert states[1].decided_on == datetime.date(Y, 4, 30)
    assert not states[1].gap
    assert states[2].gap  # Q2: no report, 31 July has passed
    assert not states[3].gap and not states[4].gap  # not yet due


def test_fin2_a_late_decision_stays_a_gap(
    town, budget, django_capture_on_commit_callbacks
):
    report = rf.generated(
        town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks
    )
    rf.heard(town, report, rf.moment(datetime.date(Y, 5, 1), 9))  # one day late
    state = _states(town, datetime.date(Y, 5, 2))[1]
    assert state.decided_on == datetime.date(Y, 5, 1) and state.gap


def test_fin2_on_the_agenda_but_not_heard_is_a_gap_after_the_due_day(
    town, budget, django_capture_on_commit_callbacks
):
    report = rf.generated(
        town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks
    )
    rf.heard(town, report, rf.moment(datetime.date(Y, 4, 20), 9), close=False)
    assert not _states(town, datetime.date(Y, 4, 30))[1].gap  # still inside
    assert _states(town, datetime.date(Y, 5, 1))[1].gap


def test_fin2_county_figure_equals_its_drill_down_and_reads_unrecorded_without_records(
    world, town, budget, django_capture_on_commit_callbacks
):
    report = rf.generated(
        town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks
    )
    rf.heard(town, report, rf.moment(datetime.date(Y, 4, 28), 9))
    now = rf.moment(datetime.date(Y, 9, 1))
    start, end = datetime.date(Y, 1, 1), datetime.date(Y, 8, 31)
    found = figures.quarters_without_report_by_township(
        [world.own, world.other], start, end, now
    )
    assert found[world.own.pk].value == 1  # Q2 missed
    assert found[world.own.pk].records == [2]
    assert found[world.other.pk].value is None  # no money of 2026 kept here
    drill = figures._fin2_drill(world.own, start, end, now)
    assert drill.value == found[world.own.pk].value
    assert [row[0] for row in drill.rows] == ["2026年第1季度", "2026年第2季度"]
    assert drill.rows[0][3] == "2026-04-28"
    assert figures._fin2_drill(world.other, start, end, now).value is None


def test_fin2_county_figure_in_a_fixed_number_of_queries(
    world, town, budget, django_capture_on_commit_callbacks
):
    rf.generated(town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks)
    start, end, now = (
        datetime.date(Y, 1, 1),
        datetime.date(Y, 8, 31),
        rf.moment(datetime.date(Y, 9, 1)),
    )

    def count(townships):
        with CaptureQueriesContext(connection) as queries:
            figures.quarters_without_report_by_township(townships, start, end, now)
        return len(queries)

    assert count([world.own]) == count([world.own, world.other, world.far])


def test_fin2_summary_published_in_the_column_once_decided(
    town, budget, django_capture_on_commit_callbacks, english
):
    report = rf.generated(
        town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks
    )
    with rf.on(datetime.date(Y, 4, 3)):
        with pytest.raises(errors.ReportNotDecided):
            services.quarterly_report_publish(actor=town.clerk, report=report)
    assert not Item.objects.exists()
    report = rf.heard(town, report, rf.moment(datetime.date(Y, 4, 20), 9))
    with rf.on(datetime.date(Y, 4, 21)):
        report = services.quarterly_report_publish(actor=town.clerk, report=report)
        item = report.column_item
        assert item.category == Category.PROJECT_FUNDS
        assert item.owner == services.REPORT_OWNER
        assert item.body == report.summary
        assert item.state == Item.State.PUBLISHED
        assert report.status == QuarterlyReport.Status.DECIDED
        with pytest.raises(errors.SummaryAlreadyPublished):
            services.quarterly_report_publish(actor=town.clerk, report=report)
    assert Item.objects.count() == 1


def test_fin2_nightly_check_records_heard_reports_as_decided(
    town, budget, django_capture_on_commit_callbacks
):
    report = rf.generated(
        town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks
    )
    report = rf.heard(town, report, rf.moment(datetime.date(Y, 4, 20), 9))
    assert report.status == QuarterlyReport.Status.ON_AGENDA
    from finance import tasks

    with rf.on(datetime.date(Y, 4, 21)):
        counts = tasks.statement_period_checks()
        assert counts["decided"] == 1
        assert tasks.statement_period_checks()["decided"] == 0  # idempotent
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.DECIDED


def test_fin2_xlsx_from_plain_data_has_one_sheet_per_view_and_totals_to_the_fen():
    rows = (
        ReportRow(
            "1", "收入甲", "revenue", D("10.00"), D("10.00"), D("0.10"), D("0.20")
        ),
        ReportRow(
            "2", "支出甲", "spending", D("5.00"), D("6.00"), D("0.01"), D("0.02")
        ),
        ReportRow(
            "3", "支出乙", "spending", D("5.00"), D("4.00"), D("0.02"), D("0.04")
        ),
    )
    data = QuarterReportData("示范县", "南岗镇", Y, 3, datetime.date(Y, 10, 8), rows)
    book = load_workbook(io.BytesIO(render_xlsx(data)))
    summary = book["汇总"]
    assert [c.value for c in summary[1]][0] == "类别"
    spending = [c.value for c in summary[3]]
    assert spending[0] == "支出"
    assert [D(str(v)) for v in spending[1:6]] == [
        D("10.00"),
        D("10.00"),
        D("0.03"),
        D("0.06"),
        D("9.94"),
    ]
    assert D(str(spending[6])) == D("0.0060")  # 0.60 %, as the fraction Excel formats
    assert summary["G3"].number_format == "0.00%"
    assert summary["B3"].number_format == "#,##0.00"
    assert summary.freeze_panes == "A2"


def test_fin2_the_secretarys_home_shows_the_gap_quarters(
    world, town, budget, client, django_capture_on_commit_callbacks
):
    rf.generated(town, Y, 1, datetime.date(Y, 4, 2), django_capture_on_commit_callbacks)
    client.force_login(world.a.secretary)
    with rf.on(datetime.date(Y, 8, 3)):
        page = client.get(
            reverse("home"),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    assert "季度财政收支情况报告" in page
    assert "2个季度未按期听取报告" in page  # Q1 generated but never heard, Q2 nothing
    assert "2026年第1季度、2026年第2季度" in page
    client.force_login(world.a.cadre)
    with rf.on(datetime.date(Y, 8, 3)):
        page = client.get(reverse("home"))
    assert "季度财政收支情况报告" not in page.content.decode()


def test_fin2_a_refusal_is_shown_on_the_page_in_chinese_nothing_written(
    world, town, budget, client
):
    client.force_login(world.a.clerk)
    with rf.on(datetime.date(Y, 8, 3)):
        page = client.post(
            reverse("finance:report_generate", args=[world.own.slug]),
            {"year": Y, "quarter": 3},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert page.status_code == 200
    assert "FIN-2：2026年第3季度报告须在该季度结束（2026-09-30）后根据账簿生成。" in (
        page.content.decode()
    )
    assert not QuarterlyReport.objects.exists()


def test_fin2_the_report_page_says_why_not_with_the_services_refusal(
    world, town, budget, client
):
    with rf.on(datetime.date(Y, 4, 2)):
        report = services.quarterly_report_generate(  # the task not yet run
            actor=town.clerk, township=town.township, year=Y, quarter=1
        )
        client.force_login(world.a.secretary)
        page = client.get(
            reverse("finance:report", args=[world.own.slug, report.pk]),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    from django.utils import translation

    with translation.override("zh-hans"):
        assert f'id="agenda-why">{errors.ReportNotGenerated()}<' in page
        assert f'id="publish-why">{errors.ReportNotDecided()}<' in page
    assert "finance:report_agenda" not in page and "/agenda/" not in page  # no form
