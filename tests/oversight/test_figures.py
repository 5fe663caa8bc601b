"""PIL-3: the dashboard's figures against records made for the purpose; every figure agrees
with its drill-down; mechanisms not built yet show "not yet recorded", never zero; the query
count does not grow with the number of townships."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cadres.models import StudyDay
from cadres.selectors import submission_rate_by_month
from committees import services as org_services
from committees.models import Person
from core.history import save_with_history
from meetings import errors as meeting_errors
from meetings import services as meeting_services
from oversight import figures
from tests.committees.factories import CountyFactory, UserFactory, make_township
from tests.oversight.factories import aware, held_meeting

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 9, 10, 10, 0, tzinfo=datetime.UTC)
MONTHS = range(1, 9)  # January to August 2026 have ended on 10 September


def _study_day(township, month):
    save_with_history(
        StudyDay(
            township=township,
            kind=StudyDay.Kind.CENTRAL_GROUP,
            date=datetime.date(2026, month, 12),
            topic="理论学习",
        ),
        actor=None,
        reason="test data",
    )


def _reports(township, *, missing=(), late=()):
    from tests.cadres.factories import submitted_report

    for person in Person.objects.filter(township=township, kind=Person.Kind.CADRE):
        for month in MONTHS:
            if (person.pk, month) in missing:
                continue
            submitted_report(person, 2026, month, late=(person.pk, month) in late)


@pytest.fixture
def records(world):
    """Township A (own): no committee meeting in June, an emergency decision of 15 June
    never reported, no central-group study day in March, one cadre's August report missing
    and one July report late. Township B (other): everything kept."""
    with time_machine.travel(NOW, tick=False):
        for month in MONTHS:
            if month != 6:
                held_meeting(world.own, aware(2026, month, 10))
            held_meeting(world.other, aware(2026, month, 10))
            if month != 3:
                _study_day(world.own, month)
            _study_day(world.other, month)
        decider = Person.objects.filter(township=world.own).first()
        emergency = meeting_services.emergency_decision_record(
            actor=world.a.clerk,
            township=world.own,
            decided_by=decider,
            decided_at=aware(2026, 6, 15, 22),
            what="防汛转移群众",
            why="暴雨",
        )
        # DEC-3: a meeting of 8 September whose opening was refused below quorum.
        short = held_meeting(world.own, aware(2026, 9, 8))
        short.status, short.opened_at, short.closed_at = "notice_sent", None, None
        save_with_history(short, actor=None, reason="test data")
        with pytest.raises(meeting_errors.QuorumNotMet):
            meeting_services.meeting_open(actor=world.a.clerk, meeting=short)
        cadre = Person.objects.filter(
            township=world.own, kind=Person.Kind.CADRE
        ).first()
        _reports(world.own, missing={(cadre.pk, 8)}, late={(cadre.pk, 7)})
        _reports(world.other)
    return {"emergency": emergency, "cadre": cadre, "short": short}


def _dashboard(world, user=None):
    with time_machine.travel(NOW, tick=False):
        period = figures.Period.for_year(2026)
        townships = [world.own, world.other]
        return figures.dashboard(townships, period), period


def _cells(data, township):
    row = next(r for r in data["rows"] if r["township"] == township)
    return {c.figure.key: c for m in row["mechanisms"] for c in m["cells"]}


def test_pil3_dec7_missed_month_and_drill_down(world, records):
    """PIL-3 / DEC-7: June without a committee meeting is amber; the drill-down lists June."""
    data, period = _dashboard(world)
    own, other = _cells(data, world.own), _cells(data, world.other)
    assert (own["dec7"].value, own["dec7"].colour) == (1, figures.WARN)
    assert (other["dec7"].value, other["dec7"].colour) == (0, figures.OK)
    with time_machine.travel(NOW, tick=False):
        drill = figures.figure("dec7").drill_down(world.own, period)
    assert drill.value == 1
    assert drill.rows == [["2026-06"]]


def test_pil3_dec8_overdue_emergency_is_red_with_its_record(world, records):
    """PIL-3 / DEC-8: the unreported emergency decision is overdue: red, one record."""
    data, period = _dashboard(world)
    cell = _cells(data, world.own)["dec8"]
    assert (cell.value, cell.colour) == (1, figures.BAD)
    assert _cells(data, world.other)["dec8"].value == 0
    with time_machine.travel(NOW, tick=False):
        drill = figures.figure("dec8").drill_down(world.own, period)
    assert drill.value == 1
    assert drill.rows[0][2] == "防汛转移群众"


def test_pil3_dec3_quorum_failure_is_amber_with_its_record(world, records):
    """PIL-3 / DEC-3: the refused opening is one quorum failure (amber); the drill-down
    names the meeting and the arithmetic."""
    data, period = _dashboard(world)
    cell = _cells(data, world.own)["dec3"]
    assert (cell.value, cell.colour) == (1, figures.WARN)
    assert _cells(data, world.other)["dec3"].value == 0
    with time_machine.travel(NOW, tick=False):
        drill = figures.figure("dec3").drill_down(world.own, period)
    assert drill.value == 1
    ((at, title, what, by),) = drill.rows
    assert (at, title, by) == ("2026-09-10 18:00", "党委会议", world.a.clerk.username)
    assert what.startswith("宣布开会：出席 0 人 / 应到 15 人")


def _records_from_april(township):
    org_services.township_settings_update(
        actor=None,
        township=township,
        reason="joined the pilot in April",
        records_from=datetime.date(2026, 4, 1),
    )


def test_pil3_home_and_dashboard_count_from_the_same_month(world):
    """PIL-3 / DEC-7 / LRN-2: a township keeping its records here from April is not in
    breach for January to March; the secretary's home, the county dashboard and its
    drill-down agree (July is the one gap)."""
    from meetings.selectors import compliance

    _records_from_april(world.own)
    world.own.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        for month in (4, 5, 6, 8):
            held_meeting(world.own, aware(2026, month, 10))
            _study_day(world.own, month)
        home = compliance(world.own, today=NOW.date())["months_without_meeting"]
    data, period = _dashboard(world)
    cells = _cells(data, world.own)
    with time_machine.travel(NOW, tick=False):
        drill = figures.figure("dec7").drill_down(world.own, period)
        study = figures.figure("lrn2").drill_down(world.own, period)
    assert home.records == [(2026, 7)]
    assert cells["dec7"].value == home.count == drill.value == 1
    assert drill.rows == [["2026-07"]]
    assert cells["lrn2"].value == study.value == 1 and study.rows == [["2026-07"]]
    assert sorted(cells["dec7"].by_month) == [4, 5, 6, 7, 8]


def test_pil3_lrn3_late_and_missing_reports(world, records):
    """PIL-3 / LRN-3: the missing August report lowers the rate; the drill-down names the
    cadre, missing in August and late in July."""
    data, period = _dashboard(world)
    with time_machine.travel(NOW, tick=False):
        per_month = submission_rate_by_month(world.own, 2026)
        drill = figures.figure("lrn3").drill_down(world.own, period)
    expected = sum(f.detail["expected"] for f in per_month)
    done = sum(f.detail["submitted"] for f in per_month)
    assert done == expected - 1
    cell = _cells(data, world.own)["lrn3"]
    assert cell.value == done * 100 // expected < 100
    assert _cells(data, world.other)["lrn3"].value == 100
    name = records["cadre"].name
    with translation.override("en"):
        rows = [[str(v) for v in row] for row in drill.rows]
    assert ["2026-08", name, "missing"] in rows
    assert ["2026-07", name, "submitted late"] in rows


def test_pil3_lrn2_month_without_study(world, records):
    data, period = _dashboard(world)
    assert _cells(data, world.own)["lrn2"].value == 1
    with time_machine.travel(NOW, tick=False):
        drill = figures.figure("lrn2").drill_down(world.own, period)
    assert drill.rows == [["2026-03"]]
    # No collective study day recorded at all: every ended month is a gap (LRN-3).
    assert _cells(data, world.own)["lrn3-study"].value == 8


def test_pil3_every_figure_agrees_with_its_drill_down(world, records):
    """PIL-3: the dashboard's value (computed for the whole county) equals the value of the
    mechanism's own selector behind the drill-down, for every available figure."""
    data, period = _dashboard(world)
    for township in (world.own, world.other):
        for key, cell in _cells(data, township).items():
            if cell.colour == figures.NONE:
                continue
            with time_machine.travel(NOW, tick=False):
                drill = figures.figure(key).drill_down(township, period)
            assert drill.value == cell.value, (township, key)


