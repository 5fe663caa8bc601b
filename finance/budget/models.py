"""Models of the township's budget (SPEC FIN-1, FIN-3, FIN-4): the township's finance
settings, the finance and economics leading group and its votes, the annual budget with its
lines and every approved version of each line, and the changes to a budget in force.

The Django app is `finance`; `finance/models.py` imports these by name.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.fields import township_fk, user_fk
from committees.models import Person
from core.uploads import validate_upload
from finance._fields import YEAR_VALIDATORS, money_field

# FIN-5: no national figure exists; 50,000 yuan (5万元) is the figure township
# "three majors and one large" (三重一大) rules most often set for 大额资金 (the settings
# page explains it; the township changes it).
DEFAULT_LARGE_EXPENDITURE_THRESHOLD = Decimal("50000.00")


class FinanceSettings(models.Model):
    """A township's money settings (FIN-5 threshold; FIN-3 filing period)."""

    township = models.OneToOneField(
        "committees.Township",
        on_delete=models.CASCADE,
        related_name="finance_settings",
        verbose_name=_("township"),
    )
    large_expenditure_threshold = money_field(
        _("large-expenditure threshold (yuan)"),
        default=DEFAULT_LARGE_EXPENDITURE_THRESHOLD,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "An expenditure above this amount needs an enlarged committee meeting's "
            "decision before the contract is signed (FIN-5)."
        ),
    )
    budget_filing_days = models.PositiveSmallIntegerField(
        _("days to file the budget with the county"),
        null=True,
        blank=True,
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "预算法 Art 50 says the township files its approved budget promptly; this "
            "is the township's own limit (empty: no limit tracked)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")

    def __str__(self) -> str:
        return f"{self.township}"


