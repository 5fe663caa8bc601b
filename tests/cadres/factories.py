"""The cadres app's test factories under their old name, for other test folders
(tests/oversight). They live in tests/cadres/learning/factories.py."""

from tests.cadres.learning.factories import (
    CadreFactory,
    cadre_with_account,
    draft_report,
    full_plan,
    submitted_report,
    training,
)

__all__ = [
    "CadreFactory",
    "cadre_with_account",
    "draft_report",
    "full_plan",
    "submitted_report",
    "training",
]
