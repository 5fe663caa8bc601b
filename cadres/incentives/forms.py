"""Forms of the incentive pages check shape only; the rules are in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.incentives.models import (
    AppraisalMark,
    AssessmentReview,
    DailyRecord,
    Grade,
    IncentiveSettings,
    PersonalMattersReport,
)
from core.uploads import validate_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TARGET_ROWS = 6


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, person):
        return person.name


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)


class TargetsImportForm(forms.Form):
    file = forms.FileField(label=_("Targets (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an .xlsx file."))
        return upload


class PlanForm(forms.Form):
    """Up to six targets; empty rows are ignored."""

    def __init__(self, *args, goals=(), initial_targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        goal_choices = [("", "—")] + [(str(g.pk), g.title) for g in goals]
        self.goals = {str(g.pk): g for g in goals}
        for i in range(TARGET_ROWS):
            start = initial_targets[i] if i < len(initial_targets) else None
            self.fields[f"goal_{i}"] = forms.ChoiceField(
                label=_("Goal"),
                choices=goal_choices,
                required=False,
                initial=str(start.goal_id) if start and start.goal_id else "",
            )
            self.fields[f"title_{i}"] = forms.CharField(
                label=_("Target"),
                max_length=200,
                required=False,
                initial=start.title if start else "",
            )
            self.fields[f"measure_{i}"] = forms.CharField(
                label=_("Quantified measure"),
                max_length=200,
                required=False,
                initial=start.measure if start else "",
            )
            self.fields[f"weight_{i}"] = forms.DecimalField(
                label=_("Weight"),
                max_digits=5,
                decimal_places=2,
                min_value=Decimal("0.01"),
                max_value=Decimal("100"),
                required=False,
                initial=start.weight if start else None,
            )

    def rows(self):
        return [
            [
                self[f"goal_{i}"],
                self[f"title_{i}"],
                self[f"measure_{i}"],
                self[f"weight_{i}"],
            ]
            for i in range(TARGET_ROWS)
        ]

    def clean(self):
        data = super().clean()
        found = []
        for i in range(TARGET_ROWS):
            title = data.get(f"title_{i}")
            measure = data.get(f"measure_{i}")
            weight = data.get(f"weight_{i}")
            if not (title or measure or weight):
                continue
            if not (title and measure and weight):
                raise forms.ValidationError(
                    _("Row %(row)s: give the target, its measure and its weight.")
                    % {"row": i + 1}
                )
            found.append(
                (self.goals.get(data.get(f"goal_{i}") or ""), title, measure, weight)
            )
        data["targets"] = found
        return data


class ScoresForm(forms.Form):
    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[f"score_{target.pk}"] = forms.DecimalField(
                label=f"{target.title}（{target.measure}，权重 {target.weight}）",
                max_digits=5,
                decimal_places=2,
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                required=False,
                initial=target.score,
            )

    def scores(self):
        return {
            t.pk: self.cleaned_data[f"score_{t.pk}"]
            for t in self.targets
            if self.cleaned_data.get(f"score_{t.pk}") is not None
        }


class PoolForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Approved performance pool (yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    approval = forms.CharField(label=_("Approved by (document)"), max_length=200)


class GradesForm(forms.Form):
    def __init__(self, *args, people=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.people = list(people)
        for person in self.people:
            self.fields[f"grade_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=[("", "—"), *Grade.choices],
                required=False,
                initial=current.get(person.pk, ""),
            )

    def grades(self):
        return {
            p: self.cleaned_data[f"grade_{p.pk}"]
            for p in self.people
            if self.cleaned_data.get(f"grade_{p.pk}")
        }


class HigherGradeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Committee member"), queryset=None)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    decision = forms.CharField(
        label=_("Higher authority's decision (document)"), max_length=200
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class ExcellentPercentForm(forms.Form):
    percent = forms.DecimalField(
        label=_("Excellent cap (percent of those assessed)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
    )


class NoticeForm(forms.Form):
    served_on = forms.DateField(label=_("Written notice served on"), widget=DATE)


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentReview.Kind.choices)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)


class ReviewResultForm(forms.Form):
    result = forms.CharField(label=_("Result"), max_length=2000)
    result_on = forms.DateField(label=_("Result on"), widget=DATE)


class DailyRecordForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=DailyRecord.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=300)


class IntervalForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Democratic life meeting interval"),
        choices=IncentiveSettings.Interval.choices,
        coerce=int,
    )


class LifeMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    present = PeopleChoiceField(label=_("Members present"), queryset=None)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members


class RemarksForm(forms.Form):
    self_criticism = forms.CharField(
        label=_("Self-criticism"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    criticism = forms.CharField(
        label=_("Criticism received"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RectificationForm(forms.Form):
    text = forms.CharField(label=_("Rectification item"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members


class AppraisalOpenForm(forms.Form):
    subjects = PeopleChoiceField(label=_("Cadres appraised"), queryset=None)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = people


class BallotForm(forms.Form):
    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = list(subjects)
        for person in self.subjects:
            self.fields[f"mark_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=AppraisalMark.Choice.choices,
                widget=forms.RadioSelect,
            )

    def marks(self):
        return {p.pk: self.cleaned_data[f"mark_{p.pk}"] for p in self.subjects}


class PersonalReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PersonalMattersReport.Kind.choices
    )
    year = forms.IntegerField(
        label=_("Year reported"), required=False, min_value=2000, max_value=2100
    )
    event_on = forms.DateField(
        label=_("Taking office or change on"), required=False, widget=DATE
    )
    content = forms.CharField(
        label=_("Matters reported"), max_length=20000, widget=forms.Textarea
    )
    relative_employers = forms.CharField(
        label=_("Employers of declared relatives (one a line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SecretaryReportForm(PersonalReportForm):
    """INC-6: the secretary records a member's report (a paper one handed in)."""

    person = forms.ModelChoiceField(label=_("Committee member"), queryset=None)
    field_order = ["person"]

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.order_fields(["person"])


class ReportReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), max_length=2000, required=False)


class ContactPointForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Committee member"), queryset=None)
    village = forms.CharField(label=_("Village"), max_length=100)
    since = forms.DateField(label=_("Since"), widget=DATE)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class TalkForm(forms.Form):
    talker = forms.ModelChoiceField(label=_("Talk held by"), queryset=None)
    person = forms.ModelChoiceField(label=_("Talked with"), queryset=None)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talker"].queryset = people
        self.fields["person"].queryset = people


class FeedbackForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Cadre"), queryset=None)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    source = forms.CharField(label=_("Given by"), max_length=100)
    text = forms.CharField(
        label=_("Feedback"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
