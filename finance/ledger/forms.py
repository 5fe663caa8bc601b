"""Forms of the ledger pages (FIN-5, FIN-6, FIN-10): fields only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.budget.forms import DATE, money_input
from finance.ledger.models import LedgerEntry


class EntryForm(forms.Form):
    line = forms.ModelChoiceField(label=_("budget line"), queryset=None)
    kind = forms.ChoiceField(label=_("kind"), choices=LedgerEntry.Kind.choices)
    amount = money_input(_("amount"))
    date = forms.DateField(label=_("date"), widget=DATE)
    counterparty = forms.CharField(label=_("payee or payer"), max_length=200)
    purpose = forms.CharField(
        label=_("purpose"),
        max_length=200,
        help_text=_(
            "Parts of one purpose in one year are added up (FIN-5): name the purpose "
            "the same way each time."
        ),
    )
    voucher = forms.CharField(label=_("voucher number"), max_length=50, required=False)
    large_expenditure = forms.ModelChoiceField(
        label=_("large expenditure"), queryset=None, required=False
    )

    def __init__(self, *args, lines=None, large=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["large_expenditure"].queryset = large


class LargeForm(forms.Form):
    line = forms.ModelChoiceField(label=_("budget line"), queryset=None)
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    amount = money_input(_("amount"))
    supplier_name = forms.CharField(label=_("supplier"), max_length=200, required=False)
    supplier_is_sme = forms.BooleanField(
        label=_("small or medium enterprise"), required=False, initial=True
    )

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines


class CommunicateForm(forms.Form):
    communicated_on = forms.DateField(
        label=_("communicated to the secretary on"), widget=DATE
    )
    communication = forms.CharField(
        label=_("what was communicated"), widget=forms.Textarea
    )
    secretary_view = forms.CharField(
        label=_("the secretary's view"), widget=forms.Textarea
    )


class AgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("enlarged meeting"), queryset=None)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class ContractForm(forms.Form):
    signed_on = forms.DateField(label=_("contract signed on"), widget=DATE)
    contract_payment_days = forms.IntegerField(
        label=_("payment term in the contract (days)"),
        required=False,
        min_value=1,
        help_text=_(
            "Empty: 30 days after delivery; at most 60 (保障中小企业款项支付条例 Art 9)."
        ),
    )


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label=_("delivered on"), widget=DATE)
