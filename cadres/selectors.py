"""The learning mechanism's selectors under the app's name, for the readers above the app
(oversight's dashboard figures, `cadres/figures.py`). They live in
`cadres/learning/selectors.py`."""

from cadres.learning.selectors import (
    Figure,
    disqualifications,
    months_without_central_group_study,
    months_without_collective_study,
    months_without_study_day,
    submission_rate_by_month,
)

__all__ = [
    "Figure",
    "disqualifications",
    "months_without_central_group_study",
    "months_without_collective_study",
    "months_without_study_day",
    "submission_rate_by_month",
]