def test_pil3_trend_by_month(world, records):
    data, _ = _dashboard(world)
    trend = next(t for t in data["trends"] if t["figure"].key == "dec7")
    assert [b["value"] for b in trend["bars"]] == [0, 0, 0, 0, 0, 1, 0, 0]


def test_pil3_absent_mechanisms_are_not_yet_recorded_never_zero(world, records):
    """PIL-3: an expected figure whose mechanism registers no selector reads "not yet
    recorded", not 0. Finance (FIN-2) and incentives (INC-4) register theirs now, so the
    test removes one from the registry to see the absent case."""
    from core import figures as registry

    saved = dict(registry._registry)
    try:
        for key in ("fin2", "inc4"):
            registry._registry.pop(key, None)
        data, _ = _dashboard(world)
        cells = _cells(data, world.own)
        assert figures.figure("apt3").available
        assert cells["apt3"].value == 0
        assert figures.figure("dec3").available
        for key in ("fin2", "inc4"):
            assert not figures.figure(key).available
            assert cells[key].colour == figures.NONE
            assert cells[key].value is None
            with translation.override("zh-hans"):
                assert cells[key].text == "尚未记录"
    finally:
        registry._registry.clear()
        registry._registry.update(saved)


def _finance_figure(world):
    from core import figures as registry

    def by_township(townships, start, end, now=None):
        return {
            t.pk: registry.TownshipFigure(2 if t == world.own else 0, records=["Q2"])
            for t in townships
        }

    def drill(township, start, end, now=None):
        return registry.DrillDown(2, ["Quarter"], [["Q2"], ["Q3"]])

    return registry.FigureDefinition(
        key="fin2",
        mechanism="finance",
        rule="FIN-2",
        label="Quarters without a finance report",
        colour_rule="0 green; 1 amber; 2 or more red",
        colour=registry.count_colour(1, 2),
        by_township=by_township,
        drill=drill,
    )


