"""Services of the cadres app, grouped by mechanism: learning (LRN) and the roster.
Selection and appointment (APT) will sit beside them in their own module."""

from cadres.services.learning import *  # noqa: F403
from cadres.services.learning import __all__ as _learning
from cadres.services.roster import (
    roster_export,
    roster_import,
    roster_parse,
    roster_people,
)

__all__ = [
    *_learning,
    "roster_export",
    "roster_import",
    "roster_parse",
    "roster_people",
]
