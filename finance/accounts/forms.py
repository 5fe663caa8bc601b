"""Forms of the final accounts pages (shape only; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload

DATE = forms.DateInput(attrs={"type": "date"})


class DrawForm(forms.Form):
    year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved by the people's congress on"), widget=DATE
    )
    session = forms.CharField(label=_("Congress session"), max_length=100)
    resolution = forms.CharField(label=_("Resolution number"), max_length=100)
    approved_file = forms.FileField(
        label=_("Approved final accounts file"),
        required=False,
        validators=[validate_upload],
    )


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed with the county on"), widget=DATE)
