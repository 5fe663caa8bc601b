"""Every write to the column (PUB-1..PUB-3). Other apps publish through `item_publish`.

Callers (meetings, cadres, finance, projects) pass their record as `source_label` (what it
is, in words, e.g. "任前公示") and `source_ref` (a stable key, e.g. "cadres.appointment:42"),
and find the item again with `selectors.item_by_source`.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from committees import access
from core import integrity
from core.history import actor_or_none, save_with_history
from disclosure import cache as page_cache
from disclosure import errors, owners, rules
from disclosure.models import Feedback, Item, ItemVersion

EDITABLE_FIELDS = ("category", "title", "body", "window_from", "window_until")


def _check_owner(item: Item, owner: str) -> None:
    """APT-3: an item a mechanism owns is changed only through that mechanism."""
    if item.owner and owner != item.owner:
        raise errors.ItemOwned(params={"kept_by": owners.label_of(item.owner)})


def _publish_version(item: Item, *, actor, reason: str = "") -> ItemVersion:
    """PUB-2/AUD-2: the item as it is now becomes its next published version, sealed in
    the publishing transaction (disclosure.sealing)."""
    last = item.versions.order_by("-number").first()
    version = ItemVersion(
        township_id=item.township_id,
        item=item,
        number=(last.number + 1) if last else 1,
        category=item.category,
        title=item.title,
        body=item.body,
        window_from=item.window_from,
        window_until=item.window_until,
        published_at=item.updated_at if last else item.published_at,
        reason=reason[:300],
        published_by=actor_or_none(actor),
    )
    save_with_history(
        version,
        actor=actor,
        reason="published" if last is None else "correction published",
    )
    integrity.seal(version)
    return version


def _changed(township) -> None:
    # PUB-4: after commit, so no request can cache the old page between the bump and the commit.
    slug = township.slug
    transaction.on_commit(lambda: page_cache.bump(slug))


@transaction.atomic
def item_create_draft(
    *,
    actor,
    township,
    category: str,
    title: str,
    body: str = "",
    window_from: datetime.date | None = None,
    window_until: datetime.date | None = None,
    source_label: str = "",
    source_ref: str = "",
    owner: str = "",
) -> Item:
    access.require_actor(actor, township, access.TOWNSHIP_STAFF)
    if (
        source_ref
        and Item.objects.filter(
            source_label=source_label, source_ref=source_ref
        ).exists()
    ):
        raise errors.SourceAlreadyPublished()
    item = Item(
        township=township,
        category=category,
        title=title,
        body=body,
        window_from=window_from,
        window_until=window_until,
        source_label=source_label,
        source_ref=source_ref,
        owner=owner,
        created_by=actor_or_none(actor),
    )
    return save_with_history(item, actor=actor, reason="draft written")


@transaction.atomic
def item_update(
    *, actor, item: Item, owner: str = "", reason: str = "", **changes
) -> Item:
    """Change the text, category or window. A draft simply changes. A published item
    stays published and the change is a correction (PUB-2): a new published version,
    sealed, shown on the public page as "corrected on" with the earlier versions (a
    shortened window too), `reason` printed with it. A withdrawn item is locked; an
    owned one (APT-3) changes only through its owner."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    access.require_actor(actor, item.township, access.TOWNSHIP_STAFF)
    _check_owner(item, owner)
    if item.state == Item.State.WITHDRAWN:
        raise errors.WithdrawnItemLocked()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"item_update() got unexpected fields: {sorted(unknown)}")
    changed = [f for f, value in changes.items() if getattr(item, f) != value]
    for field, value in changes.items():
        setattr(item, field, value)
    if not changed:
        return item
    item.updated_at = timezone.now()
    published = item.state == Item.State.PUBLISHED
    save_with_history(
        item,
        actor=actor,
        reason=(f"correction: {reason}" if reason else "correction")[:100]
        if published
        else "item changed",
    )
    if published:
        _publish_version(item, actor=actor, reason=reason)
        _changed(item.township)
    return item


@transaction.atomic
def item_publish_draft(*, actor, item: Item, owner: str = "") -> Item:
    # Locked: two clerks pressing "publish" at once publish once.
    item = Item.objects.select_for_update().get(pk=item.pk)
    access.require_actor(actor, item.township, access.TOWNSHIP_STAFF)
    _check_owner(item, owner)
    if item.state != Item.State.DRAFT:
        raise errors.NotDraft()
    now = timezone.now()
    item.state = Item.State.PUBLISHED
    item.published_at = now
    item.updated_at = now
    save_with_history(item, actor=actor, reason="published")
    _publish_version(item, actor=actor)
    integrity.seal(item)  # AUD-2: after its first version, which it must agree with
    _changed(item.township)
    return item


