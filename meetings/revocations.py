"""DEC-10: records of other apps that stand on a decision follow its revocation.

`meetings` imports no app above it. An app whose records stand on a committee decision (an
appointment case on its personnel decision) registers a follower here from its
`AppConfig.ready()`; the service that records a decision changing another calls every
follower inside its own transaction, so the change and what follows from it commit or roll
back together. Explicit on purpose: a business rule, not a signal.
"""

from __future__ import annotations

from collections.abc import Callable

_FOLLOWERS: dict[str, Callable] = {}


def register(name: str, follower: Callable) -> None:
    """`follower(changing=decision)` is called for every decision that names another."""
    _FOLLOWERS[name] = follower


def decision_changes_another(decision) -> None:
    for follower in _FOLLOWERS.values():
        follower(changing=decision)
