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


# -- the three administrators (SEC-6) ----------------------------------------------------


class SystemRoleGrant(models.Model):
    """SEC-6: an account's one system role. The user is unique here, so the database itself
    refuses a second system role (system admin, security admin and auditor are mutually
    exclusive); only committees.services.system_role_grant writes it."""

    class Role(models.TextChoices):
        SYSTEM_ADMIN = "system_admin", pgettext_lazy("system role", "system admin")
        SECURITY_ADMIN = (
            "security_admin",
            pgettext_lazy("system role", "security admin"),
        )
        AUDITOR = "auditor", pgettext_lazy("system role", "auditor")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="system_role_grant",
        verbose_name=_("account"),
    )
    role = models.CharField(_("system role"), max_length=20, choices=Role.choices)
    granted_by = user_fk(_("granted by"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("system role grant")
        verbose_name_plural = _("system role grants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    role__in=["system_admin", "security_admin", "auditor"]
                ),
                name="system_role_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class AdminAction(models.Model):
    """SEC-6: one line of the administrators' trail — every action of the system admin, the
    security admin and the auditor (the auditor's reads of the trail included), and every
    superuser grant made on the server. Written only by committees.services; never
    changed."""

    class Action(models.TextChoices):
        ACCOUNT_CREATED = "account_created", _("account created")
        ACCOUNT_CHANGED = "account_changed", _("account changed")
        PASSWORD_RESET = "password_reset", _("password reset")
        SYSTEM_ROLE_GRANTED = "system_role_granted", _("system role granted")
        SYSTEM_ROLE_REVOKED = "system_role_revoked", _("system role revoked")
        ROLE_GRANTED = "role_granted", _("township role granted")
        ROLE_REVOKED = "role_revoked", _("township role revoked")
        SUPERUSER_GRANTED = "superuser_granted", _("superuser granted on the server")
        LOCKOUT_CLEARED = "lockout_cleared", _("lockout cleared")
        SECURITY_CHANGED = "security_changed", _("security record changed")
        TRAIL_READ = "trail_read", _("trail read")
        REFUSED = "refused", _("action refused")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = user_fk(_("actor"))
    actor_name = models.CharField(_("actor"), max_length=150)
    actor_role = models.CharField(_("actor's role"), max_length=30, blank=True)
    action = models.CharField(
        _("action"), max_length=30, choices=Action.choices, db_index=True
    )
    target = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administrator action")
        verbose_name_plural = _("administrator actions")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"

    def actor_role_label(self):
        labels = dict(SystemRoleGrant.Role.choices) | {
            "superuser": _("superuser"),
            "server": _("the server"),
        }
        return labels.get(self.actor_role, self.actor_role)
