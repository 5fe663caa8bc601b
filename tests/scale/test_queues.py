"""Scale: each kind of Celery job has its own queue, and every task of the app is classed."""

import pytest
from celery import current_app

from config import queues


def _app_tasks():
    current_app.loader.import_default_modules()
    return sorted(
        name
        for name in current_app.tasks
        if name.split(".", 1)[0]
        in {
            "core",
            "meetings",
            "cadres",
            "finance",
            "projects",
            "disclosure",
            "oversight",
        }
    )


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("meetings.tasks.minutes_pdf_render", queues.PDF),
        ("finance.tasks.quarterly_report_render", queues.PDF),
        ("meetings.tasks.notice_deliver", queues.NOTIFY),
        ("meetings.tasks.remind_day_before", queues.NOTIFY),
        ("cadres.tasks.study_report_reminders", queues.NOTIFY),
        ("core.tasks.integrity_check", queues.CHECKS),
        ("oversight.tasks.figures_nightly", queues.CHECKS),
        ("finance.tasks.statement_period_checks", queues.CHECKS),
        ("core.tasks.outbox_flush", queues.DEFAULT),
    ],
)
def test_a_task_goes_to_the_queue_of_its_kind(task, queue):
    assert queues.queue_for(task) == queue


def test_celery_routes_every_task_of_the_app_through_the_router():
    names = _app_tasks()
    assert "meetings.tasks.minutes_pdf_render" in names
    for name in names:
        route = current_app.amqp.router.route({}, name)
        assert route["queue"].name == queues.queue_for(name), name
        assert route["queue"].name in queues.QUEUES


def test_compose_runs_a_worker_for_every_queue():
    from pathlib import Path

    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    for queue in queues.QUEUES:
        assert (
            f"-Q {queue}" in compose or f",{queue}" in compose or f"{queue}," in compose
        ), queue
