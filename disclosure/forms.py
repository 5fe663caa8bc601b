"""Forms check shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from disclosure.models import Category, Feedback, Item


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["category", "title", "body", "window_from", "window_until"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "window_from": forms.DateInput(attrs={"type": "date"}),
            "window_until": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "window_from": _("Optional. Before this day the item is not shown."),
            "window_until": _(
                "Optional. After this day the item is no longer shown; a notice shows its remaining days."
            ),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("window_from"), data.get("window_until")
        if start and end and end < start:
            self.add_error(
                "window_until", _("The end of the window is before its start.")
            )
        return data


class CorrectionForm(ItemForm):
    """PUB-2: a published item changed is a correction, shown publicly with its reason."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        required=False,
        help_text=_(
            "Shown on the public page with the date of the correction and the earlier "
            "version."
        ),
    )

    class Meta(ItemForm.Meta):
        fields = [*ItemForm.Meta.fields, "reason"]


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("This is"),
        choices=Feedback.Kind.choices,
        initial=Feedback.Kind.FEEDBACK,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"), max_length=60, required=False
    )
    contact = forms.CharField(
        label=_("Phone or other contact (optional)"),
        max_length=100,
        required=False,
        help_text=_("Seen only by the township office, never published."),
        # A phone number is what most people give: the phone shows its number pad.
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
        ),
    )
    # SEC-5: a honeypot. People never see it; bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class LookupForm(forms.Form):
    """PUB-3: the reference from the received page, as the villager types it."""

    reference = forms.CharField(
        label=_("Reference number"),
        max_length=20,
        help_text=_("As shown on the received page, such as ABCD-2345."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5})
    )
    public = forms.BooleanField(
        label=_("Show this answer publicly under the item"),
        required=False,
        help_text=_(
            "Public: shown under the item with the message (never the name or contact). "
            "Either way the sender reads it with the reference number."
        ),
    )


class FindingForm(forms.Form):
    finding = forms.ChoiceField(
        label=_("Finding"),
        choices=[
            (Feedback.Finding.AFFECTS, Feedback.Finding.AFFECTS.label),
            (Feedback.Finding.DOES_NOT_AFFECT, Feedback.Finding.DOES_NOT_AFFECT.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note on the finding"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)


CATEGORY_CHOICES = Category.choices


VERIFY_MAX_BYTES = 20 * 1024 * 1024  # a minutes or report PDF is well under this


class VerifyForm(forms.Form):
    """AUD-2: a PDF the system generated, or the code printed in its footer."""

    document = forms.FileField(
        label=_("The PDF file"),
        required=False,
        help_text=_("Minutes or a report as downloaded or received, not re-saved."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    code = forms.CharField(
        label=_("Or the verification code printed at its foot"),
        max_length=40,
        required=False,
        help_text=_("Sixteen letters and digits, such as 1A2B-3C4D-5E6F-7A8B."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        if upload.size > VERIFY_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large to be one of ours."))
        data = upload.read()
        # Checked by content, not by name (SEC-3).
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("This file is not a PDF."))
        return data

    def clean(self):
        data = super().clean()
        if not data.get("document") and not (data.get("code") or "").strip():
            if not self.errors:
                raise forms.ValidationError(
                    _("Choose a PDF file or type the code printed on it.")
                )
        return data
