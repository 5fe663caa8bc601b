"""Forms of the project and tender screens. Validation of the rules is in the services; these
only take the input apart (the refusals come back as messages)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Person
from meetings.models import Meeting
from projects import rules
from projects.models import Inspection, Objection, Project

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposeForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=Project.Kind.choices)
    category = forms.ChoiceField(
        label=_("procurement category"), choices=Project.Category.choices
    )
    proposed_amount = forms.DecimalField(label=_("proposed amount (yuan)"), **MONEY)
    fiscal_year = forms.IntegerField(
        label=_("fiscal year"), min_value=2000, max_value=2100
    )
    location = forms.CharField(label=_("location"), max_length=200, required=False)
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    state_funded = forms.BooleanField(
        label=_("state-funded"), required=False, initial=True
    )
    demonstration_required = forms.BooleanField(
        label=_("a demonstration meeting is required"), required=False, initial=True
    )
    township_requires_open_tender = forms.BooleanField(
        label=_("the township requires open tendering for every major project"),
        required=False,
    )


class FeasibilityForm(forms.Form):
    estimate = forms.DecimalField(label=_("feasibility estimate (yuan)"), **MONEY)


class DemonstrationForm(forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    experts = forms.CharField(
        label=_("experts"), widget=forms.Textarea(attrs={"rows": 2})
    )
    representatives = forms.CharField(
        label=_("people's representatives"), widget=forms.Textarea(attrs={"rows": 2})
    )
    opinions = forms.CharField(
        label=_("opinions"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("committee meeting"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            township=township,
            status=Meeting.Status.SCHEDULED,
            body__kind__in=("committee", "enlarged"),
        ).order_by("start")


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(label=_("approved on"), widget=DATE)
    number = forms.CharField(label=_("approval document number"), max_length=60)
    authority = forms.CharField(label=_("approving authority"), max_length=100)
    cost_estimate = forms.DecimalField(
        label=_("approved cost estimate (yuan)"), **MONEY
    )


class TenderForm(forms.Form):
    lot = forms.CharField(label=_("lot"), max_length=200)
    documents_from = forms.DateField(label=_("documents issued from"), widget=DATE)
    documents_until = forms.DateField(label=_("documents available until"), widget=DATE)
    deadline = forms.DateTimeField(
        label=_("bid deadline"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Inspection.Kind.choices)
    on = forms.DateField(label=_("date"), widget=DATE)
    inspector = forms.CharField(label=_("inspector"), max_length=100)
    findings = forms.CharField(
        label=_("inspection findings"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ExpenditureForm(forms.Form):
    amount = forms.DecimalField(label=_("amount (yuan)"), **MONEY)
    paid_on = forms.DateField(label=_("paid on"), widget=DATE)
    payee = forms.CharField(label=_("payee"), max_length=200)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    advanced_by_contractor = forms.BooleanField(
        label=_("advanced by the contractor"), required=False
    )


class AcceptanceForm(forms.Form):
    accepted_on = forms.DateField(label=_("accepted on"), widget=DATE)
    conditions = forms.MultipleChoiceField(
        label=_("conditions of 建设工程质量管理条例第十六条"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    filed_on = forms.DateField(label=_("acceptance filed on"), widget=DATE)
    people_served = forms.CharField(
        label=_("people served who took part in the acceptance"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from projects.services import CONDITION_LABELS

        super().__init__(*args, **kwargs)
        self.fields["conditions"].choices = [
            (key, CONDITION_LABELS[key]) for key in rules.ACCEPTANCE_CONDITIONS
        ]


class AccountsForm(forms.Form):
    amount = forms.DecimalField(label=_("completion accounts (yuan)"), **MONEY)
    on = forms.DateField(label=_("accounts approved on"), widget=DATE)


class DeclarationForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("declared by"), queryset=Person.objects.none()
    )
    relative = forms.CharField(label=_("relative"), max_length=60)
    employer = forms.CharField(
        label=_("the relative's employer or company"), max_length=200
    )

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            township=township
        ).order_by("name")


class ClarifyForm(forms.Form):
    prefix = "clarify"  # beside the objection form on the tender page: one id each
    text = forms.CharField(
        label=_("clarification"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionForm(forms.Form):
    prefix = "objection"
    kind = forms.ChoiceField(label=_("kind"), choices=Objection.Kind.choices)
    party = forms.CharField(label=_("raised by"), max_length=200)
    text = forms.CharField(
        label=_("objection"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("answer"), widget=forms.Textarea(attrs={"rows": 2})
    )


class BidForm(forms.Form):
    bidder = forms.CharField(label=_("bidder"), max_length=200)
    legal_rep = forms.CharField(label=_("legal representative"), max_length=60)
    controller = forms.CharField(
        label=_("controlling shareholder or manager"), max_length=200, required=False
    )
    price = forms.DecimalField(label=_("price (yuan)"), **MONEY)


class EvaluationForm(forms.Form):
    experts = forms.CharField(
        label=_("experts (one name a line)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    others = forms.CharField(
        label=_("the tenderer's representatives (one name a line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    first = forms.ModelChoiceField(label=_("first candidate"), queryset=None)
    second = forms.ModelChoiceField(
        label=_("second candidate"), queryset=None, required=False
    )
    third = forms.ModelChoiceField(
        label=_("third candidate"), queryset=None, required=False
    )

    def __init__(self, *args, bids=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second", "third"):
            self.fields[name].queryset = bids

    @staticmethod
    def names(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AwardForm(forms.Form):
    bid = forms.ModelChoiceField(label=_("winning bid"), queryset=None)

    def __init__(self, *args, bids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = bids


class ContractForm(forms.Form):
    signed_on = forms.DateField(label=_("contract signed on"), widget=DATE)
    amount = forms.DecimalField(label=_("contract amount (yuan)"), **MONEY)


class PurchaseForm(forms.Form):
    category = forms.CharField(label=_("purchase category"), max_length=100)
    fiscal_year = forms.IntegerField(
        label=_("fiscal year"), min_value=2000, max_value=2100
    )
    title = forms.CharField(label=_("title"), max_length=200)
    amount = forms.DecimalField(label=_("amount (yuan)"), **MONEY)
    threshold = forms.DecimalField(label=_("tendering threshold (yuan)"), **MONEY)


def default_year() -> int:
    return timezone.localdate().year


def today() -> datetime.date:
    return timezone.localdate()
