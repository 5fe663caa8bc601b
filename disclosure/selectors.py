"""Reads of the column. Public reads apply PUB-2; other apps use the objection selectors."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from committees import access
from disclosure.models import Feedback, Item


def public_items(township, day: datetime.date | None = None) -> QuerySet[Item]:
    """PUB-2: what anyone may read today."""
    day = day or timezone.localdate()
    return Item.objects.filter(township=township).public_on(day)


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
