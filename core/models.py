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


class Seal(models.Model):
    """AUD-2: the fingerprint of a locked record (minutes, a decision with its ballots, a
    published notice), chained to the township's seal before it.

    `digest` is the HMAC-SHA256 of the record's sealed content (kept in `content`, so a
    check can say what changed); `chain` is the HMAC-SHA256 of the previous seal's chain
    and this seal, so a seal altered or removed behind the application's back breaks every
    chain value after it. The key (`settings.INTEGRITY_KEY`) comes from the environment
    and is never stored in the database: an SQL user cannot recompute a seal.
    `township_id` is a plain number: core sits below the domain apps.
    """

    class Version(models.IntegerChoices):
        # Seals made before the key: plain SHA-256, still verified, counted "unkeyed".
        UNKEYED = 1, _("SHA-256, without a key")
        KEYED = 2, _("HMAC-SHA256 with the server's key")
        # settings.INTEGRITY_HASH = "sm3": the national standard hash (GB/T 32905).
        KEYED_SM3 = 3, _("HMAC-SM3 with the server's key")

    township_id = models.PositiveBigIntegerField(_("township"), db_index=True)
    model = models.CharField(_("record type"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record"))
    content = models.JSONField(_("sealed content"))
    digest = models.CharField(_("fingerprint"), max_length=64)
    previous = models.CharField(_("previous chain value"), max_length=64, blank=True)
    chain = models.CharField(_("chain value"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"))
    version = models.PositiveSmallIntegerField(
        _("seal version"), choices=Version.choices
    )

    class Meta:
        verbose_name = _("seal")
        verbose_name_plural = _("seals")
        ordering = ["township_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id"], name="core_seal_one_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id}"


class IntegrityCheck(models.Model):
    """AUD-2: one run of the check of every seal (beat, daily; or an auditor's request)."""

    ran_at = models.DateTimeField(_("checked at"))
    seals = models.PositiveIntegerField(_("seals checked"))
    breaches = models.JSONField(_("breaches"), default=list)
    heads = models.JSONField(_("chain heads"), default=dict)
    unkeyed = models.PositiveIntegerField(_("seals without a key"), default=0)

    class Meta:
        verbose_name = _("integrity check")
        verbose_name_plural = _("integrity checks")
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M} ({len(self.breaches)})"

    @property
    def ok(self) -> bool:
        return not self.breaches


# AUD-2: the daily chain anchors and the generated documents' digests live beside their
# helpers (core.anchors, core.documents); imported here so Django finds them.
from core.anchor_models import Anchor, Document  # noqa: E402, F401
