"""Disclosure items built through the services, in every state and window."""

from __future__ import annotations

import datetime

from django.utils import timezone

from disclosure import services
from disclosure.models import Category, Item

DAY = datetime.timedelta(days=1)


def make_item(
    township,
    *,
    state: str = Item.State.PUBLISHED,
    window: str = "none",
    title: str = "关于村道硬化工程的公告",
    body: str = "工程概况：村道 3.2 公里。",
    category: str = Category.PRACTICAL_THINGS,
    source_label: str = "",
    source_ref: str = "",
) -> Item:
    """`window`: none, open (today inside), future (starts tomorrow), past (ended yesterday),
    last_day (ends today), first_day (starts today)."""
    today = timezone.localdate()
    window_from, window_until = {
        "none": (None, None),
        "open": (today - 2 * DAY, today + 3 * DAY),
        "future": (today + DAY, today + 8 * DAY),
        "past": (today - 8 * DAY, today - DAY),
        "last_day": (today - 6 * DAY, today),
        "first_day": (today, today + 6 * DAY),
    }[window]
    item = services.item_create_draft(
        actor=None,
        township=township,
        category=category,
        title=title,
        body=body,
        window_from=window_from,
        window_until=window_until,
        source_label=source_label,
        source_ref=source_ref,
    )
    if state in (Item.State.PUBLISHED, Item.State.WITHDRAWN):
        item = services.item_publish_draft(actor=None, item=item)
    if state == Item.State.WITHDRAWN:
        item = services.item_withdraw(actor=None, item=item, reason="测试撤回")
    return item
