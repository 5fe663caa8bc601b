"""The roster's form checks shape only; the import's rules are in cadres.roster.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("Roster (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an .xlsx file."))
        return upload
