"""Observers (after the fact, no rule here): a township's name, address, phone or office hours
are on every public page, so a change to the township retires its cached pages (PUB-4)."""

from __future__ import annotations

from django.db import transaction

from disclosure import cache as page_cache


def township_saved(sender, instance, **kwargs) -> None:
    slug, county_key = instance.slug, f"county-{instance.county_id}"

    def _bump():
        page_cache.bump(slug)
        page_cache.bump(county_key)

    transaction.on_commit(_bump)
