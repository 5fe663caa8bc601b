"""Pilot townships, their four phases, phase documents and summaries (PIL-1, PIL-2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.fields import township_fk, user_fk
from committees.models import Township


class Pilot(models.Model):
    """One pilot per township (PIL-1). The seed's ran from July to the end of August."""

    township = models.OneToOneField(
        Township,
        on_delete=models.CASCADE,
        related_name="pilot",
        verbose_name=_("township"),
    )
    start = models.DateField(_("starts on"))
    end = models.DateField(_("ends on"))
    created_by = user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="oversight_pilot_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"


class PilotPhase(models.Model):
    """A phase of a pilot: started, ended, and who moved it on (PIL-1)."""

    class Kind(models.TextChoices):
        PREPARATION = "preparation", _("preparation")
        BUILDING = "building", _("building the system")
        TRIAL_RUN = "trial_run", _("trial run")
        SUMMARY = "summary", _("summary and improvement")

    township = township_fk("pilot_phases")
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="phases", verbose_name=_("pilot")
    )
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    started_by = user_fk(_("started by"))
    moved_on_by = user_fk(_("moved on by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilot phase")
        verbose_name_plural = _("pilot phases")
        ordering = ["pilot", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "kind"], name="oversight_one_phase_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class PhaseDocument(models.Model):
    """A document of a phase. Rules and regulations are versioned: a new version keeps the old."""

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("investigation record")
        PLAN = "plan", _("implementation plan")
        RULES = "rules", _("rules and regulations")
        SYMPOSIUM = "symposium", _("symposium record")
        TRIAL_LOG = "trial_log", _("trial-run log entry")
        OTHER = "other", _("other document")

    township = township_fk("pilot_documents")
    phase = models.ForeignKey(
        PilotPhase,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("phase"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    opinions = models.TextField(_("opinions gathered"), blank=True)
    file = models.FileField(_("file"), upload_to="oversight/%Y/%m/", blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous version"),
    )
    added_by = user_fk(_("added by"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase document")
        verbose_name_plural = _("phase documents")
        ordering = ["phase", "kind", "title", "version"]

    def __str__(self) -> str:
        return self.title


class Summary(models.Model):
    """A round of the pilot's written summary (PIL-2). Every round is kept."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("summary report", "submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    township = township_fk("pilot_summaries")
    pilot = models.ForeignKey(
        Pilot,
        on_delete=models.CASCADE,
        related_name="summaries",
        verbose_name=_("pilot"),
    )
    round = models.PositiveSmallIntegerField(_("round"))
    text = models.TextField(_("text"))
    attachment = models.FileField(
        _("attachment"), upload_to="oversight/summaries/%Y/%m/", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = user_fk(_("submitted by"))
    submitted_at = models.DateTimeField(pgettext_lazy("summary report", "submitted at"))
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = user_fk(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilot summary")
        verbose_name_plural = _("pilot summaries")
        ordering = ["pilot", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "round"], name="oversight_one_summary_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pilot.township} #{self.round}"


class SteeringAssignment(models.Model):
    """A county reviewer of the steering group assigned to follow a township (督导组).

    The assignment narrows nothing: a reviewer reads every township of their county and
    only those (SEC-1); it says who follows which pilot."""

    township = township_fk("steering_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="steering_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = user_fk(_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steering assignment")
        verbose_name_plural = _("steering assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["township", "reviewer"], name="oversight_one_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.township}"


class KeptFigure(models.Model):
    """PIL-3 at scale: a dashboard figure kept per township, year and month, so that the
    county's page reads a few indexed rows instead of computing every township.

    Derived data, not a record anyone writes: it is recomputed from the mechanisms'
    records (`oversight.kept`) when they change and every night, and the nightly check
    compares it with the figure's drill-down. Its history is the history of the records
    it is computed from, so it keeps none of its own (`DERIVED`, `core.audit`).

    `month` 0 is the year so far (up to `through`, the last day of the last month ended
    when computed); 1–12 that month's value (the figures with a trend). `key` is the
    figure's key; "@<mechanism>" holds the mechanism's worst colour, "@" marks the
    township-year as computed (written even when the township has no figure)."""

    DERIVED = True

    township = township_fk("kept_figures")
    county = models.ForeignKey(
        "committees.County",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("county"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    key = models.CharField(_("figure"), max_length=40)
    value = models.IntegerField(_("value"), null=True)
    colour = models.CharField(_("colour"), max_length=8)
    through = models.DateField(_("counted through"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("kept figure")
        verbose_name_plural = _("kept figures")
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "month", "key"],
                name="oversight_kept_figure_unique",
            )
        ]
        indexes = [
            # The county's page and the province's aggregates.
            models.Index(
                fields=["county", "year", "month", "key", "colour"],
                include=["value"],
                name="oversight_kept_county_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township_id} {self.year}-{self.month:02d} {self.key}"


class FigureDiscrepancy(models.Model):
    """PIL-3: what the nightly check found: a kept figure that was out of date (an update
    missed), or a figure that disagrees with its drill-down (a bug in the mechanism's
    county-wide selector). Logged, kept here and shown to the county."""

    class Kind(models.TextChoices):
        KEPT_STALE = "kept", _("kept figure out of date")
        DRILL_DOWN = "drill", _("figure disagrees with its drill-down")

    township = township_fk("figure_discrepancies")
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("figure"), max_length=40)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    expected = models.IntegerField(_("recomputed value"), null=True)
    found = models.IntegerField(_("value found"), null=True)
    checked_on = models.DateField(_("checked on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure discrepancy")
        verbose_name_plural = _("figure discrepancies")
        ordering = ["-checked_on", "township_id", "key"]
        indexes = [
            models.Index(
                fields=["township", "checked_on"], name="oversight_discrepancy_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township_id} {self.year} {self.key}: {self.kind}"
