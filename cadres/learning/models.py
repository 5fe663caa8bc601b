"""Models of the learning and training mechanism (SPEC LRN-1 … LRN-6): study plan, study
day, study report, training, spot check, exam.

The Django app is `cadres` (its label, its migrations): `cadres/models.py` imports these by
name, beside the roster's and the appointments'.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Person, Township
from core.uploads import validate_upload

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class StudyArea(models.TextChoices):
    """LRN-1: the four areas of the seed."""

    POLITICAL_THEORY = "political_theory", _("political theory")
    ECONOMICS = "economics", _("economics")
    SCIENCE_CULTURE = "science_culture", _("science and culture")
    LAW = "law", _("law")


class StudyPlan(models.Model):
    """LRN-1: the central group's annual study plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="study_plans",
        verbose_name=_("township"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["township", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="one_study_plan_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"


class StudyTopic(models.Model):
    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="+", verbose_name=_("township")
    )
    plan = models.ForeignKey(
        StudyPlan,
        on_delete=models.CASCADE,
        related_name="topics",
        verbose_name=_("study plan"),
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    area = models.CharField(_("area"), max_length=20, choices=StudyArea.choices)
    title = models.CharField(_("topic"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study topic")
        verbose_name_plural = _("study topics")
        ordering = ["plan", "month", "area", "id"]

    def __str__(self) -> str:
        return self.title


class StudyDay(models.Model):
    """LRN-2 (central group) and LRN-3 (cadres' monthly collective study)."""

    class Kind(models.TextChoices):
        CENTRAL_GROUP = "central_group", _("central group study")
        COLLECTIVE = "collective", _("cadres' collective study day")

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="study_days",
        verbose_name=_("township"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    materials = models.FileField(
        _("materials"),
        upload_to="cadres/study_days/%Y/",
        blank=True,
        validators=[validate_upload],
    )
    experience = models.TextField(_("experience exchanged"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study day")
        verbose_name_plural = _("study days")
        ordering = ["township", "-date"]
        indexes = [models.Index(fields=["township", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class StudyAttendance(models.Model):
    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="+", verbose_name=_("township")
    )
    study_day = models.ForeignKey(
        StudyDay,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("study day"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["study_day", "person"], name="attend_study_day_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.study_day} {self.person}"


class StudyReport(models.Model):
    """LRN-3: one report per cadre per month, due by the township's day of the next month."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        GOOD = "good", _("good")
        PASS = "pass", _("pass")
        FAIL = "fail", _("fail")

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="study_reports",
        verbose_name=_("township"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="study_reports",
        verbose_name=_("cadre"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    comment = models.TextField(_("secretary's comment"), blank=True)
    grade = models.CharField(
        _("grade"), max_length=10, choices=Grade.choices, blank=True
    )
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commented by"),
    )
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly study report")
        verbose_name_plural = _("monthly study reports")
        ordering = ["township", "-year", "-month", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "month"], name="one_study_report_per_month"
            )
        ]
        indexes = [models.Index(fields=["township", "year", "month"])]

    def __str__(self) -> str:
        return f"{self.person} {self.year}-{self.month:02d}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class StudyReminder(models.Model):
    """LRN-3: one row per reminder sent, so that the daily task is safe to run twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("three days before")
        DUE_DAY = "due_day", _("on the due day")

    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="+", verbose_name=_("township")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("cadre")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study report reminder")
        verbose_name_plural = _("study report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "month", "kind"],
                name="one_study_reminder_of_each_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}-{self.month:02d} {self.kind}"


class TrainingRecord(models.Model):
    """LRN-4: training per cadre, with hours and a certificate."""

    class Kind(models.TextChoices):
        JOB_TRAINING = "job_training", _("job training by higher-level departments")
        SELF_STUDY = "self_study", _("self-study")
        ADULT_EDUCATION = "adult_education", _("adult education")

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="training_records",
        verbose_name=_("township"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="training_records",
        verbose_name=_("cadre"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("course"), max_length=200)
    organizer = models.CharField(_("organizer"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    certificate = models.FileField(
        _("certificate"),
        upload_to="cadres/certificates/%Y/",
        blank=True,
        validators=[validate_upload],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["township", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0), name="training_hours_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="training_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SpotCheck(models.Model):
    """LRN-5: the mid-year check of collective and individual study, on a reproducible sample."""

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="spot_checks",
        verbose_name=_("township"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    seed = models.BigIntegerField(_("random seed"))
    sample_size = models.PositiveSmallIntegerField(_("sample size"))
    collective_findings = models.TextField(
        _("findings on collective study"), blank=True
    )
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["township", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="one_spot_check_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"


class SpotCheckItem(models.Model):
    """One sampled cadre: their reports of the first half-year and individual study."""

    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="+", verbose_name=_("township")
    )
    spot_check = models.ForeignKey(
        SpotCheck, on_delete=models.CASCADE, related_name="items"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="spot_check_items"
    )
    position = models.PositiveSmallIntegerField(_("position in the sample"))
    grade = models.CharField(
        _("grade"), max_length=10, choices=StudyReport.Grade.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spot check item")
        verbose_name_plural = _("spot check items")
        ordering = ["spot_check", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["spot_check", "person"], name="sample_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.spot_check} {self.position}. {self.person}"


class QualificationExam(models.Model):
    """LRN-6: an exam township cadres must pass by the deadline."""

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="qualification_exams",
        verbose_name=_("township"),
    )
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("deadline"))
    closed_at = models.DateTimeField(
        pgettext_lazy("qualification exam", "closed at"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("qualification exam")
        verbose_name_plural = _("qualification exams")
        ordering = ["township", "-deadline"]

    def __str__(self) -> str:
        return self.title


class ExamCandidate(models.Model):
    """A cadre the exam applies to, with the result and any disqualification (LRN-6)."""

    class Result(models.TextChoices):
        PENDING = "pending", _("not yet passed")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="+", verbose_name=_("township")
    )
    exam = models.ForeignKey(
        QualificationExam,
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("qualification exam"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="exam_candidacies",
        verbose_name=_("cadre"),
    )
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    result_date = models.DateField(_("result date"), null=True, blank=True)
    disqualified = models.BooleanField(_("disqualified"), default=False)
    disqualified_at = models.DateTimeField(_("disqualified at"), null=True, blank=True)
    disqualification_reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam candidate")
        verbose_name_plural = _("exam candidates")
        ordering = ["exam", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "person"], name="exam_candidate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exam} {self.person}"