@transaction.atomic
def item_publish(
    *,
    actor,
    township,
    category: str,
    title: str,
    body: str,
    source_label: str = "",
    source_ref: str = "",
    window_from: datetime.date | None = None,
    window_until: datetime.date | None = None,
    owner: str = "",
) -> Item:
    """The one publishing interface for other apps: write and publish in one step.

    PUB-2: the item is public from `window_from` (or now) to `window_until` (or for good).
    Raises SourceAlreadyPublished if `source_ref` was published before. `owner` (a name
    registered in disclosure.owners) keeps the item out of the column's own editing.
    """
    item = item_create_draft(
        actor=actor,
        township=township,
        category=category,
        title=title,
        body=body,
        window_from=window_from,
        window_until=window_until,
        source_label=source_label,
        source_ref=source_ref,
        owner=owner,
    )
    return item_publish_draft(actor=actor, item=item, owner=owner)


@transaction.atomic
def item_withdraw(*, actor, item: Item, reason: str = "", owner: str = "") -> Item:
    """PUB-2: withdrawn, not deleted; its address answers "withdrawn". An owned item
    (APT-3) is withdrawn only by its owner."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    access.require_actor(actor, item.township, access.TOWNSHIP_STAFF)
    _check_owner(item, owner)
    if item.state != Item.State.PUBLISHED:
        raise errors.NotPublished()
    item.state = Item.State.WITHDRAWN
    item.withdrawn_at = timezone.now()
    item.withdrawal_reason = reason
    item.updated_at = item.withdrawn_at
    save_with_history(item, actor=actor, reason=reason or "withdrawn")
    _changed(item.township)
    return item


def _free_reference() -> str:
    """PUB-3: a random reference no other message has (the unique index backs this up)."""
    while True:
        value = rules.new_reference()
        if not Feedback.objects.filter(reference=value).exists():
            return value


@transaction.atomic
def feedback_submit(
    *, item: Item, kind: str, text: str, name: str = "", contact: str = ""
) -> Feedback:
    """PUB-3: anyone, no account. Only on a public item; an objection only inside its window."""
    # Locked so a withdrawal racing the submission is seen.
    item = Item.objects.select_for_update().get(pk=item.pk)
    today = timezone.localdate()
    if item.state != Item.State.PUBLISHED:
        raise errors.ItemNotPublic()
    if not item.window_open_on(today):
        if kind == Feedback.Kind.OBJECTION:
            raise errors.ObjectionOutsideWindow()
        raise errors.ItemNotPublic()
    feedback = Feedback(
        township=item.township,
        item=item,
        kind=kind,
        reference=_free_reference(),
        text=text.strip(),
        name=name.strip(),
        contact=contact.strip(),
    )
    return save_with_history(feedback, actor=None, reason="received from the public")


@transaction.atomic
def feedback_answer(
    *, actor, feedback: Feedback, answer: str, public: bool
) -> Feedback:
    """PUB-3: the township answers, publicly (shown under the item) or privately."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    access.require_actor(actor, feedback.township, access.TOWNSHIP_STAFF)
    if not answer.strip():
        raise errors.AnswerRequired()
    feedback.answer = answer.strip()
    feedback.answer_public = public
    feedback.answered_by = actor_or_none(actor)
    feedback.answered_at = timezone.now()
    save_with_history(
        feedback, actor=actor, reason="answered publicly" if public else "answered"
    )
    _changed(feedback.township)
    return feedback


@transaction.atomic
def objection_finding_record(
    *, actor, feedback: Feedback, affects: bool, note: str = ""
) -> Feedback:
    """APT-3: the township's finding on an objection: it affects the matter or not.

    A finding once recorded is not changed (either way): it decides whether an
    appointment may go on. The owner of the item (disclosure.owners) is told in the same
    transaction, wherever the finding is recorded: an "affects" finding stops the
    appointment, from the column's pages too."""
    feedback = (
        Feedback.objects.select_for_update().select_related("item").get(pk=feedback.pk)
    )
    access.require_actor(actor, feedback.township, access.TOWNSHIP_STAFF)
    if feedback.kind != Feedback.Kind.OBJECTION:
        raise errors.FindingOnlyForObjections()
    if feedback.finding:
        raise errors.FindingAlreadyRecorded(
            params={"finding": feedback.get_finding_display()}
        )
    feedback.finding = (
        Feedback.Finding.AFFECTS if affects else Feedback.Finding.DOES_NOT_AFFECT
    )
    feedback.finding_note = note.strip()
    feedback.finding_by = actor_or_none(actor)
    feedback.finding_at = timezone.now()
    save_with_history(feedback, actor=actor, reason="finding recorded")
    registered = owners.owner(feedback.item.owner)
    if registered is not None and registered.on_finding is not None:
        registered.on_finding(feedback=feedback, actor=actor)
    return feedback
