"""LRN-3 under load, for real on PostgreSQL: two tabs saving the first draft at once
create one report, and a submit racing a draft save never reopens the report."""

import threading

import pytest
from django.db import connection

from cadres.learning import services
from cadres.learning.errors import ReportAlreadySubmitted
from cadres.learning.models import StudyReport

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_lrn3_two_first_drafts_at_once_make_one_report(world):
    def save(text):
        return lambda: services.study_report_save_draft(
            actor=world.a.cadre, township=world.own, year=2026, month=1, text=text
        )

    outcomes = _race(save("甲"), save("乙"))
    assert all(isinstance(o, StudyReport) for o in outcomes), outcomes
    report = StudyReport.objects.get(person=world.a.cadre.person)
    assert report.text in {"甲", "乙"}
    assert report.history.count() == 2


def test_lrn3_a_draft_save_racing_the_submit_never_reopens_it(world):
    services.study_report_save_draft(
        actor=world.a.cadre, township=world.own, year=2026, month=1, text="草稿"
    )
    outcomes = _race(
        lambda: services.study_report_submit(
            actor=world.a.cadre, township=world.own, year=2026, month=1, text="定稿"
        ),
        lambda: services.study_report_save_draft(
            actor=world.a.cadre, township=world.own, year=2026, month=1, text="改动"
        ),
    )
    report = StudyReport.objects.get()
    # Whichever ran first, the submitted text stands: a later save is refused.
    assert isinstance(outcomes[0], StudyReport), outcomes
    assert isinstance(outcomes[1], StudyReport | ReportAlreadySubmitted), outcomes
    assert (report.status, report.text) == (StudyReport.Status.SUBMITTED, "定稿")
