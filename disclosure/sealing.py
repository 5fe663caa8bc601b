"""AUD-2/PUB-2: what the column seals (core.integrity).

- Each published version of an item (`disclosure.ItemVersion`): its text, category and
  window as published, sealed when it is written. A version never changes.
- Each published item (`disclosure.Item`), sealed when first published: the fields that
  never change after publication (township, source, owner, first publication), and,
  for each field the public reads, whether the item still says what its newest sealed
  version says. A legitimate correction writes a new version first, so the item keeps
  agreeing with it; an SQL edit of the item's title, text or window does not, and
  `integrity.verify()` reports the field with the value it now has.

A correction written by SQL (a version row added or removed behind the application's
back) shows too: a version without a seal is "locked without a seal", a removed one is
"sealed record deleted".
"""

from __future__ import annotations

from core import integrity

SHOWN_FIELDS = ("category", "title", "body", "window_from", "window_until")
ITEM_FIELDS = ("source_label", "source_ref", "owner", "published_at", "created_by")
VERSION_FIELDS = ("item", "number", *SHOWN_FIELDS, "published_at", "reason")
# In an item's sealed content: the field agrees with the newest sealed version.
AS_PUBLISHED = "= published version"


def newest_version(item):
    versions = getattr(item, "_prefetched_objects_cache", {}).get("versions")
    if versions is not None:
        return max(versions, key=lambda v: v.number, default=None)
    return item.versions.order_by("-number").first()


def item_content(item) -> dict:
    content = integrity.fields_of(item, ITEM_FIELDS)
    version = newest_version(item)
    for name in SHOWN_FIELDS:
        now = getattr(item, name)
        agrees = version is not None and getattr(version, name) == now
        content[name] = AS_PUBLISHED if agrees else now
    return content


def version_content(version) -> dict:
    return integrity.fields_of(version, VERSION_FIELDS)


def register() -> None:
    from disclosure.models import Item, ItemVersion

    integrity.register(
        "disclosure.Item",
        content=item_content,
        # Published once (withdrawn later or not): sealed.
        locked=lambda: Item.objects.exclude(published_at__isnull=True),
        queryset=lambda: Item.objects.prefetch_related("versions"),
    )
    integrity.register(
        "disclosure.ItemVersion",
        content=version_content,
        locked=lambda: ItemVersion.objects.all(),
    )
