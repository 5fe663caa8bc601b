"""Upload limits (SEC-3): a type and a size, with a clear message when either is wrong.

The type is checked by the file's content too (its magic bytes, through puremagic), not only
by its name: an executable or a web page renamed `.pdf` is refused."""

from pathlib import Path

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# What the first bytes of a file of each accepted extension may be identified as
# (puremagic's extensions, which also name the family: an OLE2 compound file is .doc and .xls,
# an Office Open XML file is a ZIP). An extension not listed here is checked by name only.
_CONTENT_MATCHES = {
    "pdf": {".pdf"},
    "doc": {".doc", ".dot"},
    "xls": {".xls", ".xla", ".doc"},
    "docx": {".docx", ".zip"},
    "xlsx": {".xlsx", ".zip"},
    "jpg": {".jpg", ".jpeg", ".jfif"},
    "jpeg": {".jpg", ".jpeg", ".jfif"},
    "png": {".png"},
}
_HEAD_BYTES = 8192


def _head(upload) -> bytes | None:
    """The first bytes of a new upload (None for a file already stored: it was checked when
    it came in, and a record saved again must not read its file back)."""
    if getattr(upload, "_committed", False):
        return None
    source = getattr(upload, "file", upload)
    try:
        source.seek(0)
        head = source.read(_HEAD_BYTES)
        source.seek(0)
    except (AttributeError, OSError, ValueError):
        return None
    return head if isinstance(head, bytes) else None


def content_matches(extension: str, head: bytes) -> bool:
    """True when `head`, a file's first bytes, is what a file named `.extension` holds."""
    if extension == "txt":
        if b"\0" in head:
            return False
        for encoding in ("utf-8", "gb18030"):
            try:
                # The head may end inside a character: ignore an incomplete last one.
                head.decode(encoding, errors="strict")
            except UnicodeDecodeError as error:
                if error.start >= len(head) - 4:
                    return True
                continue
            return True
        return False
    expected = _CONTENT_MATCHES.get(extension)
    if expected is None:
        return True
    try:
        found = {match.extension for match in puremagic.magic_string(head)}
    except (puremagic.PureError, ValueError):
        return False
    return bool(found & expected)


def validate_upload(upload) -> None:
    extension = Path(upload.name).suffix.lower().lstrip(".")
    allowed = settings.UPLOAD_ALLOWED_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s."),
            code="upload_type",
            params={"ext": extension or "?", "allowed": ", ".join(allowed)},
        )
    head = _head(upload)
    if head is not None and not content_matches(extension, head):
        raise ValidationError(
            _("The file's content is not a “%(ext)s” file. Allowed: %(allowed)s."),
            code="upload_content",
            params={"ext": extension, "allowed": ", ".join(allowed)},
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
