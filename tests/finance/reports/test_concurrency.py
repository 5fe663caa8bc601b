"""FIN-2 under concurrency, for real (threads against PostgreSQL): two secretaries put the
same quarterly report on two enlarged meetings at once — the report row is locked first,
so one succeeds and the other is refused; one agenda item exists. Two clerks generating
the same quarter at once make one report (the township row is locked)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from committees.models import Body
from finance.models import QuarterlyReport
from finance.reports import errors, services
from meetings.models import AgendaItem
from tests.finance.reports import factories as rf
from tests.finance.test_concurrency import _run_threads
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db(transaction=True)
Y = 2026


def test_fin2_two_secretaries_put_one_report_on_two_agendas_at_once():
    town = mf.make_town(members=5)
    second = mf.grant(town.township, "secretary")
    second_clerk = mf.grant(town.township, "clerk")
    rf.year_with_entries(town, Y)
    with time_machine.travel(rf.moment(datetime.date(Y, 4, 2)), tick=True):
        made = _run_threads(
            [
                lambda clerk=clerk: services.quarterly_report_generate(
                    actor=clerk, township=town.township, year=Y, quarter=1
                )
                for clerk in (town.clerk, second_clerk)
            ]
        )
        assert [kind for kind, _value in made] == ["ok", "ok"], made
        assert QuarterlyReport.objects.filter(township=town.township).count() == 1
        report = QuarterlyReport.objects.get(township=town.township)
        assert report.status == QuarterlyReport.Status.GENERATED
        meetings = [
            mf.schedule(
                town,
                start=rf.moment(datetime.date(Y, 4, 10 + n), 9),
                body_kind=Body.Kind.ENLARGED,
            )
            for n in range(2)
        ]
        results = _run_threads(
            [
                lambda actor=actor, meeting=meeting: (
                    services.quarterly_report_put_on_agenda(
                        actor=actor, report=report, meeting=meeting
                    )
                )
                for actor, meeting in zip(
                    (town.secretary, second), meetings, strict=True
                )
            ]
        )
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, errors.ReportAlreadyOnAgenda)
    assert (
        AgendaItem.objects.filter(
            township=town.township, kind=AgendaItem.Kind.FINANCE_REPORT
        ).count()
        == 1
    )
