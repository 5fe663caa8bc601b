"""Seed the benchmark database: one township with a full public column (idempotent)."""

import datetime

from django.utils import timezone

from committees import services as committee_services
from committees.models import County, Township
from disclosure import services
from disclosure.models import Category, Item

SLUG = "bench-town"


def run() -> str:
    township = Township.objects.filter(slug=SLUG).first()
    if township is None:
        county = County.objects.create(name="基准县")
        township = committee_services.township_create(
            actor=None, county=county, name="基准镇", slug=SLUG
        )
    if not Item.objects.filter(township=township).exists():
        today = timezone.localdate()
        for n in range(20):
            services.item_publish(
                actor=None,
                township=township,
                category=Category.PUBLIC_NOTICE,
                title=f"关于拟任人选的任前公示（第{n + 1}号）",
                body="经镇党委会议研究，拟任命，现予公示。" * 5,
                window_from=today - datetime.timedelta(days=1),
                window_until=today + datetime.timedelta(days=6),
            )
    return f"/p/{SLUG}/c/{Category.PUBLIC_NOTICE}/"


if __name__ == "__main__":
    print(run())