class FinanceGroupMember(models.Model):
    """FIN-1: a member of the finance and economics leading group, by unit."""

    class Unit(models.TextChoices):
        COMMITTEE = "committee", _("party committee")
        CONGRESS = "congress", _("people's congress")
        GOVERNMENT = "government", _("government")
        DISCIPLINE = "discipline", _("discipline inspection")
        ORGANIZATION = "organization", _("organization")
        FINANCE_OFFICE = "finance_office", _("finance office")
        AGRICULTURAL_ECONOMICS = "agri_economics", _("agricultural economics")
        OFFICE = "office", _("party and government office")

    township = township_fk("finance_group_members")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    is_leader = models.BooleanField(_("group leader"), default=False)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance group member")
        verbose_name_plural = _("finance group members")
        ordering = ["township", "-is_leader", "unit", "id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_unit_display()})"


class GroupDecision(models.Model):
    """FIN-1: a vote of the finance group, with its arithmetic (more than half of all)."""

    township = township_fk("finance_group_decisions")
    subject = models.CharField(_("subject"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    members_count = models.PositiveSmallIntegerField(_("members of the group"))
    yes_count = models.PositiveSmallIntegerField(_("yes"))
    no_count = models.PositiveSmallIntegerField(_("no"))
    abstain_count = models.PositiveSmallIntegerField(_("abstain"))
    approved = models.BooleanField(_("approved"))
    arithmetic = models.TextField(_("arithmetic"))
    entered_by = user_fk(_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance group decision")
        verbose_name_plural = _("finance group decisions")
        ordering = ["township", "-decided_on", "-id"]

    def __str__(self) -> str:
        return self.subject


class GroupBallot(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", pgettext_lazy("ballot", "yes")
        NO = "no", pgettext_lazy("ballot", "no")
        ABSTAIN = "abstain", pgettext_lazy("ballot", "abstain")
        ABSENT = "absent", _("absent")

    township = township_fk()
    decision = models.ForeignKey(
        GroupDecision,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("finance group decision"),
    )
    member = models.ForeignKey(
        FinanceGroupMember,
        on_delete=models.PROTECT,
        related_name="ballots",
        verbose_name=_("finance group member"),
    )
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)
    entered_by = user_fk(_("entered by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance group ballot")
        verbose_name_plural = _("finance group ballots")
        ordering = ["decision", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member"], name="one_group_ballot_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class Budget(models.Model):
    """FIN-3: the township's annual budget."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REPORTED = "reported", _("reported to the committee")
        APPROVED = "approved", _("approved (in force)")

    township = township_fk("budgets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    explanation = models.TextField(_("explanation"), blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee agenda item"),
    )
    voters_opinions = models.TextField(
        _("voters' opinions heard by deputies"), blank=True
    )
    opinions_heard_on = models.DateField(_("opinions heard on"), null=True, blank=True)
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
        _("approved budget file"),
        upload_to="finance/budgets/",
        blank=True,
        validators=[validate_upload],
    )
    filed_on = models.DateField(_("filed with the county on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    column_item = models.ForeignKey(
        "disclosure.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("column item"),
    )
    created_by = user_fk(_("drafted by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["township", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"], name="one_budget_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"

    @property
    def in_force(self) -> bool:
        return self.status == self.Status.APPROVED


class BudgetLine(models.Model):
    """FIN-3: one line of the budget (revenue or spending), its approved amount."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("general public budget")
        GOVERNMENT_FUND = "government_fund", _("government fund budget")
        NON_TAX_REVENUE = "non_tax_revenue", _("non-tax revenue")
        RESERVE_FUND = "reserve_fund", _("reserve fund")
        TRANSFER = "transfer", _("transfer from higher levels")

    class Direction(models.TextChoices):
        REVENUE = "revenue", _("revenue")
        SPENDING = "spending", _("spending")

    class PreApproval(models.TextChoices):
        """预算法 Art 54: what may be paid before the congress approves the budget."""

        NONE = "", _("not before approval")
        CARRY_OVER = "carry_over", _("carry-over from last year")
        BASE = "base", _("base spending at last year's level")
        STATUTORY = "statutory", _("statutory or emergency spending")

    township = township_fk("budget_lines")
    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    direction = models.CharField(
        _("revenue or spending"), max_length=10, choices=Direction.choices
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("line name"), max_length=200)
    purpose = models.CharField(_("purpose category"), max_length=100, blank=True)
    key_expenditure = models.BooleanField(_("key expenditure"), default=False)
    pre_approval = models.CharField(
        _("may be paid before approval (Art 54)"),
        max_length=12,
        choices=PreApproval.choices,
        default=PreApproval.NONE,
        blank=True,
    )
    approved_amount = money_field(_("budgeted amount"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "direction", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "code"], name="one_budget_line_per_code"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__gte=0),
                name="budget_line_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BudgetChange(models.Model):
    """FIN-4: a change to a budget in force, classified by 预算法 Art 67 and routed."""

    class Kind(models.TextChoices):
        ADJUSTMENT = "adjustment", _("budget adjustment")
        REALLOCATION = "reallocation", _("reallocation between lines")
        RESERVE_USE = "reserve_use", _("use of the reserve fund")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        GROUP_APPROVED = "group_approved", _("approved by the finance group")
        APPROVED = "approved", _("approved (in force)")
        REJECTED = "rejected", _("rejected")

    township = township_fk("budget_changes")
    budget = models.ForeignKey(
        Budget,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("budget"),
    )
    title = models.CharField(_("title"), max_length=200)
    plan = models.TextField(_("plan (reason, items, amounts)"), blank=True)
    stabilization_fund_draw = money_field(
        _("drawn from the budget stabilization fund"), default=Decimal("0.00")
    )
    borrowing_delta = money_field(_("increase in borrowing"), default=Decimal("0.00"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    art67_tests = models.JSONField(
        _("Art 67 tests that fired"), default=list, blank=True
    )
    explanation = models.TextField(_("classification"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    group_decision = models.ForeignKey(
        GroupDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_changes",
        verbose_name=_("finance group decision"),
    )
    congress_approved_on = models.DateField(
        _("approved by the people's congress on"), null=True, blank=True
    )
    congress_session = models.CharField(
        _("congress session"), max_length=100, blank=True
    )
    congress_resolution = models.CharField(
        _("resolution number"), max_length=100, blank=True
    )
    approved_on = models.DateField(_("in force from"), null=True, blank=True)
    proposed_by = user_fk(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget change")
        verbose_name_plural = _("budget changes")
        ordering = ["budget", "-proposed_at", "-id"]

    def __str__(self) -> str:
        return self.title


class BudgetChangeLine(models.Model):
    """FIN-4: one line's amount in a change (positive raises, negative lowers)."""

    township = township_fk()
    change = models.ForeignKey(
        BudgetChange,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("budget change"),
    )
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="change_lines",
        verbose_name=_("budget line"),
    )
    delta = money_field(_("change of amount"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget change line")
        verbose_name_plural = _("budget change lines")
        ordering = ["change", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "line"], name="one_change_line_per_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.delta}"


class BudgetLineVersion(models.Model):
    """FIN-4: every approved version of a line (the congress's budget, then each
    approved change), readable as approved / adjusted like a Fiscal Data Package."""

    class Stage(models.TextChoices):
        APPROVED = "approved", _("approved")
        ADJUSTED = "adjusted", _("adjusted")

    township = township_fk()
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("budget line"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    amount = money_field(_("amount"))
    effective_on = models.DateField(_("in force from"))
    change = models.ForeignKey(
        BudgetChange,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("budget change"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line version")
        verbose_name_plural = _("budget line versions")
        ordering = ["line", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "number"], name="one_line_version_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} v{self.number}: {self.amount}"
