from django import forms
from django.utils.translation import gettext_lazy as _

from committees import rules
from committees.models import RuleThreshold


class RuleSetForm(forms.Form):
    """A new version of the decision rules: for each kind a fraction, a base and a comparison."""

    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in RuleThreshold.Kind.choices:
            default = rules.DEFAULT_RULES[kind]
            self.fields[f"{kind}_numerator"] = forms.IntegerField(
                label=_("%(kind)s: numerator") % {"kind": label},
                min_value=1,
                max_value=10,
                initial=default.fraction.numerator,
            )
            self.fields[f"{kind}_denominator"] = forms.IntegerField(
                label=_("%(kind)s: denominator") % {"kind": label},
                min_value=1,
                max_value=10,
                initial=default.fraction.denominator,
            )
            self.fields[f"{kind}_base"] = forms.ChoiceField(
                label=_("%(kind)s: base") % {"kind": label},
                choices=RuleThreshold.BaseChoice.choices,
                initial=str(default.base),
            )
            self.fields[f"{kind}_comparison"] = forms.ChoiceField(
                label=_("%(kind)s: comparison") % {"kind": label},
                choices=RuleThreshold.ComparisonChoice.choices,
                initial=str(default.comparison),
            )

    def clean(self):
        cleaned = super().clean()
        for kind in rules.KINDS:
            numerator = cleaned.get(f"{kind}_numerator")
            denominator = cleaned.get(f"{kind}_denominator")
            if numerator and denominator and numerator > denominator:
                self.add_error(
                    f"{kind}_numerator",
                    _("The numerator cannot be larger than the denominator."),
                )
        return cleaned

    def kind_rows(self):
        return [
            (
                label,
                [
                    self[f"{kind}_{part}"]
                    for part in ("numerator", "denominator", "base", "comparison")
                ],
            )
            for kind, label in RuleThreshold.Kind.choices
        ]

    def thresholds(self) -> dict[str, dict]:
        """Each kind's parts as the service takes them: the service checks them (a form
        checks shape only; the rule lives in the service)."""
        data = self.cleaned_data
        return {
            kind: {
                part: data[f"{kind}_{part}"]
                for part in ("numerator", "denominator", "base", "comparison")
            }
            for kind in rules.KINDS
        }


class HolidayCorrectionForm(forms.Form):
    date = forms.DateField(
        label=_("date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    is_working_day = forms.TypedChoiceField(
        label=_("the day is"),
        choices=[("0", _("a day off")), ("1", _("a working day"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("note"), max_length=200)
