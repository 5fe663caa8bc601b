"""Forms of the quarterly report pages (shape only; the services decide)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GenerateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, widget=forms.HiddenInput
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("First quarter")),
            (2, _("Second quarter")),
            (3, _("Third quarter")),
            (4, _("Fourth quarter")),
        ],
    )


class AgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Enlarged meeting"), queryset=None, empty_label=None
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.title}（{timezone.localtime(m.start):%Y-%m-%d %H:%M}）"
        )
