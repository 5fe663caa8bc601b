"""The statements' clock: services read "now" here, so demo data of past quarters can be
built as of their day (`with clock(moment): ...`, like `meetings.services.clock`; views
never use it)."""

from __future__ import annotations

import contextlib
import contextvars
import datetime

from django.utils import timezone

_clock: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "finance_statements_clock", default=None
)


def now() -> datetime.datetime:
    return _clock.get() or timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())


@contextlib.contextmanager
def clock(at: datetime.datetime):
    token = _clock.set(at)
    try:
        yield
    finally:
        _clock.reset(token)
