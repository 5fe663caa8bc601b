"""LRN-3's deadline arithmetic under the app's name, for the readers above the app
(oversight's figures, `cadres/figures.py`). It lives in `cadres/learning/deadlines.py`."""

from cadres.learning.deadlines import (
    TZ,
    deadline,
    due_date,
    is_late,
    next_month,
    open_month,
    previous_month,
    report_status,
)

__all__ = [
    "TZ",
    "deadline",
    "due_date",
    "is_late",
    "next_month",
    "open_month",
    "previous_month",
    "report_status",
]
