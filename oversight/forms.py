from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.models import PhaseDocument, PilotPhase


class PilotForm(forms.Form):
    start = forms.DateField(
        label=_("Starts on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Ends on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PhaseAdvanceForm(forms.Form):
    to_kind = forms.ChoiceField(label=_("Next phase"), choices=PilotPhase.Kind.choices)
    on = forms.DateField(
        label=_("On"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class DocumentForm(forms.Form):
    prefix = (
        "document"  # the pilot page holds this form and the summary form: ids differ
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PhaseDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    opinions = forms.CharField(
        label=_("Opinions gathered"), widget=forms.Textarea, required=False
    )
    file = forms.FileField(label=_("File"), required=False)


class SummaryForm(forms.Form):
    prefix = "summary"
    text = forms.CharField(label=_("Summary text"), widget=forms.Textarea)
    attachment = forms.FileField(label=_("Attachment"), required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Review decision"),
        choices=[("accept", _("Accept")), ("return", _("Return with a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the township"), widget=forms.Textarea, required=False
    )
