"""Forms of the audit pages (shape only; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload
from finance.statements.models import EconomicAudit

DATE = forms.DateInput(attrs={"type": "date"})


class AuditForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Audited person"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=EconomicAudit.Role.choices)
    period_start = forms.DateField(label=_("Period covered from"), widget=DATE)
    period_end = forms.DateField(label=_("Period covered until"), widget=DATE)
    auditor = forms.CharField(label=_("Auditor"), max_length=200)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ReportForm(forms.Form):
    report_date = forms.DateField(
        label=_("Report received on"),
        widget=DATE,
        help_text=_("The audited person's 10 days for written comments run from it."),
    )
    report_file = forms.FileField(
        label=_("Audit report"), required=False, validators=[validate_upload]
    )


class CommentsForm(forms.Form):
    received_on = forms.DateField(label=_("Written comments received on"), widget=DATE)
    comments = forms.CharField(
        label=_("Written comments"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FindingForm(forms.Form):
    prefix = "finding"  # beside the rectification form's `text`: one id each
    text = forms.CharField(
        label=_("Audit finding"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(label=_("Rectification owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    note = forms.CharField(
        label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RectificationForm(forms.Form):
    prefix = "rectification"
    reported_on = forms.DateField(label=_("Rectification report date"), widget=DATE)
    text = forms.CharField(
        label=_("Rectification report"), widget=forms.Textarea(attrs={"rows": 3})
    )
