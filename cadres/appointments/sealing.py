"""AUD-2: a published pre-appointment notice (APT-3) is sealed: its window decides when the
formalities may begin, so a changed end date must show."""

from __future__ import annotations

from core import integrity

NOTICE_FIELDS = (
    "case",
    "item",
    "source_ref",
    "published_on",
    "last_day",
    "ends_at",
    "days",
    "working_days",
    "published_by",
)


def notice_content(notice) -> dict:
    return integrity.fields_of(notice, NOTICE_FIELDS)


def register() -> None:
    from cadres.appointments.models import PublicNotice

    integrity.register(
        "cadres.PublicNotice",
        content=notice_content,
        locked=lambda: PublicNotice.objects.all(),
    )
