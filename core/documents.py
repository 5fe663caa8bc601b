"""AUD-2: the documents the system generated (minutes, finance reports), checkable by anyone.

A PDF prints a code derived from its record (`code_for(record)`: known before the bytes
exist, so the footer can print it) and the township's anchor (core.anchors). When the
file is stored its bytes' digest is kept (`register_document(file_bytes, record)`), so the
public verify page can answer, for an uploaded file or a typed code, whether it matches
what was generated and sealed: which record, which township, when.

The code is an HMAC of the record's identity and its seal's fingerprint (when sealed)
under the server's secret: it cannot be guessed from the record's number, so the verify
page cannot be walked to list the townships' documents. Apps call, around their render:

    context.update(documents.pdf_footer(record))   # before rendering
    documents.register_document(data, record)      # where the bytes are stored
"""

from __future__ import annotations

import hashlib
import re

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.anchor_models import CODE_LENGTH, Document, format_code


def _seal_of(record):
    from core.models import Seal

    return Seal.objects.filter(model=record._meta.label, object_id=record.pk).first()


def code_for(record) -> str:
    """The code a record's document prints: the same before and after the file exists."""
    seal = _seal_of(record)
    value = f"{record._meta.label}:{record.pk}:{seal.digest if seal else ''}"
    return salted_hmac("core.documents.code", value).hexdigest()[:CODE_LENGTH].upper()


def normalise_code(text: str) -> str:
    """What a person typed (spaces, dashes, lower case) as the stored code."""
    return re.sub(r"[^0-9A-Fa-f]", "", text or "").upper()[:64]


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf_footer(record) -> dict:
    """The context a PDF's footer prints (templates/shared/pdf_base.html): the document's
    code and the township's chain anchor as it is now (made on demand)."""
    from core import anchors

    return {
        "integrity_footer": {
            "code": format_code(code_for(record)),
            "anchor": anchors.current(record.township_id),
        }
    }


@transaction.atomic
def register_document(file_bytes: bytes, record) -> Document:
    """Keep the digest of a generated file of `record` (idempotent for the same bytes)."""
    from core import anchors

    seal = _seal_of(record)
    digest = digest_of(file_bytes)
    found = Document.objects.filter(
        digest=digest, model=record._meta.label, object_id=record.pk
    ).first()
    if found is not None:
        return found
    return Document.objects.create(
        code=code_for(record),
        digest=digest,
        size=len(file_bytes),
        township_id=record.township_id,
        model=record._meta.label,
        object_id=record.pk,
        seal_id=seal.pk if seal else None,
        anchor=anchors.latest(record.township_id),
        registered_at=timezone.now(),
    )


def by_digest(data: bytes) -> list[Document]:
    return list(
        Document.objects.filter(digest=digest_of(data)).select_related("anchor")
    )


def by_code(text: str) -> list[Document]:
    code = normalise_code(text)
    if len(code) != CODE_LENGTH:
        return []
    return list(Document.objects.filter(code=code).select_related("anchor"))
