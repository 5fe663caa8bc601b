"""The public disclosure column (PUB-1..PUB-4): items and the feedback villagers send on them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Township


class Category(models.TextChoices):
    """PUB-1: the seed's categories, plus public notices (appointments, tenders)."""

    WORK_STANDARDS = "work_standards", _("work standards")
    PROCEDURES = "procedures", _("procedures")
    SERVICE_STANDARDS = "service_standards", _("service standards")
    DUTIES = "duties", _("responsibilities and duties")
    REWARDS = "rewards", _("rewards and punishments")
    PROJECT_FUNDS = "project_funds", _("project funds")
    FAMILY_PLANNING = "family_planning", _("family planning")
    CIVIL_RELIEF = "civil_relief", _("civil relief")
    ENTERPRISE = "enterprise", _("enterprise restructuring")
    LAND = "land", _("land approval")
    PEASANT_BURDEN = "peasant_burden", _("peasant burden")
    PRACTICAL_THINGS = (
        "practical_things",
        _("practical things the government plans to do"),
    )
    PARTY_AFFAIRS = "party_affairs", _("party affairs")
    # Not in the seed's list: appointment notices (APT-3) and tender notices need a home.
    PUBLIC_NOTICE = "public_notice", _("public notices")


class ItemQuerySet(models.QuerySet):
    def public_on(self, day: datetime.date) -> ItemQuerySet:
        """PUB-2: published, and inside its window (if it has one) on `day`."""
        return self.filter(state=Item.State.PUBLISHED).filter(
            Q(window_from__isnull=True) | Q(window_from__lte=day),
            Q(window_until__isnull=True) | Q(window_until__gte=day),
        )


class Item(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="disclosure_items",
        verbose_name=_("township"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Plain text; Markdown for lists and emphasis (no HTML)."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT
    )
    window_from = models.DateField(_("shown from"), null=True, blank=True)
    window_until = models.DateField(_("shown until"), null=True, blank=True)
    source_label = models.CharField(_("source"), max_length=100, blank=True)
    source_ref = models.CharField(
        _("source reference"), max_length=100, blank=True, db_index=True
    )
    # APT-3: the mechanism that alone changes the item (disclosure.owners); "" = the column.
    owner = models.CharField(_("kept by"), max_length=60, blank=True, default="")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=300, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")
        ordering = ["-published_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_from__isnull=True)
                | Q(window_until__isnull=True)
                | Q(window_until__gte=models.F("window_from")),
                name="disclosure_window_ordered",
            ),
            # One item per source record: item_by_source() answers one item.
            models.UniqueConstraint(
                fields=["source_label", "source_ref"],
                condition=~Q(source_ref=""),
                name="disclosure_one_item_per_source",
            ),
        ]
        indexes = [models.Index(fields=["township", "state", "category"])]

    def __str__(self) -> str:
        return self.title

    def is_public_on(self, day: datetime.date) -> bool:
        """PUB-2, for one item (the same test as ItemQuerySet.public_on)."""
        return (
            self.state == self.State.PUBLISHED
            and (self.window_from is None or self.window_from <= day)
            and (self.window_until is None or day <= self.window_until)
        )

    def window_open_on(self, day: datetime.date) -> bool:
        return (self.window_from is None or self.window_from <= day) and (
            self.window_until is None or day <= self.window_until
        )

    def days_left(self, day: datetime.date) -> int | None:
        """Days of the window still to come, today included (None without an end)."""
        if self.window_until is None:
            return None
        return max((self.window_until - day).days + 1, 0)


class ItemVersion(models.Model):
    """PUB-2/AUD-2: what an item said when it was published, and each correction after.

    Version 1 is written when the item is published; a change to a published item writes
    the next one (the item's own fields always hold the newest). Each version is sealed
    (disclosure.sealing) and never changes: the public page shows "更正于 <date>" and the
    earlier versions, so a correction — a shortened window too — is never silent.
    """

    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="disclosure_item_versions",
        verbose_name=_("township"),
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("disclosure item"),
    )
    number = models.PositiveIntegerField(_("version"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    window_from = models.DateField(_("shown from"), null=True, blank=True)
    window_until = models.DateField(_("shown until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"))
    reason = models.CharField(
        _("reason for the correction"), max_length=300, blank=True
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "number"], name="disclosure_one_version_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class Feedback(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("feedback")
        OBJECTION = "objection", _("objection")

    class Finding(models.TextChoices):
        NONE = "", _("not yet recorded")
        AFFECTS = "affects", _("affects the matter")
        DOES_NOT_AFFECT = "does_not_affect", _("does not affect the matter")

    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="disclosure_feedback",
        verbose_name=_("township"),
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("disclosure item"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.FEEDBACK
    )
    text = models.TextField(_("text"), max_length=4000)
    # PUB-3: what the sender is given on the "received" page to look up the answer later
    # (disclosure.rules: random, not the row id). Null only for rows older than references.
    reference = models.CharField(
        _("reference number"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    name = models.CharField(_("name"), max_length=60, blank=True)
    # Never shown outside the township office (journey 4).
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answer_public = models.BooleanField(_("answer is public"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # APT-3: every objection needs a finding before the formalities.
    finding = models.CharField(
        _("finding"), max_length=20, choices=Finding.choices, blank=True, default=""
    )
    finding_note = models.TextField(_("finding note"), blank=True)
    finding_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finding recorded by"),
    )
    finding_at = models.DateTimeField(_("finding recorded at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="objection") | Q(finding=""),
                name="disclosure_finding_only_for_objections",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def answered(self) -> bool:
        return bool(self.answer)
