"""Upload limits (SEC-3): a type and a size, with a clear message when either is wrong."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def validate_upload(upload) -> None:
    extension = Path(upload.name).suffix.lower().lstrip(".")
    allowed = settings.UPLOAD_ALLOWED_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s."),
            code="upload_type",
            params={"ext": extension or "?", "allowed": ", ".join(allowed)},
        )
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="upload_size",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )


def download(field_file) -> FileResponse:
    """An uploaded file, sent as an attachment. The caller has checked who may read the
    record it belongs to: uploads are never served from a public /media/ URL (SEC-1)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=Path(field_file.name).name)
