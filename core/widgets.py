"""The shared file-input widget template (issue 15: no English left on a Chinese page).

Django's file inputs print the browser's "Choose File / No file chosen" and link the
current file's storage URL. `use_shared_file_widget()`, called from CoreConfig.ready(),
points Django's FileInput and ClearableFileInput at core/widgets/file_input.html, whose
words come from the catalogue, for every form of every app (the default form renderer
finds templates in the apps' folders, so no setting changes).
"""

from django import forms

TEMPLATE = "core/widgets/file_input.html"


def use_shared_file_widget() -> None:
    forms.FileInput.template_name = TEMPLATE
    forms.ClearableFileInput.template_name = TEMPLATE
