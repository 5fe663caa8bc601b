"""Forms of the budget pages (FIN-1, FIN-3, FIN-4): fields only; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload
from finance.budget.models import BudgetLine, FinanceGroupMember, GroupBallot

DATE = forms.DateInput(attrs={"type": "date"})


def money_input(label, **kwargs) -> forms.DecimalField:
    """Yuan to the fen, typed as text (never a float): the service refuses a negative."""
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class SettingsForm(forms.Form):
    large_expenditure_threshold = money_input(
        _("large-expenditure threshold (yuan)"), min_value=Decimal("0.01")
    )
    budget_filing_days = forms.IntegerField(
        label=_("days to file the budget with the county"),
        required=False,
        min_value=1,
        max_value=90,
    )


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    explanation = forms.CharField(
        label=_("explanation"), widget=forms.Textarea, required=False
    )


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=BudgetLine.Kind.choices)
    direction = forms.ChoiceField(
        label=_("revenue or spending"),
        choices=BudgetLine.Direction.choices,
        initial=BudgetLine.Direction.SPENDING,
    )
    code = forms.CharField(label=_("code"), max_length=30)
    name = forms.CharField(label=_("line name"), max_length=200)
    amount = money_input(_("budgeted amount"))
    purpose = forms.CharField(
        label=_("purpose category"), max_length=100, required=False
    )
    key_expenditure = forms.BooleanField(label=_("key expenditure"), required=False)
    pre_approval = forms.ChoiceField(
        label=_("may be paid before approval (Art 54)"),
        choices=BudgetLine.PreApproval.choices,
        required=False,
    )


class ReportForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("meeting"), queryset=None)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class OpinionsForm(forms.Form):
    heard_on = forms.DateField(label=_("opinions heard on"), widget=DATE)
    text = forms.CharField(
        label=_("voters' opinions heard by deputies"), widget=forms.Textarea
    )


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(
        label=_("approved by the people's congress on"), widget=DATE
    )
    session = forms.CharField(label=_("congress session"), max_length=100)
    resolution = forms.CharField(label=_("resolution number"), max_length=100)
    approved_file = forms.FileField(
        label=_("approved budget file"), required=False, validators=[validate_upload]
    )


class DateForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DATE)


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=None)
    unit = forms.ChoiceField(label=_("unit"), choices=FinanceGroupMember.Unit.choices)
    start = forms.DateField(label=_("from"), widget=DATE)
    is_leader = forms.BooleanField(label=_("group leader"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class VoteForm(forms.Form):
    """FIN-1: one choice per member of the group on the day (absent by default)."""

    decided_on = forms.DateField(label=_("decided on"), widget=DATE)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=str(member),
                choices=GroupBallot.Choice.choices,
                initial=GroupBallot.Choice.ABSENT,
            )

    def member_fields(self):
        return [self[f"member_{member.pk}"] for member in self.members]

    def choices(self) -> dict[int, str]:
        return {
            member.pk: self.cleaned_data[f"member_{member.pk}"]
            for member in self.members
            if self.cleaned_data[f"member_{member.pk}"] != GroupBallot.Choice.ABSENT
        }


class ChangeForm(forms.Form):
    """FIN-4: a change is its lines' amounts (+ raises, − lowers) and, for an
    adjustment, its plan."""

    title = forms.CharField(label=_("title"), max_length=200)
    plan = forms.CharField(
        label=_("plan (reason, items, amounts)"), widget=forms.Textarea, required=False
    )
    stabilization_fund_draw = money_input(
        _("drawn from the budget stabilization fund"),
        required=False,
        min_value=Decimal("0"),
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = money_input(str(line), required=False)

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.lines]

    def deltas(self):
        return [
            (line, self.cleaned_data[f"line_{line.pk}"])
            for line in self.lines
            if self.cleaned_data.get(f"line_{line.pk}")
        ]


class CongressForm(forms.Form):
    approved_on = forms.DateField(
        label=_("approved by the people's congress on"), widget=DATE
    )
    session = forms.CharField(label=_("congress session"), max_length=100)
    resolution = forms.CharField(label=_("resolution number"), max_length=100)
