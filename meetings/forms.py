"""Forms check shape only; the rules live in meetings.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Body, Person
from core.uploads import validate_upload
from meetings.models import AgendaItem, Ballot, Decision, PreparationRecord

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class MeetingForm(forms.Form):
    body_kind = forms.ChoiceField(label=_("Body"), choices=Body.Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=200, initial=_("Party committee meeting")
    )
    start = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    convener = forms.ModelChoiceField(
        label=_("Convener"), queryset=Person.objects.none(), required=False
    )
    invitees = forms.ModelMultipleChoiceField(
        label=_("Invitees (enlarged and joint meetings; they do not vote)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recorded_afterwards = forms.BooleanField(
        label=_("Record a past meeting (catching up)"),
        required=False,
        help_text=_(
            "Only for a meeting already held that was not entered here in time: it is "
            "marked as recorded afterwards."
        ),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["convener"].queryset = people
            self.fields["invitees"].queryset = people


class RescheduleForm(forms.Form):
    start = forms.DateTimeField(label=_("New start"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False
    )
    requires_alternatives = forms.BooleanField(
        label=_("Requires at least two options"), required=False
    )
    requires_expert = forms.BooleanField(
        label=_("Requires an expert assessment"), required=False
    )
    nominees = forms.ModelMultipleChoiceField(
        label=_("Nominees (personnel items)"),
        queryset=Person.objects.none(),
        required=False,
    )
    target_decision = forms.ModelChoiceField(
        label=_("Decision reconsidered"),
        queryset=Decision.objects.none(),
        required=False,
    )
    change = forms.ChoiceField(
        label=_("Change"),
        choices=[("", "—"), *AgendaItem.Change.choices],
        required=False,
    )

    def __init__(self, *args, people=None, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["nominees"].queryset = people
        if decisions is not None:
            self.fields["target_decision"].queryset = decisions


class PreparationForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=PreparationRecord.Step.choices)
    title = forms.CharField(label=_("Title or organization"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea)
    attachment = forms.FileField(
        label=_("Attachment"), required=False, validators=[validate_upload]
    )


class BallotForm(forms.Form):
    voter = forms.ModelChoiceField(queryset=Person.objects.none())
    nominee = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    choice = forms.ChoiceField(choices=Ballot.Choice.choices)

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(township=township)
        self.fields["voter"].queryset = people
        self.fields["nominee"].queryset = people


class BallotCorrectionForm(forms.Form):
    """DEC-6: the corrected choice and its reason (the service refuses a missing one)."""

    choice = forms.ChoiceField(
        label=_("Corrected ballot"), choices=Ballot.Choice.choices
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"required": True}),
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:  # the item's own choices, on the screen
            self.fields["choice"].choices = [(c.value, c.label) for c in choices]


class PersonForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(township=township)


class EmergencyForm(forms.Form):
    decided_by = forms.ModelChoiceField(
        label=_("Decided by"), queryset=Person.objects.none()
    )
    decided_at = forms.DateTimeField(label=_("Decided at"), widget=DATETIME)
    what = forms.CharField(label=_("What was decided"), widget=forms.Textarea)
    why = forms.CharField(label=_("Why it could not wait"), widget=forms.Textarea)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["decided_by"].queryset = people


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea)


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("Corrected minutes"), widget=forms.Textarea)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
