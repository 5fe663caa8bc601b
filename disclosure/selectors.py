"""Reads of the column. Public reads apply PUB-2; other apps use the objection selectors."""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from committees import access
from disclosure import rules
from disclosure.models import Feedback, Item


def public_items(township, day: datetime.date | None = None) -> QuerySet[Item]:
    """PUB-2: what anyone may read today."""
    day = day or timezone.localdate()
    return Item.objects.filter(township=township).public_on(day)


def public_in_period(township, day: datetime.date | None = None) -> QuerySet[Item]:
    """PUB-3: public notices still in their period (objections open), ending soonest first."""
    day = day or timezone.localdate()
    return (
        public_items(township, day)
        .filter(window_until__isnull=False)
        .order_by("window_until", "-published_at", "-pk")
    )


def public_search(township, query: str) -> QuerySet[Item]:
    query = query.strip()
    if not query:
        return Item.objects.none()
    return public_items(township).filter(
        Q(title__icontains=query) | Q(body__icontains=query)
    )


def public_answers(item: Item) -> QuerySet[Feedback]:
    """PUB-3: answers the township chose to show; never the sender's name or contact."""
    return (
        Feedback.objects.filter(item=item, answer_public=True)
        .exclude(answer="")
        .only("kind", "text", "answer", "answered_at", "received_at")
        .order_by("received_at", "pk")
    )


def feedback_by_reference(text: str) -> Feedback | None:
    """PUB-3: the message a villager's reference names (as typed), or None. The reference
    alone opens it: the caller shows the message and its answer, never name or contact."""
    value = rules.normalize_reference(text)
    if value is None:
        return None
    return (
        Feedback.objects.filter(reference=value)
        .select_related("item", "township")
        .only(
            "kind",
            "text",
            "reference",
            "received_at",
            "answer",
            "answer_public",
            "answered_at",
            "finding",
            "item__id",
            "item__title",
            "item__state",
            "item__township_id",
            "township__name",
            "township__slug",
        )
        .first()
    )


def newest_public_by_township(
    townships, day: datetime.date | None = None, per_township: int = 3
) -> dict[int, list[Item]]:
    """The landing page: each township's notices still in their period (ending soonest
    first: objections are open), then its newest items; `per_township` each, one query."""
    day = day or timezone.localdate()
    ranked = (
        Item.objects.filter(township__in=townships)
        .public_on(day)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("township_id")],
                order_by=[
                    F("window_until").asc(nulls_last=True),
                    F("published_at").desc(nulls_last=True),
                    F("pk").desc(),
                ],
            )
        )
        .filter(rank__lte=per_township)
        .only(
            "pk",
            "township_id",
            "title",
            "category",
            "published_at",
            "window_from",
            "window_until",
        )
        .order_by("township_id", "rank")
    )
    result: dict[int, list[Item]] = {}
    for item in ranked:
        result.setdefault(item.township_id, []).append(item)
    return result


def items_for_staff(user, township) -> QuerySet[Item]:
    return access.scope(Item.objects.all(), user, access.TOWNSHIP_STAFF).filter(
        township=township
    )


def feedback_for_staff(user, township) -> QuerySet[Feedback]:
    return (
        access.scope(Feedback.objects.all(), user, access.TOWNSHIP_STAFF)
        .filter(township=township)
        .select_related("item", "answered_by", "finding_by")
    )


def unanswered_feedback(township) -> QuerySet[Feedback]:
    return Feedback.objects.filter(township=township, answer="")


# For other apps (APT-3) -----------------------------------------------------------------


def item_by_source(source_label: str, source_ref: str) -> Item | None:
    """The item published from a record of another app, or None."""
    return Item.objects.filter(source_label=source_label, source_ref=source_ref).first()


def objections_for(item: Item) -> QuerySet[Feedback]:
    """Every objection to `item`, oldest first."""
    return Feedback.objects.filter(item=item, kind=Feedback.Kind.OBJECTION).order_by(
        "received_at", "pk"
    )


def unresolved_objections(item: Item) -> QuerySet[Feedback]:
    """APT-3: objections still without a finding (the formalities wait for none)."""
    return objections_for(item).filter(finding="")


def item_corrections(item: Item) -> dict:
    """PUB-2: an item's published versions for its public page — the date of the newest
    correction and every earlier version, each with what the next one changed."""
    from disclosure.sealing import SHOWN_FIELDS

    versions = list(item.versions.order_by("number"))
    changes = {}
    for before, after in zip(versions, versions[1:], strict=False):
        changes[after.number] = [
            {
                "label": Item._meta.get_field(name).verbose_name,
                "before": getattr(before, name),
                "after": getattr(after, name),
                "is_date": name.startswith("window_"),
            }
            for name in SHOWN_FIELDS
            if getattr(before, name) != getattr(after, name)
        ]
    latest = versions[-1] if versions else None
    return {
        "versions": versions,
        "corrected": latest if latest is not None and latest.is_correction else None,
        "corrections": [
            {"version": v, "changes": changes.get(v.number, [])}
            for v in reversed(versions)
            if v.is_correction
        ],
        "earlier": list(reversed(versions[:-1])),
    }


def document_check(*, data: bytes | None, code: str) -> dict:
    """AUD-2, for the public verify page: the generated documents a file (by its bytes'
    digest) or a code matches, each with its record, township, when it was sealed,
    whether the record still matches its seal and the chain still holds the anchor the
    document printed."""
    from django.apps import apps

    from committees.models import Township
    from core import anchors, documents, integrity
    from core.models import Seal

    by = "file" if data else "code"
    found = documents.by_digest(data) if data else documents.by_code(code)
    seals = Seal.objects.in_bulk([d.seal_id for d in found if d.seal_id])
    towns = Township.objects.in_bulk([d.township_id for d in found])
    matches = []
    for document in found:
        try:
            model = apps.get_model(document.model)
        except LookupError:
            model = None
        seal = seals.get(document.seal_id)
        record = (
            model._default_manager.filter(pk=document.object_id).first()
            if model
            else None
        )
        kind = integrity.kinds().get(document.model)
        intact = None
        if seal is not None and record is not None and kind is not None:
            content = integrity.canonical(kind.content_for(seal.version)(record))
            intact = content == seal.content
        anchor = document.anchor
        matches.append(
            {
                "document": document,
                "record_type": model._meta.verbose_name if model else document.model,
                "record_exists": record is not None,
                "township": towns.get(document.township_id),
                "seal": seal,
                "intact": intact,
                "anchor": anchor,
                "anchor_holds": anchors.holds(
                    anchor.township_id, anchor.sequence, anchor.head
                )
                if anchor
                else None,
            }
        )
    return {
        "by": by,
        "code": documents.format_code(documents.normalise_code(code)) if code else "",
        "matches": matches,
    }
