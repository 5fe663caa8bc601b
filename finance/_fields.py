"""Fields the finance records share: money (Decimal yuan to the fen, never a float) and the
year of a budget (the calendar year, 预算法 Arts 18–19)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """An amount in yuan: `DecimalField(max_digits=14, decimal_places=2)`."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)