def test_pil3_a_mechanism_becomes_recorded_when_it_registers_its_figure(
    world, records, monkeypatch
):
    """PIL-3: once finance registers its FIN-2 figure (in its ready()), the expected rule
    is computed by finance's selector and coloured by finance's thresholds."""
    from core import figures as registry

    monkeypatch.setitem(registry._registry, "fin2", _finance_figure(world))
    data, period = _dashboard(world)
    own = _cells(data, world.own)["fin2"]
    assert (own.value, own.colour) == (2, figures.BAD)
    assert _cells(data, world.other)["fin2"].colour == figures.OK
    assert figures.figure("fin2").drill_down(world.own, period).rows == [["Q2"], ["Q3"]]
    assert [f.key for f in figures.listed()].count("fin2") == 1


def test_pil3_january_has_no_ended_month(world):
    period = figures.Period.for_year(
        2027, now=datetime.datetime(2027, 1, 15, tzinfo=datetime.UTC)
    )
    assert period.months == []
    data = figures.dashboard([world.own], period)
    assert _cells(data, world.own)["dec7"].value == 0


def _county_of(n):
    county = CountyFactory()
    townships = [
        make_township(county=county, name=f"镇{i}", members=3) for i in range(n)
    ]
    reviewer = UserFactory()
    org_services.county_reviewer_grant(actor=None, user=reviewer, county=county)
    for township in townships:
        held_meeting(township, aware(2026, 5, 10))
        _study_day(township, 4)
    return county, townships, reviewer


