"""Forms check the shape of input only; the rules are in cadres.appointments.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.appointments.models import Inspection
from core.uploads import validate_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseOpenForm(forms.Form):
    post = forms.CharField(label=pgettext_lazy("appointment", "post"), max_length=200)
    person = forms.ModelChoiceField(label=_("person proposed"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RecommendationForm(forms.Form):
    """APT-2: the electorate, the ballots returned and the votes of each nominee."""

    held_on = forms.DateField(label=_("held on"), widget=DATE)
    electorate = forms.IntegerField(label=_("electorate (应参加)"), min_value=1)
    ballots_returned = forms.IntegerField(
        label=_("ballots returned (实参加)"), min_value=0
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            self.fields[f"votes_{person.pk}"] = forms.IntegerField(
                label=_("votes for %(name)s") % {"name": person.name},
                min_value=0,
                required=False,
                help_text=_("Leave empty if not nominated."),
            )

    def vote_fields(self):
        return [self[f"votes_{person.pk}"] for person in self.people]

    def other_fields(self):
        return [
            self[name] for name in ("held_on", "electorate", "ballots_returned", "note")
        ]

    def nominees(self):
        return [
            (person, self.cleaned_data[f"votes_{person.pk}"])
            for person in self.people
            if self.cleaned_data.get(f"votes_{person.pk}") is not None
        ]


class CandidatesForm(forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=DATE)
    attendees = forms.CharField(
        label=_("present at the sitting"), widget=forms.Textarea(attrs={"rows": 2})
    )
    record = forms.CharField(label=_("record of the sitting"), widget=forms.Textarea)
    candidates = forms.ModelMultipleChoiceField(
        label=_("candidates for inspection"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, recommended, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = recommended


class InspectionForm(forms.Form):
    team = forms.CharField(
        label=_("inspection team"), widget=forms.Textarea(attrs={"rows": 2})
    )
    report = forms.CharField(label=_("inspection report"), widget=forms.Textarea)
    report_file = forms.FileField(
        label=_("report file"), required=False, validators=[validate_upload]
    )
    conclusion = forms.ChoiceField(
        label=_("conclusion"),
        choices=Inspection.Conclusion.choices,
        widget=forms.RadioSelect,
    )


class DecisionLinkForm(forms.Form):
    item = forms.ModelChoiceField(label=_("personnel agenda item"), queryset=None)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class FindingForm(forms.Form):
    AFFECTS = "affects"
    DOES_NOT_AFFECT = "does_not_affect"

    feedback = forms.IntegerField(widget=forms.HiddenInput)
    finding = forms.ChoiceField(
        label=_("finding"),
        choices=[
            (DOES_NOT_AFFECT, _("does not affect the appointment")),
            (AFFECTS, _("affects the appointment (stops the case)")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("finding note"), widget=forms.Textarea)


class FormalitiesForm(forms.Form):
    done_on = forms.DateField(label=_("done on"), widget=DATE)
    letter_number = forms.CharField(label=_("letter number"), max_length=60)
    effective_from = forms.DateField(label=_("in post from"), widget=DATE)


class StopForm(forms.Form):
    reason = forms.CharField(
        label=_("reason stopped"), widget=forms.Textarea(attrs={"rows": 2})
    )


# -- APT-4 ---------------------------------------------------------------------------------


class SelectionPostForm(forms.Form):
    post = forms.CharField(label=pgettext_lazy("appointment", "post"), max_length=200)
    description = forms.CharField(
        label=_("requirements and procedure"), widget=forms.Textarea
    )
    written_weight = forms.DecimalField(
        label=_("written exam weight"),
        min_value=0,
        max_value=1,
        decimal_places=2,
        help_text=_("Between 0 and 1; the interview has the rest."),
    )
    apply_until = forms.DateField(label=_("applications until"), widget=DATE)


class ApplicantForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=60)


class ScoresForm(forms.Form):
    applicant = forms.IntegerField(widget=forms.HiddenInput)
    written = forms.DecimalField(
        label=_("written exam score"), min_value=0, max_value=100, decimal_places=2
    )
    interview = forms.DecimalField(
        label=_("interview score"), min_value=0, max_value=100, decimal_places=2
    )


# -- APT-5 ---------------------------------------------------------------------------------


class OutstandingVoteForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    seats = forms.IntegerField(label=_("number to elect"), min_value=1, max_value=50)


class OutstandingBallotForm(forms.Form):
    voter = forms.ModelChoiceField(
        label=pgettext_lazy("outstanding cadre vote", "voter"),
        queryset=None,
        required=False,
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("chosen"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, electorate, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = electorate
        if staff:
            self.fields["voter"].queryset = electorate
            self.fields["voter"].required = True
        else:
            del self.fields["voter"]


class ListAddForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=None)
    reason = forms.CharField(
        label=_("reason added"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ListRemoveForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason removed"), max_length=300)
