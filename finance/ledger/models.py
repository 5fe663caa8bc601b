"""Models of the township's ledger (SPEC FIN-5, FIN-6, FIN-10): suppliers, large
expenditures held for the enlarged meeting, ledger entries, refused split attempts.

The Django app is `finance`; `finance/models.py` imports these by name.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.fields import township_fk, user_fk
from finance._fields import YEAR_VALIDATORS, money_field


class Supplier(models.Model):
    township = township_fk("suppliers")
    name = models.CharField(_("supplier name"), max_length=200)
    is_sme = models.BooleanField(
        _("small or medium enterprise"),
        default=True,
        help_text=_(
            "保障中小企业款项支付条例 Art 9 applies to small and medium suppliers."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["township", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"], name="one_supplier_per_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LargeExpenditure(models.Model):
    """FIN-5 / FIN-10: an expenditure above the threshold, held until the enlarged
    committee meeting decides it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        COMMUNICATED = "communicated", _("communicated to the secretary")
        ON_AGENDA = "on_agenda", _("on the enlarged meeting's agenda")
        DECIDED = "decided", _("decided")
        REJECTED = "rejected", _("not passed")
        CONTRACTED = "contracted", _("contract signed")
        PAID = "paid", _("paid")

    township = township_fk("large_expenditures")
    budget = models.ForeignKey(
        "finance.Budget",
        on_delete=models.PROTECT,
        related_name="large_expenditures",
        verbose_name=_("budget"),
    )
    line = models.ForeignKey(
        "finance.BudgetLine",
        on_delete=models.PROTECT,
        related_name="large_expenditures",
        verbose_name=_("budget line"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    purpose_key = models.CharField(_("purpose key"), max_length=200, editable=False)
    amount = money_field(_("amount"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    # FIN-10: communicated to the secretary first.
    communicated_on = models.DateField(
        _("communicated to the secretary on"), null=True, blank=True
    )
    communication = models.TextField(_("what was communicated"), blank=True)
    secretary_view = models.TextField(_("the secretary's view"), blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enlarged meeting agenda item"),
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="large_expenditures",
        verbose_name=_("supplier"),
    )
    contract_signed_on = models.DateField(
        _("contract signed on"), null=True, blank=True
    )
    contract_payment_days = models.PositiveSmallIntegerField(
        _("payment term in the contract (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_late = models.BooleanField(
        _("paid after the SME payment period"), default=False
    )
    proposed_by = user_fk(_("proposed by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("large expenditure")
        verbose_name_plural = _("large expenditures")
        ordering = ["township", "-id"]

    def __str__(self) -> str:
        return self.purpose


class LedgerEntry(models.Model):
    """The ledger: revenue paid in or an expenditure, against a budget line."""

    class Kind(models.TextChoices):
        PAID_IN = "paid_in", _("revenue paid in")
        SPENT = "spent", _("expenditure")

    township = township_fk("ledger_entries")
    budget = models.ForeignKey(
        "finance.Budget",
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("budget"),
    )
    line = models.ForeignKey(
        "finance.BudgetLine",
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("budget line"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = money_field(_("amount"))
    date = models.DateField(_("date"))
    counterparty = models.CharField(_("payee or payer"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=200)
    purpose_key = models.CharField(_("purpose key"), max_length=200, editable=False)
    voucher = models.CharField(_("voucher number"), max_length=50, blank=True)
    large_expenditure = models.ForeignKey(
        LargeExpenditure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("large expenditure"),
    )
    entered_by = user_fk(_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["township", "-date", "-id"]
        indexes = [models.Index(fields=["line", "date"], name="ledger_line_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="ledger_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.purpose} {self.amount}"


class SplitAttempt(models.Model):
    """FIN-5 / PRJ-4: a refused expenditure that would have split one purpose into parts
    under the threshold (kept for the county's drill-down; nothing else was saved)."""

    township = township_fk("split_attempts")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    purpose = models.CharField(_("purpose"), max_length=200)
    amount = money_field(_("amount"))
    before = money_field(_("already spent for this purpose"))
    threshold = money_field(_("threshold"))
    attempted_by = user_fk(_("attempted by"))
    attempted_at = models.DateTimeField(_("attempted at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("split attempt")
        verbose_name_plural = _("split attempts")
        ordering = ["township", "-attempted_at"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.amount}"
