"""Pure rules of the pilot (PIL-1): the order of its phases, what each phase holds before it
moves on, how long the trial run lasts. No ORM, no settings: the values are the stored
values of `PilotPhase.Kind` and `PhaseDocument.Kind` (a test checks they agree).

Tested by tables in `tests/oversight/test_rules.py`.
"""

from __future__ import annotations

import datetime

PREPARATION, BUILDING, TRIAL_RUN, SUMMARY = (
    "preparation",
    "building",
    "trial_run",
    "summary",
)
PHASE_ORDER = (PREPARATION, BUILDING, TRIAL_RUN, SUMMARY)

# PIL-1: what each phase must hold before it moves on (the seed's list per phase).
REQUIRED_DOCUMENTS = {
    PREPARATION: ("investigation", "plan"),
    BUILDING: ("rules", "symposium"),
    TRIAL_RUN: ("trial_log",),
    SUMMARY: (),
}
OTHER_DOCUMENT = "other"  # any phase may hold other documents besides its own
ALLOWED_DOCUMENTS = {
    phase: (*kinds, OTHER_DOCUMENT) for phase, kinds in REQUIRED_DOCUMENTS.items()
}

# PIL-1: "trial run (half a month)". We read half a month as 15 calendar days: a trial run
# started on 1 August may move on from 16 August, not before.
TRIAL_RUN_MIN_DAYS = 15


def next_phase(kind: str) -> str | None:
    """The phase after `kind`, or None after the last."""
    index = PHASE_ORDER.index(kind)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def missing_documents(kind: str, held) -> list[str]:
    """The documents phase `kind` must still hold before it ends, in their order."""
    held = set(held)
    return [k for k in REQUIRED_DOCUMENTS[kind] if k not in held]


def earliest_move_on(kind: str, started_on: datetime.date) -> datetime.date:
    """The first day phase `kind`, started on `started_on`, may end (PIL-1)."""
    if kind == TRIAL_RUN:
        return started_on + datetime.timedelta(days=TRIAL_RUN_MIN_DAYS)
    return started_on


def days_past_end(
    ended_on: datetime.date | None, pilot_end: datetime.date, today: datetime.date
) -> int:
    """PIL-1: how many days an open phase runs past the pilot's end date (0 if it does not).

    A phase that has ended is never overdue; an open phase is overdue from the day after
    the pilot's last day.
    """
    if ended_on is not None or today <= pilot_end:
        return 0
    return (today - pilot_end).days
