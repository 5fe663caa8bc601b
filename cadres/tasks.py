"""Thin Celery tasks: call the service, safe to run twice."""

from celery import shared_task

from cadres.learning import services


@shared_task(name="cadres.tasks.study_report_reminders")
def study_report_reminders() -> int:
    """LRN-3: reminders three days before the due day and on it (idempotent)."""
    return services.study_report_reminders_send()


@shared_task(name="cadres.tasks.exams_close_due")
def exams_close_due() -> int:
    """LRN-6: disqualify those who have not passed by an exam's deadline (idempotent)."""
    return services.exams_close_due()
