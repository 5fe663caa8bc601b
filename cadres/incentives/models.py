"""Models of the incentive and restraint mechanism (SPEC INC-1 … INC-7): goals, targets and
scores, the performance pool and its splits, the annual assessment and its reviews, daily
management, democratic life meetings, democratic appraisal, personal matters, contact points.

The Django app is `cadres` (its label, its migrations): `cadres/models.py` imports these by
name, beside the learning, roster and appointment models.
"""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.fields import township_fk, user_fk
from committees.models import Person

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class IncentiveSettings(models.Model):
    """A township's settings of this mechanism. `life_meeting_months` is the township's
    (INC-4: every six months by default, never longer than the national once a year);
    `excellent_percent` is the county's (INC-3), set by its reviewer for every township
    of the county at once."""

    class Interval(models.IntegerChoices):
        QUARTER = 3, _("every three months")
        FOUR_MONTHS = 4, _("every four months")
        HALF_YEAR = 6, _("every six months")
        YEAR = 12, _("once a year")

    township = township_fk("incentive_settings")
    life_meeting_months = models.PositiveSmallIntegerField(
        _("democratic life meeting interval"),
        choices=Interval.choices,
        default=Interval.HALF_YEAR,
    )
    excellent_percent = models.DecimalField(
        _("excellent cap (percent of those assessed)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("incentive settings")
        verbose_name_plural = _("incentive settings")
        constraints = [
            models.UniqueConstraint(
                fields=["township"], name="inc_one_settings_per_township"
            )
        ]

    def __str__(self) -> str:
        return str(self.township)


class Goal(models.Model):
    """INC-1: one of the township's goals for the year."""

    township = township_fk("goals")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("goal"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["township", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "title"], name="inc_goal_title_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CadrePlan(models.Model):
    """INC-1: a cadre's targets for the year, weights summing to exactly 100."""

    township = township_fk("cadre_plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("cadre")
    )
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("target plan")
        verbose_name_plural = _("target plans")
        ordering = ["township", "year", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], name="inc_one_plan_per_cadre_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class Target(models.Model):
    """INC-1 / INC-2: a quantified target with its weight (percent) and, later, its score."""

    township = township_fk()
    plan = models.ForeignKey(
        CadrePlan,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("target plan"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("goal"),
        null=True,
        blank=True,
    )
    title = models.CharField(_("target"), max_length=200)
    measure = models.CharField(_("quantified measure"), max_length=200)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01")),
            MaxValueValidator(Decimal("100")),
        ],
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    scored_by = user_fk(_("scored by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.title


class PerformancePool(models.Model):
    """INC-2: the township's approved performance pool for the year (yuan, to the fen)."""

    township = township_fk("performance_pools")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(
        _("pool (yuan)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    approval = models.CharField(_("approved by (document)"), max_length=200)
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("performance pool")
        verbose_name_plural = _("performance pools")
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="inc_one_pool_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"


class PoolSplit(models.Model):
    """INC-2: one run of the split; a re-run is a new run, the earlier ones are kept."""

    township = township_fk()
    pool = models.ForeignKey(
        PerformancePool,
        on_delete=models.PROTECT,
        related_name="splits",
        verbose_name=_("performance pool"),
    )
    run = models.PositiveIntegerField(_("run"))
    amount = models.DecimalField(_("pool (yuan)"), max_digits=14, decimal_places=2)
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    made_by = user_fk(_("made by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = pgettext_lazy("incentives", "pool split")
        verbose_name_plural = _("pool splits")
        ordering = ["pool", "-run"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "run"], name="inc_split_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.pool} #{self.run}"


class PoolShare(models.Model):
    """INC-2: one cadre's share in one run, with the score it was computed from."""

    township = township_fk()
    split = models.ForeignKey(
        PoolSplit,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=pgettext_lazy("incentives", "pool split"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("cadre")
    )
    score = models.DecimalField(_("score"), max_digits=12, decimal_places=6)
    share = models.DecimalField(_("share (yuan)"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("pool share")
        verbose_name_plural = _("pool shares")
        ordering = ["split", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["split", "person"], name="inc_one_share_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.share}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    COMPETENT = "competent", _("competent")
    BASIC = "basic", _("basically competent")
    INCOMPETENT = "incompetent", _("incompetent")


BONUS_GRADES = frozenset({Grade.EXCELLENT, Grade.COMPETENT})  # 公务员法 Art 80


class Assessment(models.Model):
    """INC-3: a cadre's annual assessment grade, decided by the township or, for committee
    members, recorded as the higher authority decided it (公务员法 Art 37)."""

    class DecidedBy(models.TextChoices):
        TOWNSHIP = "township", _("the township")
        HIGHER = "higher", _("the higher authority")

    township = township_fk("assessments")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("cadre")
    )
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    decided_by = models.CharField(
        _("decided by"), max_length=10, choices=DecidedBy.choices
    )
    higher_decision = models.CharField(
        _("higher authority's decision (document)"), max_length=200, blank=True
    )
    notice_served_on = models.DateField(
        _("written notice served on"), null=True, blank=True
    )
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["township", "-year", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], name="inc_one_assessment_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year} {self.get_grade_display()}"


class AssessmentReview(models.Model):
    """INC-3: a review request (30 days from the notice) or an appeal (15 days from the
    review's result), 公务员法 Art 95."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("review request")
        APPEAL = "appeal", _("appeal")

    township = township_fk()
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("annual assessment"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    filed_on = models.DateField(_("filed on"))
    result = models.TextField(_("result"), blank=True)
    result_on = models.DateField(_("result on"), null=True, blank=True)
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("review or appeal")
        verbose_name_plural = _("reviews and appeals")
        ordering = ["assessment", "filed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind"], name="inc_one_review_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.get_kind_display()}"


class DailyRecord(models.Model):
    """INC-3 daily management: attendance, leave, first-inquiry responsibility."""

    class Kind(models.TextChoices):
        ABSENCE = "absence", _("absence")
        LEAVE = "leave", _("leave")
        FIRST_INQUIRY = "first_inquiry", _("first-inquiry responsibility")

    township = township_fk()
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("cadre")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300)
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("daily management record")
        verbose_name_plural = _("daily management records")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.date}"


class LifeMeeting(models.Model):
    """INC-4: a democratic life meeting of the committee."""

    township = township_fk("life_meetings")
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    due = models.PositiveSmallIntegerField(_("members due"))
    present = models.PositiveSmallIntegerField(_("members present"))
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("democratic life meeting")
        verbose_name_plural = _("democratic life meetings")
        ordering = ["township", "-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class LifeMeetingEntry(models.Model):
    """INC-4: one member due at the meeting: present or not, self-criticism and the
    criticism the member received."""

    township = township_fk()
    meeting = models.ForeignKey(
        LifeMeeting,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("democratic life meeting"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    present = models.BooleanField(_("present"))
    self_criticism = models.TextField(_("self-criticism"), blank=True)
    criticism = models.TextField(_("criticism received"), blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("member at a democratic life meeting")
        verbose_name_plural = _("members at democratic life meetings")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="inc_life_entry_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class RectificationItem(models.Model):
    """INC-4: a rectification item of a democratic life meeting, with its owner."""

    township = township_fk()
    meeting = models.ForeignKey(
        LifeMeeting,
        on_delete=models.CASCADE,
        related_name="rectifications",
        verbose_name=_("democratic life meeting"),
    )
    text = models.CharField(_("rectification item"), max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text


class Appraisal(models.Model):
    """INC-5: the year's democratic appraisal of the township's cadres."""

    class Status(models.TextChoices):
        OPEN = "open", _("open for ballots")
        CLOSED = "closed", _("closed")

    township = township_fk("appraisals")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    subjects = models.ManyToManyField(
        Person, related_name="+", verbose_name=_("cadres appraised")
    )
    opened_by = user_fk(_("opened by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("democratic appraisal")
        verbose_name_plural = _("democratic appraisals")
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="inc_one_appraisal_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"


class AppraisalVoter(models.Model):
    """INC-5: who has voted (one ballot each) — kept apart from what was voted."""

    township = township_fk()
    appraisal = models.ForeignKey(
        Appraisal,
        on_delete=models.CASCADE,
        related_name="voters",
        verbose_name=_("democratic appraisal"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voter"),
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("appraisal voter")
        verbose_name_plural = _("appraisal voters")
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "user"], name="inc_one_ballot_per_voter"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


def _receipt() -> str:
    return secrets.token_hex(5).upper()


class AppraisalBallot(models.Model):
    """INC-5: a secret ballot. Nothing on it leads to the voter: a random key, no time, no
    user; the service saves it without a history row (a trail row would carry the moment
    and the user). The voter keeps the receipt and finds it in the published count."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    township = township_fk()
    appraisal = models.ForeignKey(
        Appraisal,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("democratic appraisal"),
    )
    receipt = models.CharField(
        _("receipt"), max_length=12, unique=True, default=_receipt
    )
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("appraisal ballot")
        verbose_name_plural = _("appraisal ballots")
        ordering = ["appraisal", "receipt"]

    def __str__(self) -> str:
        return self.receipt


class AppraisalMark(models.Model):
    """INC-5: one ballot's mark for one cadre."""

    class Choice(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASIC = "basic", _("basically satisfied")
        NOT_SATISFIED = "not_satisfied", _("not satisfied")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    township = township_fk()
    ballot = models.ForeignKey(
        AppraisalBallot,
        on_delete=models.CASCADE,
        related_name="marks",
        verbose_name=_("appraisal ballot"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("cadre")
    )
    choice = models.CharField(_("choice"), max_length=20, choices=Choice.choices)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("appraisal mark")
        verbose_name_plural = _("appraisal marks")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "person"], name="inc_one_mark_per_cadre"
            )
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class PersonalMattersReport(models.Model):
    """INC-6: a committee member's report of major personal matters. Seen by the
    secretary and the county reviewer only (and the member who filed it)."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("yearly report")
        NEW_MEMBER = "new_member", _("new member's report")
        CHANGE = "change", _("report of a change")

    township = township_fk()
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year reported"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    event_on = models.DateField(_("taking office or change on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"))
    content = models.TextField(_("matters reported"))
    relative_employers = models.TextField(
        _("employers of declared relatives (one a line)"), blank=True
    )
    submitted_by = user_fk(_("submitted by"))
    reviewed_by = user_fk(_("reviewed by"))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("personal matters report")
        verbose_name_plural = _("personal matters reports")
        ordering = ["township", "-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()}"

    def employers(self) -> list[str]:
        return [
            line.strip()
            for line in self.relative_employers.splitlines()
            if line.strip()
        ]


class ContactPoint(models.Model):
    """INC-7: a village a committee member is the contact point of."""

    township = township_fk()
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    village = models.CharField(_("village"), max_length=100)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["village", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} — {self.village}"


class CadreTalk(models.Model):
    """INC-8: a talk (谈心谈话) — the secretary with each member, members with the cadres
    they lead, at least once a year; who, when, topic."""

    township = township_fk()
    talker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("talk held by"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("talked with"),
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("cadre talk")
        verbose_name_plural = _("cadre talks")
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.talker} — {self.person}"


class CommunityFeedback(models.Model):
    """INC-8: supervision outside working hours (社区监督): the community's feedback on a
    cadre, recorded and carried into the dossier."""

    township = township_fk()
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("cadre")
    )
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("given by"), max_length=100)
    text = models.TextField(_("feedback"))
    recorded_by = user_fk(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        app_label = "cadres"
        verbose_name = _("community feedback")
        verbose_name_plural = _("community feedback")
        ordering = ["-received_on", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.received_on}"
