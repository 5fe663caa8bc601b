"""The permission matrix (SEC-1): every URL of the project × every persona → expected status.

Each app lists its URLs in `tests/<app>/url_matrix.py` as `ENTRIES = {url name: Case(...)}`.
`tests/test_permission_matrix.py` fails for any URL that has no entry, so a new page cannot
ship without saying who may open it.

Personas: the roles of township A ("own"); a secretary of township B of the same county
("outsider"); the county reviewer of A's county; a reviewer of another county; the three
system roles; a logged-in user with no role; the anonymous public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "nobody",
    "secretary",
    "clerk",
    "member",
    "cadre",
    "finance_group",
    "outsider",
    "reviewer",
    "far_reviewer",
    "auditor",
    "system_admin",
    "security_admin",
)
TOWNSHIP_PERSONAS = ("secretary", "clerk", "member", "cadre", "finance_group")


@dataclass
class Case:
    """`kwargs(world)` builds the URL's arguments from objects of township A ("own")."""

    expect: dict[str, int]
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    data: Callable | None = None  # POST data builder, for POST-only URLs


def persona_user(world, persona):
    if persona == "anonymous":
        return None
    if persona in TOWNSHIP_PERSONAS:
        return getattr(world.a, persona)
    if persona == "outsider":
        return world.b.secretary
    return getattr(world, persona)


def expect(
    default: int = 404, *, anonymous: int = 302, **overrides: int
) -> dict[str, int]:
    result = dict.fromkeys(PERSONAS, default)
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


def everyone_logged_in(status: int = 200) -> dict[str, int]:
    return expect(status)


def township_readers(status: int = 200) -> dict[str, int]:
    """Every role in township A and the county reviewer of its county; 404 for the rest."""
    return expect(404, **dict.fromkeys(TOWNSHIP_PERSONAS, status), reviewer=status)


def township_staff(status: int = 200) -> dict[str, int]:
    """The secretary and clerks of township A only."""
    return expect(404, secretary=status, clerk=status)


def township_roles(*roles: str, status: int = 200) -> dict[str, int]:
    return expect(404, **dict.fromkeys(roles, status))


def public(status: int = 200) -> dict[str, int]:
    return expect(status, anonymous=status)
