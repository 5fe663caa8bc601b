"""The organisation: county, townships, their committee and bodies, people, roles, rule sets."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from committees import rules
from committees.fields import user_fk


class County(models.Model):
    name = models.CharField(pgettext_lazy("place", "name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]
        permissions = [("review_county", _("County reviewer of this county"))]

    def __str__(self) -> str:
        return self.name


class Township(models.Model):
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="townships",
        verbose_name=_("county"),
    )
    name = models.CharField(pgettext_lazy("place", "name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    slug = models.SlugField(_("short name"), unique=True)
    is_pilot = models.BooleanField(_("pilot township"), default=False)
    # Township settings (issue 2; SPEC DEC-2, LRN-3, APT-3, FIN-5).
    notice_period_hours = models.PositiveIntegerField(
        _("meeting notice period (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
    )
    study_report_due_day = models.PositiveSmallIntegerField(
        _("study report due day of the next month"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("public notice days"),
        default=7,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
    )
    expenditure_threshold = models.DecimalField(
        _("large expenditure threshold (yuan)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("50000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    records_from = models.DateField(
        _("records kept here from"),
        null=True,
        blank=True,
        help_text=_(
            "The first month whose records this township keeps in the system: months "
            "before it are not counted as gaps (DEC-7, LRN-2, LRN-3)."
        ),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["county__name", "name"]
        # Roles are object permissions on the township (committees.access wraps them).
        permissions = [
            ("act_secretary", _("Secretary of this township")),
            ("act_clerk", _("Clerk of this township")),
            ("act_member", _("Committee member of this township")),
            ("act_cadre", _("Cadre of this township")),
            ("act_finance_group", _("Finance group member of this township")),
        ]

    def __str__(self) -> str:
        return self.name


class TownshipUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key permission rows: fast joins, unlike guardian's generic ones."""

    content_object = models.ForeignKey(Township, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("township role grant")
        verbose_name_plural = _("township role grants")


class CountyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(County, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("county role grant")
        verbose_name_plural = _("county role grants")


class Body(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("committee meeting")
        ENLARGED = "enlarged", _("enlarged meeting")
        SECRETARY_OFFICE = "secretary_office", _("secretary's office meeting")
        JOINT = "joint", _("joint party–government meeting")

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("township"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["township", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "kind"], name="one_body_of_each_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.get_kind_display()}"

    @property
    def decides(self) -> bool:
        """DEC-1: only the committee meeting or its enlarged meeting decides."""
        return self.kind in (self.Kind.COMMITTEE, self.Kind.ENLARGED)


class Person(models.Model):
    class Kind(models.TextChoices):
        CADRE = "cadre", _("cadre")
        VILLAGE_LEADER = "village_leader", _("village leader")
        OTHER = "other", _("other")

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("township"),
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CADRE
    )
    post = models.CharField(_("post"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["township", "name"]
        indexes = [models.Index(fields=["township", "kind"])]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        SECRETARY = "secretary", _("secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
        MEMBER = "member", _("committee member")
        CONGRESS_CHAIR = "congress_chair", _("people's congress chair")
        DISCIPLINE_SECRETARY = (
            "discipline_secretary",
            _("discipline inspection secretary"),
        )

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("township"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("body"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=30, choices=Role.choices, default=Role.MEMBER
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "start", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["body", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class RuleSet(models.Model):
    """A township's decision rules, versioned by the date they take effect (SPEC "Thresholds")."""

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="rule_sets",
        verbose_name=_("township"),
    )
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["township", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "version"], name="rule_set_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} v{self.version} ({self.effective_from})"

    def thresholds(self) -> dict[str, rules.Threshold]:
        return {t.kind: t.as_threshold() for t in self.threshold_rows.all()}


class RuleThreshold(models.Model):
    class Kind(models.TextChoices):
        QUORUM = "quorum", _("quorum")
        ORDINARY = "ordinary", _("ordinary item")
        MAJOR = "major", _("major item")
        PERSONNEL = "personnel", _("personnel item")
        RECONSIDERATION = "reconsideration", _("reconsideration")

    class BaseChoice(models.TextChoices):
        MEMBERS = rules.Base.MEMBERS.value, _("all members (应到)")
        PRESENT = rules.Base.PRESENT.value, _("members present (实到)")

    class ComparisonChoice(models.TextChoices):
        MORE_THAN = rules.Comparison.MORE_THAN.value, _("more than (超过)")
        AT_LEAST = rules.Comparison.AT_LEAST.value, _("at least (以上, inclusive)")

    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="+", verbose_name=_("township")
    )
    rule_set = models.ForeignKey(
        RuleSet,
        on_delete=models.CASCADE,
        related_name="threshold_rows",
        verbose_name=_("rule set"),
    )
    kind = models.CharField(_("kind of decision"), max_length=20, choices=Kind.choices)
    numerator = models.PositiveSmallIntegerField(_("numerator"))
    denominator = models.PositiveSmallIntegerField(_("denominator"))
    base = models.CharField(_("base"), max_length=10, choices=BaseChoice.choices)
    comparison = models.CharField(
        _("comparison"), max_length=10, choices=ComparisonChoice.choices
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        ordering = ["rule_set", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "kind"], name="one_threshold_per_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__gt=0)
                & models.Q(numerator__lte=models.F("denominator")),
                name="threshold_fraction_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {rules.describe_zh(self.as_threshold())}"

    def as_threshold(self) -> rules.Threshold:
        from fractions import Fraction

        return rules.Threshold(
            Fraction(self.numerator, self.denominator), self.base, self.comparison
        )


class HolidayCorrection(models.Model):
    """A county's correction of the China holiday calendar (a day off, or a make-up
    working day the `holidays` package does not know).

    Every period of SPEC.md is counted with it (`core.periods`; APT-3 first). County data,
    not a township record: the county organization department publishes the
    working-day calendar its townships follow, so a county reviewer of that county enters it
    (no township record is touched; SEC-1 and "never edit township records" still hold).
    """

    county = models.ForeignKey(
        County,
        on_delete=models.CASCADE,
        related_name="holiday_corrections",
        verbose_name=_("county"),
    )
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200)
    entered_by = user_fk(_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday calendar correction")
        verbose_name_plural = _("holiday calendar corrections")
        ordering = ["county", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "date"], name="one_holiday_correction_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.note}"


# Role grants are part of the audit trail too (AUD-1): who was given which role, and when.
from simple_history import register as _register_history  # noqa: E402

_register_history(TownshipUserObjectPermission, app="committees")
_register_history(CountyUserObjectPermission, app="committees")
