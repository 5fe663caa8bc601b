"""Celery queues by kind of job, each served by its own workers (docker-compose.yml).

- `pdf`: rendering documents (minutes, quarterly reports): seconds each and hundreds of MB;
  few at a time, so a burst of PDFs never delays a reminder.
- `notify`: notices and reminders to people: many, small, time-sensitive.
- `checks`: the nightly and periodic checks (integrity, figures, anchors, period checks):
  long scans that must not hold up either of the above.
- `default`: everything else (the outbox flush, new tasks until they are classed here).

A task is classed by its name, so a new `*_pdf_render` or `remind_*` task lands in the right
queue without an edit here.
"""

from __future__ import annotations

PDF, NOTIFY, CHECKS, DEFAULT = "pdf", "notify", "checks", "default"
QUEUES = (PDF, NOTIFY, CHECKS, DEFAULT)

_CHECK_TASKS = {
    "core.tasks.integrity_check",
    "disclosure.tasks.anchor_townships",
}


def queue_for(name: str) -> str:
    short = name.rsplit(".", 1)[-1]
    if short.endswith("_render") or "pdf" in short:
        return PDF
    if short.startswith(("remind", "notice_")) or short.endswith("_reminders"):
        return NOTIFY
    if (
        name in _CHECK_TASKS
        or short.endswith(("_checks", "_check", "_nightly", "_due"))
        or short.startswith("figures_")
    ):
        return CHECKS
    return DEFAULT


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery's task router (settings.CELERY_TASK_ROUTES)."""
    return {"queue": queue_for(name)}
