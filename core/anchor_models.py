"""AUD-2: the models of core.anchors and core.documents (kept apart so that core.models
imports them without an import circle; the logic lives in those modules)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_LENGTH = 16  # hex digits of a document's code: 64 bits, printed in four groups


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class Anchor(models.Model):
    """AUD-2: a township's seal chain head at a cut (end of a day, or the moment asked)."""

    township_id = models.PositiveBigIntegerField(_("township"), db_index=True)
    day = models.DateField(_("day"))
    sequence = models.PositiveIntegerField(_("seals in the chain"))
    last_seal_id = models.PositiveBigIntegerField(_("last seal"), null=True)
    head = models.CharField(_("chain head"), max_length=64, blank=True)
    cut_at = models.DateTimeField(_("chain read up to"))
    made_at = models.DateTimeField(_("made at"))

    class Meta:
        app_label = "core"
        verbose_name = _("chain anchor")
        verbose_name_plural = _("chain anchors")
        ordering = ["township_id", "-cut_at", "-id"]
        indexes = [models.Index(fields=["township_id", "-cut_at"])]

    def __str__(self) -> str:
        return self.printed

    @property
    def short_head(self) -> str:
        return self.head[:8]

    @property
    def printed(self) -> str:
        """As printed in footers (the Chinese words are the document's language)."""
        return (
            f"存证 {self.day:%Y-%m-%d} · 序号 {self.sequence} · 摘要 {self.short_head}…"
        )


class Document(models.Model):
    """AUD-2: one generated file's digest, with the record and the code it printed."""

    code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, db_index=True
    )
    digest = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    township_id = models.PositiveBigIntegerField(_("township"), db_index=True)
    model = models.CharField(_("record type"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record"))
    seal_id = models.PositiveBigIntegerField(_("seal"), null=True, blank=True)
    anchor = models.ForeignKey(
        "core.Anchor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anchor printed"),
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        app_label = "core"
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "model", "object_id"],
                name="core_document_once_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id} {format_code(self.code)}"

    @property
    def printed_code(self) -> str:
        return format_code(self.code)
