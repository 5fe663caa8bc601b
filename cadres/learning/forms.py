"""Forms of the learning pages check shape only; the rules are in cadres.learning.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.learning.models import (
    ExamCandidate,
    StudyArea,
    StudyDay,
    StudyReport,
    TrainingRecord,
)
from core.uploads import validate_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, person):
        return f"{person.name}（{person.post}）" if person.post else person.name


class StudyReportForm(forms.Form):
    text = forms.CharField(
        label=_("Study report"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text or Markdown (**bold**, lists). HTML is not allowed."),
    )


class ReportCommentForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=[("", "—")] + list(StudyReport.Grade.choices),
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StudyPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StudyTopicForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Month"), choices=[(m, m) for m in range(1, 13)], coerce=int
    )
    area = forms.ChoiceField(label=_("Area"), choices=StudyArea.choices)
    title = forms.CharField(label=_("Topic"), max_length=200)


class StudyDayForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=StudyDay.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    experience = forms.CharField(
        label=_("Experience exchanged"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    materials = forms.FileField(
        label=pgettext_lazy("study day", "Materials"),
        required=False,
        validators=[validate_upload],
    )
    attendees = PeopleChoiceField(
        label=pgettext_lazy("study day", "Attendance"), queryset=None, required=False
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people


class TrainingRecordForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Cadre"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingRecord.Kind.choices)
    title = forms.CharField(label=_("Course"), max_length=200)
    organizer = forms.CharField(label=_("Organizer"), max_length=200, required=False)
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=6, decimal_places=1, min_value=0
    )
    certificate = forms.FileField(
        label=_("Certificate"), required=False, validators=[validate_upload]
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data


class SpotCheckForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    sample_size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=100)
    seed = forms.IntegerField(
        label=_("Random seed"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to draw a new one; the seed reproduces the sample."),
    )


class SpotCheckReviewForm(forms.Form):
    collective_findings = forms.CharField(
        label=_("Findings on collective study"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    findings = forms.CharField(
        label=_("Findings on individual study"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"grade_{item.pk}"] = forms.ChoiceField(
                label=_("Grade of %(name)s") % {"name": item.person.name},
                choices=[("", "—")] + list(StudyReport.Grade.choices),
                required=False,
                initial=item.grade,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": item.person.name},
                required=False,
                initial=item.note,
                max_length=2000,
            )

    def grades(self) -> dict:
        return {
            item.pk: (
                self.cleaned_data[f"grade_{item.pk}"],
                self.cleaned_data[f"note_{item.pk}"],
            )
            for item in self.items
        }


class ExamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    people = PeopleChoiceField(label=_("Applies to"), queryset=None, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class ExamResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ExamCandidate.Result.choices)
    score = forms.DecimalField(
        label=_("Score"), required=False, max_digits=5, decimal_places=1, min_value=0
    )
    result_date = forms.DateField(label=_("Result date"), widget=DATE)
