"""Celery tasks of the county dashboard's kept figures (PIL-3)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="oversight.tasks.figures_recompute")
def figures_recompute(township_ids: list[int]) -> int:
    """Recompute the kept figures of these townships (noted as changed), this year."""
    from committees.models import Township
    from oversight import kept

    townships = list(Township.objects.filter(pk__in=township_ids))
    return kept.recompute(townships)


@shared_task(name="oversight.tasks.figures_nightly")
def figures_nightly() -> int:
    """Every night: recompute every kept figure and compare with what was kept and with
    each figure's drill-down; returns the number of discrepancies found."""
    from oversight import kept

    found = kept.check_and_recompute()
    kept.vacuum()
    return len(found)
