"""The column's scheduled work."""

from celery import shared_task


@shared_task(name="disclosure.tasks.anchor_townships")
def anchor_townships() -> int:
    """AUD-2, nightly: each township's chain anchor for yesterday (core.anchors), then
    its column's cached pages retired so the footer prints the new anchor. Idempotent."""
    from committees.models import Township
    from core import anchors
    from disclosure import cache as page_cache

    townships = list(Township.objects.values_list("pk", "slug"))
    made = anchors.nightly([pk for pk, _ in townships])
    for _, slug in townships:
        page_cache.bump(slug)
    return len(made)
