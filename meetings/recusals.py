"""PRJ-3: members who must step aside on an agenda item cannot vote on it.

`meetings` imports no app above it. An app whose records make a committee member step
aside on an item (projects: a member whose declared relative is tied to a bidder on the
project the item decides) registers a provider here from its `AppConfig.ready()`:
`provider(item) -> {person_id: reason}`, the reason a translatable text shown to people.
`ballot_cast` and `ballot_correct` refuse a ballot of a recused member; the live screen
marks them 回避 with the reason. Explicit on purpose: a business rule, not a signal.

A provider may also give `many(items) -> {item_id: {person_id: reason}}`, so that the live
screen asks once for all its items (its query count does not grow with the items).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_PROVIDERS: dict[str, tuple[Callable, Callable | None]] = {}


def register(name: str, provider: Callable, *, many: Callable | None = None) -> None:
    """`provider(item)` -> {person_id: reason}; `many(items)` -> {item_id: that dict}."""
    _PROVIDERS[name] = (provider, many)


def recused(item) -> dict[int, str]:
    """Every member who must step aside on `item`, with the reason (all providers)."""
    merged: dict[int, str] = {}
    for provider, _many in _PROVIDERS.values():
        _merge(merged, provider(item))
    return merged


def recused_on(items: Iterable) -> dict[int, dict[int, str]]:
    """`recused` for several items at once: item pk -> {person_id: reason}."""
    items = list(items)
    merged: dict[int, dict[int, str]] = {item.pk: {} for item in items}
    if not items:
        return merged
    for provider, many in _PROVIDERS.values():
        if many is not None:
            found = many(items)
        else:
            found = {item.pk: provider(item) for item in items}
        for item_id, people in found.items():
            _merge(merged.setdefault(item_id, {}), people)
    return merged


def _merge(into: dict[int, str], people: dict[int, str]) -> None:
    for person_id, reason in people.items():
        reason = str(reason)
        into[person_id] = (
            f"{into[person_id]}；{reason}" if person_id in into else reason
        )
