"""Items a mechanism owns (APT-3): the column publishes them, the mechanism changes them.

`disclosure` imports no mechanism. A mechanism that publishes items it alone may change
(an appointment notice whose window decides when the formalities may begin) registers
itself here from its `AppConfig.ready()` and publishes with `owner=<name>`:

    from disclosure import owners
    owners.register_owner(
        "cadres.appointment",
        label=_("the appointment case page"),
        on_finding=appointments_hooks.finding_recorded,
    )

The column's services then refuse to edit, withdraw or re-publish that item unless the
caller names the owner (`owner="cadres.appointment"`), which only the mechanism's own
services do; the refusal names the screen to use. `on_finding(feedback=, actor=)` is
called inside the transaction that records a finding on an objection to an owned item,
wherever the finding is recorded, so the mechanism can act on it (an "affects" finding
stops the appointment) or refuse it with a DomainError (then nothing is written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Owner:
    name: str
    label: object  # translatable: the screen where the item is changed
    on_finding: Callable | None = None


_OWNERS: dict[str, Owner] = {}


def register_owner(name: str, *, label, on_finding: Callable | None = None) -> None:
    _OWNERS[name] = Owner(name=name, label=label, on_finding=on_finding)


def owner(name: str) -> Owner | None:
    return _OWNERS.get(name) if name else None


def label_of(name: str):
    """The screen that keeps items of `name` (the name itself when none registered)."""
    registered = owner(name)
    return registered.label if registered is not None else name
