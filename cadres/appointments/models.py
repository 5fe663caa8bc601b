"""Selection and appointment (SPEC APT-1 … APT-3): an appointment case per post and person.

A case moves through the stages of APT-1 in order; each stage leaves its own record
(recommendation, candidate selection, inspection, the committee decision, the public
notice, formalities) and every move is a StageTransition row (who and when). Nothing here
saves itself: `cadres.appointments.services` does, one transaction per step.

The county's corrections of the holiday calendar live in `committees` (HolidayCorrection):
every period of every mechanism counts with them (`core.periods`).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.fields import township_fk, user_fk
from committees.models import Person
from core.uploads import validate_upload

__all__ = [
    "Applicant",
    "AppointmentCase",
    "CompetitiveSelection",
    "OutstandingBallot",
    "OutstandingBallotChoice",
    "OutstandingListEntry",
    "OutstandingResult",
    "OutstandingVote",
    "CandidateSelection",
    "Formalities",
    "Inspection",
    "PublicNotice",
    "Recommendation",
    "RecommendationNominee",
    "StageTransition",
]


class Stage(models.TextChoices):
    """APT-1: the fixed order of an appointment, none skipped."""

    RECOMMENDATION = "recommendation", _("democratic recommendation")
    CANDIDATES = "candidates", _("candidates chosen by the secretary's office")
    INSPECTION = "inspection", _("inspection")
    DECISION = "decision", _("committee decision")
    NOTICE = "notice", _("public notice")
    FORMALITIES = "formalities", _("formalities")
    DONE = "done", _("formalities done")
    STOPPED = "stopped", _("stopped")


# APT-1: the order of the stages; a case is only ever moved one step forward (or stopped).
STAGE_ORDER = [
    Stage.RECOMMENDATION,
    Stage.CANDIDATES,
    Stage.INSPECTION,
    Stage.DECISION,
    Stage.NOTICE,
    Stage.FORMALITIES,
    Stage.DONE,
]
OPEN_STAGES = STAGE_ORDER[:-1]


class AppointmentCase(models.Model):
    """APT-1: appointing one person to one post."""

    township = township_fk("appointment_cases")
    post = models.CharField(pgettext_lazy("appointment", "post"), max_length=200)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="appointment_cases",
        verbose_name=_("person proposed"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RECOMMENDATION
    )
    opened_by = user_fk(_("opened by"))
    opened_at = models.DateTimeField(
        pgettext_lazy("appointment case", "opened at"), default=timezone.now
    )
    stopped_reason = models.TextField(_("reason stopped"), blank=True)
    # DEC-4, DEC-6: the personnel item of a committee meeting that decides this case.
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personnel agenda item"),
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("appointment case")
        verbose_name_plural = _("appointment cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["township", "stage"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class StageTransition(models.Model):
    """APT-1: who moved the case, from which stage to which, and when."""

    township = township_fk()
    case = models.ForeignKey(
        AppointmentCase,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("appointment case"),
    )
    from_stage = models.CharField(
        _("from stage"), max_length=20, choices=Stage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    by = user_fk(_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Recommendation(models.Model):
    """APT-2: the democratic recommendation — who could vote, how many did, the nominees."""

    township = township_fk()
    case = models.OneToOneField(
        AppointmentCase,
        on_delete=models.CASCADE,
        related_name="recommendation",
        verbose_name=_("appointment case"),
    )
    held_on = models.DateField(_("held on"))
    electorate = models.PositiveIntegerField(
        _("electorate (应参加)"), validators=[MinValueValidator(1)]
    )
    ballots_returned = models.PositiveIntegerField(_("ballots returned (实参加)"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("democratic recommendation")
        verbose_name_plural = _("democratic recommendations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ballots_returned__lte=F("electorate")),
                name="appt_ballots_within_electorate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"


class RecommendationNominee(models.Model):
    """APT-2: a nominee and the votes they received."""

    township = township_fk()
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="nominees",
        verbose_name=_("democratic recommendation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("democratic recommendation", "nominee"),
    )
    votes = models.PositiveIntegerField(_("votes"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = pgettext_lazy("democratic recommendation", "nominee")
        verbose_name_plural = pgettext_lazy("democratic recommendation", "nominees")
        ordering = ["recommendation", "-votes", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "person"], name="appt_nominee_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.votes}"


class CandidateSelection(models.Model):
    """APT-1, APT-2: the secretary's office sitting that chose the candidates for
    inspection, from those recommended."""

    township = township_fk()
    case = models.OneToOneField(
        AppointmentCase,
        on_delete=models.CASCADE,
        related_name="candidate_selection",
        verbose_name=_("appointment case"),
    )
    held_on = models.DateField(_("held on"))
    attendees = models.TextField(_("present at the sitting"))
    record = models.TextField(_("record of the sitting"))
    candidates = models.ManyToManyField(
        Person, related_name="+", verbose_name=_("candidates for inspection")
    )
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[candidates])

    class Meta:
        app_label = "cadres"
        verbose_name = _("candidate selection")
        verbose_name_plural = _("candidate selections")

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"


def _inspection_path(instance, filename):
    return f"cadres/{instance.township_id}/inspections/{filename}"


class Inspection(models.Model):
    """APT-1: the inspection team, its report and its conclusion."""

    class Conclusion(models.TextChoices):
        SUITABLE = "suitable", _("suitable for the post")
        NOT_SUITABLE = "not_suitable", _("not suitable for the post")

    township = township_fk()
    case = models.OneToOneField(
        AppointmentCase,
        on_delete=models.CASCADE,
        related_name="inspection",
        verbose_name=_("appointment case"),
    )
    team = models.TextField(_("inspection team"))
    report = models.TextField(_("inspection report"))
    report_file = models.FileField(
        _("report file"),
        upload_to=_inspection_path,
        blank=True,
        validators=[validate_upload],
    )
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=Conclusion.choices
    )
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return str(self.case)


class PublicNotice(models.Model):
    """APT-3: the notice published in the disclosure column, with its computed period."""

    township = township_fk()
    case = models.OneToOneField(
        AppointmentCase,
        on_delete=models.CASCADE,
        related_name="public_notice",
        verbose_name=_("appointment case"),
    )
    item = models.ForeignKey(
        "disclosure.Item",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("disclosure item"),
    )
    source_ref = models.CharField(_("source reference"), max_length=100)
    published_on = models.DateField(_("published on"))
    last_day = models.DateField(_("last day"))
    ends_at = models.DateTimeField(_("ends at"))
    days = models.PositiveSmallIntegerField(_("notice days"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    published_by = user_fk(_("published by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("pre-appointment public notice")
        verbose_name_plural = _("pre-appointment public notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gt=F("published_on")),
                name="appt_notice_ends_after_publication",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.published_on}–{self.last_day}"


class Formalities(models.Model):
    """APT-1, APT-3: formalities done, after the notice and every finding."""

    township = township_fk()
    case = models.OneToOneField(
        AppointmentCase,
        on_delete=models.CASCADE,
        related_name="formalities",
        verbose_name=_("appointment case"),
    )
    done_on = models.DateField(_("done on"))
    letter_number = models.CharField(_("letter number"), max_length=60)
    effective_from = models.DateField(_("in post from"))
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("formalities")
        verbose_name_plural = _("formalities")

    def __str__(self) -> str:
        return f"{self.case} {self.letter_number}"


# -- APT-4: competitive selection for vacant key posts -----------------------------------

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class CompetitiveSelection(models.Model):
    """APT-4: open posting, applicants, written exam and interview, ranking, result."""

    class Status(models.TextChoices):
        POSTED = "posted", _("posted")
        PUBLISHED = "published", _("result published")

    township = township_fk("competitive_selections")
    post = models.CharField(pgettext_lazy("appointment", "post"), max_length=200)
    description = models.TextField(_("requirements and procedure"))
    written_weight = models.DecimalField(
        _("written exam weight"), max_digits=3, decimal_places=2
    )
    apply_until = models.DateField(_("applications until"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.POSTED
    )
    posting_item = models.ForeignKey(
        "disclosure.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posting in the column"),
    )
    result_item = models.ForeignKey(
        "disclosure.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result in the column"),
    )
    posted_by = user_fk(_("posted by"))
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("competitive selection")
        verbose_name_plural = _("competitive selections")
        ordering = ["-posted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(written_weight__gte=0) & Q(written_weight__lte=1),
                name="appt_written_weight_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.post

    @property
    def interview_weight(self) -> Decimal:
        return Decimal(1) - self.written_weight


class Applicant(models.Model):
    township = township_fk()
    selection = models.ForeignKey(
        CompetitiveSelection,
        on_delete=models.CASCADE,
        related_name="applicants",
        verbose_name=_("competitive selection"),
    )
    name = models.CharField(_("name"), max_length=60)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    written_score = models.DecimalField(
        _("written exam score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    interview_score = models.DecimalField(
        _("interview score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    total = models.DecimalField(
        _("weighted total"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["selection", "rank", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "name"], name="appt_applicant_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


# -- APT-5: outstanding cadres -----------------------------------------------------------


class OutstandingVote(models.Model):
    """APT-5: the yearly vote of all township cadres and village leaders."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", pgettext_lazy("outstanding cadre vote", "closed")

    township = township_fk("outstanding_votes")
    year = models.PositiveSmallIntegerField(_("year"))
    seats = models.PositiveSmallIntegerField(
        _("number to elect"), validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    electorate_size = models.PositiveIntegerField(_("electorate"), default=0)
    opened_by = user_fk(_("opened by"))
    closed_by = user_fk(_("closed by"))
    closed_at = models.DateTimeField(
        pgettext_lazy("outstanding cadre vote", "closed at"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("outstanding cadre vote")
        verbose_name_plural = _("outstanding cadre votes")
        ordering = ["township", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="appt_one_outstanding_vote_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"


class OutstandingBallot(models.Model):
    township = township_fk()
    vote = models.ForeignKey(
        OutstandingVote,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("outstanding cadre vote"),
    )
    voter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("outstanding cadre vote", "voter"),
    )
    entered_by = user_fk(_("entered by"))
    cast_at = models.DateTimeField(
        pgettext_lazy("outstanding cadre vote", "cast at"), default=timezone.now
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("outstanding cadre ballot")
        verbose_name_plural = _("outstanding cadre ballots")
        constraints = [
            # APT-5: one ballot each.
            models.UniqueConstraint(
                fields=["vote", "voter"], name="appt_one_outstanding_ballot_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vote} {self.voter}"


class OutstandingBallotChoice(models.Model):
    township = township_fk()
    ballot = models.ForeignKey(
        OutstandingBallot,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=pgettext_lazy("outstanding cadre vote", "ballot"),
    )
    candidate = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("chosen")
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = pgettext_lazy("outstanding cadre vote", "choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "candidate"], name="appt_choice_once_per_ballot"
            )
        ]

    def __str__(self) -> str:
        return str(self.candidate)


class OutstandingResult(models.Model):
    """APT-5: the result of a year's vote, archived (written once, when it closes)."""

    township = township_fk()
    vote = models.ForeignKey(
        OutstandingVote,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("outstanding cadre vote"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    votes = models.PositiveIntegerField(_("votes"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    elected = models.BooleanField(_("elected"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("outstanding cadre result")
        verbose_name_plural = _("outstanding cadre results")
        ordering = ["vote", "rank", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "person"], name="appt_one_result_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.votes}"


class OutstandingListEntry(models.Model):
    """APT-5: the standing list; entries are added and removed with a reason."""

    township = township_fk("outstanding_list")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    vote = models.ForeignKey(
        OutstandingVote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the vote of"),
    )
    added_on = models.DateField(_("added on"))
    added_reason = models.TextField(_("reason added"))
    added_by = user_fk(_("added by"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_reason = models.TextField(_("reason removed"), blank=True)
    removed_by = user_fk(_("removed by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("outstanding cadre list entry")
        verbose_name_plural = _("outstanding cadre list")
        ordering = ["township", "-added_on", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "person"],
                condition=Q(removed_on__isnull=True),
                name="appt_on_the_list_once",
            )
        ]

    def __str__(self) -> str:
        return str(self.person)
