"""PIL-3 / APT-3: the county dashboard's figure of appointment notices honoured."""

import datetime
import zoneinfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.appointments import selectors, services
from cadres.appointments.models import Formalities, Stage
from core.history import save_with_history
from oversight import figures
from tests.cadres.appointments import factories as af

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def _done_case(world):
    with time_machine.travel(
        datetime.datetime(2026, 11, 23, 10, tzinfo=SHANGHAI), tick=False
    ):
        case = af.case_at(world, Stage.NOTICE)
        services.notice_publish(actor=world.a.clerk, case=case)
    with time_machine.travel(
        datetime.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=False
    ):
        services.formalities_start(actor=world.a.clerk, case=case)
        services.formalities_complete(
            actor=world.a.clerk,
            case=case,
            done_on=datetime.date(2026, 12, 1),
            letter_number="南岗任〔2026〕1号",
            effective_from=datetime.date(2026, 12, 1),
        )
    return case


def test_apt3_figure_counts_formalities_done_inside_the_notice_and_drills_down(world):
    """APT-3 on the dashboard: 0 for a case done by the rules; 1, with its record, for
    formalities whose time was moved inside the notice period behind the services' back."""
    figure = figures.figure("apt3")
    assert figure.available  # no longer "not yet recorded"
    _done_case(world)
    townships = [world.own, world.other]
    found = selectors.notice_breaches_by_township(townships, *YEAR)
    assert (found[world.own.pk].count, found[world.other.pk].count) == (0, 0)

    entry = Formalities.objects.get()
    entry.recorded_at = datetime.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI)
    save_with_history(entry, actor=None, reason="test: a change behind the services")
    found = selectors.notice_breaches_by_township(townships, *YEAR)
    assert found[world.own.pk].count == 1
    assert found[world.own.pk].records[0].endswith("公示期未满即办理任职手续")
    # The dashboard in January 2027 shows the whole of 2026; figure and drill-down agree.
    period = figures.Period.for_year(
        2026, now=datetime.datetime(2027, 1, 5, tzinfo=SHANGHAI)
    )
    assert figure.values(townships, period)[world.own.pk].value == 1
    assert figure.values(townships, period)[world.other.pk].value == 0
    drill = figure.drill_down(world.own, period)
    assert drill.value == 1 and len(drill.rows) == 1


def test_apt3_figure_queries_do_not_grow_with_townships(world):
    _done_case(world)
    with CaptureQueriesContext(connection) as two:
        selectors.notice_breaches_by_township([world.own, world.other], *YEAR)
    with CaptureQueriesContext(connection) as three:
        selectors.notice_breaches_by_township(
            [world.own, world.other, world.far], *YEAR
        )
    assert len(two) == len(three)