def _count_queries(client, county, reviewer):
    from django.urls import reverse

    client.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("oversight:dashboard", args=[county.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_pil3_query_count_does_not_grow_with_townships(client):
    """PIL-3 performance: the dashboard with 3 and with 30 townships runs the same queries."""
    small, _, small_reviewer = _county_of(3)
    large, _, large_reviewer = _county_of(30)
    three = _count_queries(client, small, small_reviewer)
    thirty = _count_queries(client, large, large_reviewer)
    assert three == thirty, (three, thirty)


def test_pil3_a_figure_not_registered_is_not_yet_recorded(world, records, monkeypatch):
    """PIL-3: a figure is listed from what its mechanism registered: without the DEC-2
    late-notice figure it is "not yet recorded", and the other decision figures count."""
    from core import figures as registry

    monkeypatch.delitem(registry._registry, "dec2-notice")
    data, _ = _dashboard(world)
    cells = _cells(data, world.own)
    assert "dec2-notice" not in cells
    assert cells["dec7"].value == 1
    assert figures.figure("dec2-notice") is None


def test_pil3_dec2_late_notices_of_the_year_agree_with_drill_down(world):
    """PIL-3 / DEC-2: refused late notices, counted for the dashboard's year only."""
    from meetings.models import ComplianceEvent

    with time_machine.travel(NOW, tick=False):
        meeting = held_meeting(world.own, aware(2026, 3, 10))
        for when in (aware(2025, 12, 30), aware(2026, 3, 8), aware(2026, 3, 9)):
            save_with_history(
                ComplianceEvent(
                    township=world.own,
                    meeting=meeting,
                    kind=ComplianceEvent.Kind.LATE_NOTICE,
                    at=when,
                    actor=world.a.clerk,
                ),
                actor=None,
                reason="test data",
            )
        data, period = _dashboard(world)
        cell = _cells(data, world.own)["dec2-notice"]
        drill = figures.figure("dec2-notice").drill_down(world.own, period)
    assert (cell.value, cell.colour) == (2, figures.WARN)
    assert drill.value == 2 and len(drill.rows) == 2


def test_pil3_every_figure_is_registered_by_its_mechanism():
    """PIL-3: the dashboard lists the figures the mechanisms registered in their ready()
    (selectors, drill-downs and colour thresholds theirs), and the expected FIN-2, INC-4
    whose mechanisms are not built; oversight computes none of them."""
    import ast
    import pathlib

    from core import figures as registry

    owners = {d.key: d.by_township.__module__ for d in registry.registered()}
    assert owners == {
        "dec7": "meetings.figures",
        "dec8": "meetings.figures",
        "dec2-notice": "meetings.figures",
        "dec2-agenda": "meetings.figures",
        "dec3": "meetings.figures",
        "lrn2": "cadres.figures",
        "lrn3-study": "cadres.figures",
        "lrn3": "cadres.figures",
        "lrn6": "cadres.figures",
        "apt3": "cadres.figures",
        "fin2": "finance.reports.figures",
        "fin5": "finance.ledger.figures",
        "prj1": "projects.figures",
        "inc4": "cadres.incentives.figures",
    }
    assert [f.rule for f in figures.listed()] == [
        "DEC-7", "DEC-8", "DEC-2", "DEC-2", "DEC-3",
        "LRN-2", "LRN-3", "LRN-3", "LRN-6", "APT-3", "FIN-2", "PRJ-1", "FIN-5", "INC-4",
    ]  # fmt: skip
    assert [f.key for f in figures.listed() if not f.available] == []
    # Oversight imports no mechanism and no importlib: nothing to find behind an except.
    imported = set()
    for path in pathlib.Path("oversight").rglob("*.py"):
        if "management" in path.parts:
            continue  # the province generator (issue 17) writes every mechanism's records
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
    assert not imported & {"meetings", "cadres", "finance", "projects", "importlib"}


def _late_notice(township, meeting, when, actor):
    from meetings.models import ComplianceEvent

    save_with_history(
        ComplianceEvent(
            township=township,
            meeting=meeting,
            kind=ComplianceEvent.Kind.LATE_NOTICE,
            at=when,
            actor=actor,
        ),
        actor=None,
        reason="test data",
    )


def test_pil3_dec7_lrn2_a_year_before_the_records_begin_is_not_yet_recorded(world):
    """PIL-3 (DEC-7, LRN-2, LRN-3, DEC-2, ...): a township keeping its records here from
    April 2026 has no known 2025. Every figure of it for 2025 is "not yet recorded"
    (尚未记录), never a green "compliant" — even with a stray 2025 record; the township
    next door, recorded since 2024, is counted as before."""
    _records_from_april(world.own)
    world.own.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        meeting = held_meeting(world.own, aware(2025, 3, 10))
        _late_notice(world.own, meeting, aware(2025, 3, 8), world.a.clerk)
        period = figures.Period.for_year(2025)
        data = figures.dashboard([world.own, world.other], period)
    own = _cells(data, world.own)
    assert own, "the township is listed"
    for key, cell in own.items():
        assert (cell.value, cell.colour) == (None, figures.NONE), key
        with translation.override("zh-hans"):
            assert cell.text == "尚未记录", key
    row = next(r for r in data["rows"] if r["township"] == world.own)
    assert {m["colour"] for m in row["mechanisms"]} == {figures.NONE}
    # The neighbour held no committee meeting in 2025: twelve gaps, red.
    other = _cells(data, world.other)["dec7"]
    assert (other.value, other.colour) == (12, figures.BAD)
    # No month of 2025 is in the trend for the unknown township.
    assert all(not c.by_month for c in own.values())


def test_pil3_dec2_months_before_the_records_begin_are_not_counted(world):
    """PIL-3 / DEC-2: in the year the records begin (April 2026), a refusal recorded in
    February is not counted; one of May is, and the drill-down agrees."""
    _records_from_april(world.own)
    world.own.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        meeting = held_meeting(world.own, aware(2026, 5, 10))
        _late_notice(world.own, meeting, aware(2026, 2, 20), world.a.clerk)
        _late_notice(world.own, meeting, aware(2026, 5, 8), world.a.clerk)
        data, period = _dashboard(world)
        drill = figures.figure("dec2-notice").drill_down(world.own, period)
    cell = _cells(data, world.own)["dec2-notice"]
    assert (cell.value, cell.colour) == (1, figures.WARN)
    assert drill.value == 1 and len(drill.rows) == 1
    assert drill.rows[0][0].startswith("2026-05-08")


def test_pil3_drill_down_page_of_a_year_before_the_records(world, login):
    """PIL-3: the drill-down of a year before the township's records says so, in Chinese,
    and shows no figure."""
    from django.urls import reverse

    _records_from_april(world.own)
    client = login(world.reviewer)
    url = reverse(
        "oversight:drill_down", args=[world.county.pk, world.own.slug, "dec7"]
    )
    with time_machine.travel(NOW, tick=False):
        response = client.get(url + "?year=2025")
    assert response.status_code == 200
    assert response.context["drill"] is None
    assert response.context["cell"].colour == figures.NONE
    text = response.content.decode()
    assert "尚未记录" in text and "2026-04" in text


def _emergency(township, decided_at, *, reported_at=None, report_meeting=None):
    from meetings.models import AgendaItem, EmergencyDecision

    emergency = save_with_history(
        EmergencyDecision(
            township=township,
            decided_by=Person.objects.filter(township=township).first(),
            decided_at=decided_at,
            what=f"临机处置 {decided_at:%m-%d}",
            why="暴雨",
            reported_at=reported_at,
        ),
        actor=None,
        reason="test data",
    )
    if report_meeting is not None:
        save_with_history(
            AgendaItem(
                township=township,
                meeting=report_meeting,
                order=1,
                title="紧急情况处置报告",
                kind=AgendaItem.Kind.EMERGENCY_REPORT,
                status=AgendaItem.Status.CLOSED,
                emergency_decision=emergency,
            ),
            actor=None,
            reason="test data",
        )
    return emergency


def test_dec8_a_decision_reported_late_is_still_a_breach_on_the_dashboard(world):
    """PIL-3 / DEC-8: an emergency decision reported on day 45, or at the second meeting
    held after it, was not reported in time: the figure counts both (red) and the
    drill-down lists both; one reported at the first meeting after it, on day 9, does
    not count."""
    with time_machine.travel(NOW, tick=False):
        day_45 = held_meeting(world.own, aware(2026, 3, 18))  # 1 Feb + 45 days
        _emergency(
            world.own,
            aware(2026, 2, 1, 10),
            reported_at=aware(2026, 3, 18, 10),
            report_meeting=day_45,
        )
        held_meeting(world.own, aware(2026, 5, 10))  # the first meeting after 5 May
        second = held_meeting(world.own, aware(2026, 5, 20))
        _emergency(
            world.own,
            aware(2026, 5, 5, 10),
            reported_at=aware(2026, 5, 20, 10),
            report_meeting=second,
        )
        first = held_meeting(world.own, aware(2026, 8, 10))
        _emergency(
            world.own,
            aware(2026, 8, 1, 10),
            reported_at=aware(2026, 8, 10, 10),
            report_meeting=first,
        )
        data, period = _dashboard(world)
        drill = figures.figure("dec8").drill_down(world.own, period)
    cell = _cells(data, world.own)["dec8"]
    assert (cell.value, cell.colour) == (2, figures.BAD)
    assert _cells(data, world.other)["dec8"].value == 0
    assert drill.value == 2
    assert sorted(row[2] for row in drill.rows) == ["临机处置 02-01", "临机处置 05-05"]
