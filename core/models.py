"""Infrastructure models (not business records): the task outbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingTask(models.Model):
    """A Celery task written in the same transaction as the change that asked for it.

    After commit the outbox publishes it and deletes the row; if the broker is down the
    row stays and `core.tasks.outbox_flush` (beat) sends it later. So a save never fails
    because Redis is down, and no task is lost.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"
