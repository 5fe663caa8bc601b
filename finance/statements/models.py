"""Models of the finance statements and audits (SPEC FIN-2, FIN-7, FIN-8): the quarterly
report, the final accounts, the economic responsibility audits and their findings. Their
services and screens live in `finance/reports/`, `finance/accounts/`, `finance/audits/`.

The Django app is `finance`; `finance/models.py` imports these by name.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.fields import township_fk
from committees.models import Person
from core.uploads import validate_upload
from finance._fields import YEAR_VALIDATORS


class QuarterlyReport(models.Model):
    """FIN-2: the quarter's revenue and expenditure report to the enlarged meeting."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being generated")
        GENERATED = "generated", _("generated")
        ON_AGENDA = "on_agenda", _("on the enlarged meeting's agenda")
        DECIDED = "decided", _("decided")

    township = township_fk("quarterly_reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="finance/reports/", blank=True)
    xlsx = models.FileField(_("spreadsheet"), upload_to="finance/reports/", blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enlarged meeting agenda item"),
    )
    column_item = models.ForeignKey(
        "disclosure.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("column item"),
    )
    # FIN-2: the summary printed in the PDF, the agenda item and the column (one text).
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["township", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "quarter"], name="one_report_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year} Q{self.quarter}"


class FinalAccounts(models.Model):
    """FIN-8: the year's final accounts (决算)."""

    township = township_fk("final_accounts")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    congress_approved_on = models.DateField(
        _("approved by the people's congress on"), null=True, blank=True
    )
    congress_session = models.CharField(
        _("congress session"), max_length=100, blank=True
    )
    congress_resolution = models.CharField(
        _("resolution number"), max_length=100, blank=True
    )
    approved_file = models.FileField(
        _("approved final accounts file"),
        upload_to="finance/accounts/",
        blank=True,
        validators=[validate_upload],
    )
    filed_on = models.DateField(_("filed with the county on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final accounts")
        verbose_name_plural = _("final accounts")
        ordering = ["township", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="one_final_accounts_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"


class EconomicAudit(models.Model):
    """FIN-7: an economic responsibility audit of the secretary or the township head."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("party secretary")
        TOWNSHIP_HEAD = "township_head", _("township head")

    township = township_fk("economic_audits")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="economic_audits",
        verbose_name=_("audited person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    period_start = models.DateField(_("period covered from"))
    period_end = models.DateField(_("period covered until"))
    auditor = models.CharField(_("auditor"), max_length=200)
    report_date = models.DateField(_("report date"), null=True, blank=True)
    report_file = models.FileField(
        _("audit report"),
        upload_to="finance/audits/",
        blank=True,
        validators=[validate_upload],
    )
    comments_received_on = models.DateField(
        _("written comments received on"), null=True, blank=True
    )
    comments = models.TextField(_("written comments"), blank=True)
    rectification_reported_on = models.DateField(
        _("rectification report date"), null=True, blank=True
    )
    rectification_report = models.TextField(_("rectification report"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("economic responsibility audit")
        verbose_name_plural = _("economic responsibility audits")
        ordering = ["township", "-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.period_start}–{self.period_end}"


class AuditFinding(models.Model):
    """FIN-7: a finding of an audit, with its rectification owner and due date."""

    township = township_fk()
    audit = models.ForeignKey(
        EconomicAudit,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("economic responsibility audit"),
    )
    text = models.TextField(_("finding"))
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="audit_findings",
        verbose_name=_("rectification owner"),
    )
    due_on = models.DateField(_("due date"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "due_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]
