"""Errors every part of the cadres app shares (learning, roster): bad input refused as a
domain error. The refusals of each rule live with their mechanism: `cadres/learning/errors.py`,
`cadres/roster/errors.py`, `cadres/appointments/errors.py`."""

import functools

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class RecordInvalid(DomainError):
    """SEC-3: a service given a value the record cannot hold (a month 13, a grade that is
    not one of the grades, …) refuses with this, never with Django's ValidationError."""

    rule = "SEC-3"
    message = _("Nothing was saved: %(errors)s")


def refuses_invalid_input(service):
    """Decorate a write service so that a value its records cannot hold (caught by
    `full_clean` in `save_with_history`) is refused as `RecordInvalid`, a domain error the
    view shows, and never escapes as Django's ValidationError. Put it above
    `@transaction.atomic`: the transaction has rolled back by the time it is refused."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except ValidationError as invalid:
            raise RecordInvalid(params={"errors": " ".join(invalid.messages)}) from None

    return wrapper
