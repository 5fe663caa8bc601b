"""The decision-making mechanism (SPEC DEC-1..DEC-11): meetings, agendas, notices,
attendance, ballots, decisions, emergency decisions and minutes.

Every model keeps a `township` foreign key and its history (AUD-1). Nothing here saves
itself: `meetings.services` does, inside one transaction per rule.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.fields import township_fk, user_fk
from committees.models import Body, Person, RuleSet
from core.uploads import validate_upload


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        NOTICE_SENT = "notice_sent", _("notice sent")
        OPEN = "open", _("in session")
        CLOSED = "closed", _("closed")

    township = township_fk("meetings")
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    convener = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convener"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    agenda_fixed_at = models.DateTimeField(_("agenda fixed at"), null=True, blank=True)
    agenda_fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda fixed by"),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Snapshot of the quorum check when the meeting opened (DEC-3), printed in the minutes.
    members_count = models.PositiveSmallIntegerField(_("members (应到)"), default=0)
    present_at_opening = models.PositiveSmallIntegerField(
        _("present at opening (实到)"), default=0
    )
    quorum_arithmetic = models.CharField(
        _("quorum arithmetic"), max_length=300, blank=True
    )
    day_reminder_sent_at = models.DateTimeField(
        _("day-before reminder sent at"), null=True, blank=True
    )
    minutes_reminder_sent_at = models.DateTimeField(
        _("minutes reminder sent at"), null=True, blank=True
    )
    # DEC-2: a meeting held before it was entered here, recorded afterwards to catch up
    # (补录); scheduling a meeting in the past is refused otherwise.
    recorded_afterwards = models.BooleanField(
        _("recorded afterwards (catching up)"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start"]
        indexes = [models.Index(fields=["township", "start"])]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.start):%Y-%m-%d %H:%M})"

    @property
    def day(self):
        return timezone.localdate(self.start)

    @property
    def decides(self) -> bool:
        return self.body.decides


class Participant(models.Model):
    township = township_fk()
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("meeting"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    # Enlarged meetings: invitees (列席人员) attend and never vote.
    is_invitee = models.BooleanField(_("invitee"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "is_invitee", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_participant_row_per_person"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class Notice(models.Model):
    """A meeting notice (DEC-2). Rescheduling sends a new one (version + 1)."""

    township = township_fk()
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("meeting"),
    )
    version = models.PositiveSmallIntegerField(_("version"))
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    meeting_start = models.DateTimeField(_("meeting starts at"))
    hours_ahead = models.PositiveIntegerField(_("hours ahead of the start"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting notice")
        verbose_name_plural = _("meeting notices")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], name="notice_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.version}"


class NoticeReceipt(models.Model):
    township = township_fk()
    notice = models.ForeignKey(
        Notice,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=_("notice"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=_("participant"),
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    opened_at = models.DateTimeField(
        pgettext_lazy("notice receipt", "opened at"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice receipt")
        verbose_name_plural = _("notice receipts")
        ordering = ["notice", "participant__person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "participant"], name="one_receipt_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} #{self.notice_id}"


class ComplianceEvent(models.Model):
    """A compliance fact written when a rule refused an action (DEC-2, DEC-3): kept for the
    figures."""

    class Kind(models.TextChoices):
        LATE_NOTICE = "late_notice", _("notice attempted inside the notice period")
        AGENDA_AFTER_NOTICE = (
            "agenda_after_notice",
            _("agenda change attempted after the notice"),
        )
        QUORUM_FAILED = (
            "quorum_failed",
            _("opening, vote or close refused below quorum"),
        )

    township = township_fk("meeting_compliance_events")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="compliance_events",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance event")
        verbose_name_plural = _("compliance events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class EmergencyDecision(models.Model):
    """DEC-8: one person decided alone; reported to the committee at its next meeting."""

    township = township_fk("emergency_decisions")
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"))
    what = models.TextField(_("what was decided"))
    why = models.TextField(_("why it could not wait"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency decision")
        verbose_name_plural = _("emergency decisions")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return self.what[:60]


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary item")
        MAJOR = "major", _("major item")
        PERSONNEL = "personnel", _("personnel item")
        FINANCE_REPORT = "finance_report", _("quarterly finance report")
        EMERGENCY_REPORT = "emergency_report", _("emergency decision report")
        RECONSIDERATION = "reconsideration", _("reconsideration")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        POSTPONED = "postponed", _("vote postponed")
        CLOSED = "closed", _("closed")

    class Change(models.TextChoices):
        AMEND = "amend", _("amend")
        REVOKE = "revoke", _("revoke")

    VOTED_KINDS = (Kind.ORDINARY, Kind.MAJOR, Kind.PERSONNEL, Kind.RECONSIDERATION)
    REPORT_KINDS = (Kind.FINANCE_REPORT, Kind.EMERGENCY_REPORT)

    township = township_fk()
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("meeting"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY
    )
    requires_alternatives = models.BooleanField(
        _("requires at least two options"), default=False
    )
    requires_expert = models.BooleanField(
        _("requires an expert assessment"), default=False
    )
    nominees = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("nominees")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    postponed_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("postponed from"),
    )
    emergency_decision = models.ForeignKey(
        EmergencyDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_items",
        verbose_name=_("emergency decision reported"),
    )
    target_decision = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reconsidered_by_items",
        verbose_name=_("decision reconsidered"),
    )
    change = models.CharField(
        _("change"), max_length=10, choices=Change.choices, blank=True
    )
    # DEC-1: what a secretary's-office or joint meeting records instead of a decision.
    discussion = models.TextField(_("discussion record"), blank=True)
    history = HistoricalRecords(m2m_fields=[nominees])

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"], name="agenda_item_order_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def is_voted(self) -> bool:
        return self.kind in self.VOTED_KINDS

    @property
    def needs_preparation(self) -> bool:
        return self.kind == self.Kind.MAJOR


def _preparation_path(instance, filename):
    return f"meetings/{instance.township_id}/preparation/{filename}"


class PreparationRecord(models.Model):
    """DEC-9: a step of the procedure before a major item is voted."""

    class Step(models.TextChoices):
        INVESTIGATION = "investigation", _("investigation and research")
        OPTION = "option", _("option")
        LOWER_OPINION = "lower_opinion", _("opinion of a lower-level organization")
        EXPERT = "expert", _("expert assessment")

    township = township_fk()
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="preparation",
        verbose_name=_("agenda item"),
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    title = models.CharField(
        _("title or organization"),
        max_length=200,
        help_text=_("For an opinion: the organization."),
    )
    text = models.TextField(_("text"))
    attachment = models.FileField(
        _("attachment"),
        upload_to=_preparation_path,
        blank=True,
        validators=[validate_upload],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("preparation record")
        verbose_name_plural = _("preparation records")
        ordering = ["item", "step", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.title}"


def _material_path(instance, filename):
    return f"meetings/{instance.township_id}/materials/{filename}"


class Material(models.Model):
    """Meeting materials sent with the agenda (DEC-2); type and size limited (SEC-3)."""

    township = township_fk()
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("meeting"),
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=_material_path, validators=[validate_upload]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting material")
        verbose_name_plural = _("meeting materials")
        ordering = ["meeting", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """An arrival or a departure, with its time (DEC-3: quorum is live)."""

    class Kind(models.TextChoices):
        ARRIVE = "arrive", _("arrived")
        DEPART = "depart", _("left")

    township = township_fk()
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("meeting"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
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
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["meeting", "at", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.at:%H:%M}"


class Ballot(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", pgettext_lazy("ballot", "yes")
        NO = "no", pgettext_lazy("ballot", "no")
        ABSTAIN = "abstain", pgettext_lazy("ballot", "abstain")
        AGREE = "agree", pgettext_lazy("ballot", "agree")
        DISAGREE = "disagree", pgettext_lazy("ballot", "disagree")
        DEFER = "defer", pgettext_lazy("ballot", "defer")

    ORDINARY_CHOICES = (Choice.YES, Choice.NO, Choice.ABSTAIN)
    PERSONNEL_CHOICES = (Choice.AGREE, Choice.DISAGREE, Choice.DEFER)
    APPROVING = (Choice.YES, Choice.AGREE)

    township = township_fk()
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("agenda item"),
    )
    voter = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("voter")
    )
    nominee = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominee"),
    )
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    # DEC-6: a mis-entered ballot corrected by the clerk before the item is closed; the
    # earlier choice stays in the history.
    correction_reason = models.CharField(
        _("reason for the correction"), max_length=300, blank=True
    )
    corrected_by = user_fk(_("corrected by"))
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["item", "cast_at", "id"]
        constraints = [
            # DEC-6: one ballot per present member per item (per nominee for personnel).
            models.UniqueConstraint(
                fields=["item", "voter", "nominee"],
                name="one_ballot_per_member_per_item",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.get_choice_display()}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        PASSED = "passed", _("passed")
        REJECTED = "rejected", _("not passed")
        PARTLY = "partly", _("partly passed")

    township = township_fk("decisions")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("body")
    )
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaItem.Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # {"rows": [{"nominee": name or "", "yes": n, "no": n, "abstain": n, "passed": bool,
    #            "arithmetic": "..."}]}
    tally = models.JSONField(_("tally"))
    members_count = models.PositiveSmallIntegerField(_("members (应到)"))
    present_count = models.PositiveSmallIntegerField(_("present (实到)"))
    rule_set = models.ForeignKey(
        RuleSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rule set"),
    )
    rule_set_version = models.PositiveIntegerField(
        _("rule-set version"), help_text=_("0 = the seed's built-in defaults.")
    )
    rule_text = models.CharField(_("rule"), max_length=200)
    arithmetic = models.TextField(_("arithmetic"))
    decided_at = models.DateTimeField(_("decided at"))
    # DEC-10: a decision changes or revokes another only by naming it.
    changes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changed_by",
        verbose_name=_("changes decision"),
    )
    change = models.CharField(
        _("change"), max_length=10, choices=AgendaItem.Change.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at"]
        # Issue 17: the decision register (a township's, newest first, by year).
        indexes = [
            models.Index(
                fields=["township", "decided_at"], name="decision_township_decided"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Minutes(models.Model):
    township = township_fk()
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes",
        verbose_name=_("meeting"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


def _minutes_pdf_path(instance, filename):
    return f"meetings/{instance.township_id}/minutes/{filename}"


class MinutesVersion(models.Model):
    """DEC-11: drafted, signed off by the secretary, locked; a correction is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed off")
        LOCKED = "locked", _("locked")

    township = township_fk()
    minutes = models.ForeignKey(
        Minutes,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("minutes"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_minutes_pdf_path, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["minutes", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"], name="minutes_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"
