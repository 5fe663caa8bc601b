"""The demo (one finished project, one open tender) and PRJ-1's county figure (stages
skipped or clocks breached, computed from the records) with its drill-down."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from committees import access
from core import figures as registry
from projects import selectors, services
from projects.demo import build
from projects.figures import prj1_by_township, prj1_drill
from projects.models import Project, StageRecord, Tender
from tests.meetings import factories as mf
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


def test_prj1_demo_has_a_finished_project_and_an_open_tender():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)):
        town = mf.make_town(members=9)
        users = {access.Role.SECRETARY: town.secretary, access.Role.CLERK: town.clerk}
        build(town.township, users)
        build(town.township, users)
        projects = list(
            Project.objects.filter(township=town.township).order_by("created_at")
        )
        assert [p.stage for p in projects] == ["finished", "tendering"]
        finished, open_one = projects
        assert selectors.skipped_stages(finished) == []
        assert not finished.breaches.exists()
        assert selectors.current_tender(finished).status == Tender.Status.CONTRACTED
        tender = selectors.current_tender(open_one)
        assert tender.status == Tender.Status.OPEN and tender.deadline > timezone.now()
        assert selectors.tender_clocks(tender).days_left == 19
        assert set(selectors.public_projects(town.township)) == set(projects)


@time_machine.travel(datetime.datetime(2026, 11, 20, 1, tzinfo=datetime.UTC))
def test_prj1_figure_counts_skipped_stages_and_breaches_with_its_drill_down(world):
    town = f.town_of(world)
    project = f.tendering(town)
    # A clock breached: an objection to the documents answered on the 4th day (PRJ-2).
    with time_machine.travel(f.at(2026, 12, 1, 9), tick=False):
        tender = f.publish(town, project)
        objection = services.objection_record(
            actor=town.clerk,
            tender=tender,
            kind="documents",
            party="乙公司",
            text="资格条件过严",
        )
    with time_machine.travel(f.at(2026, 12, 5, 9), tick=False):
        services.objection_answer(actor=town.clerk, objection=objection, answer="维持")
    # A stage record gone behind the application's back: the approval now reads skipped.
    StageRecord.objects.filter(project=project, stage="approval").delete()
    other = services.project_propose(
        actor=world.b.clerk,
        township=world.other,
        title="别镇项目",
        kind=Project.Kind.ROAD,
        proposed_amount=Decimal("100.00"),
        fiscal_year=2026,
    )
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 11, 30)
    found = prj1_by_township([world.own, world.other], start, end)
    assert found[world.own.pk].value == 2
    assert found[world.other.pk].value == 0
    drill = prj1_drill(world.own, start, end)
    assert drill.value == 2
    rows = {row[1] for row in drill.rows}
    assert rows == {"PRJ-1", "PRJ-2"}
    assert other.pk
    definition = registry.registered_figure("prj1")
    assert definition.rule == "PRJ-1" and definition.colour(2) == registry.BAD
