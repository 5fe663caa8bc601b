"""Two clerks press "publish" at once: the item is published once (select_for_update)."""

import threading

import pytest
from django.db import connection

from disclosure import errors, services
from disclosure.models import Item
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_publish_publishes_once_pub2(world):
    item = make_item(world.own, state="draft")
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        try:
            barrier.wait()
            services.item_publish_draft(actor=world.a.clerk, item=item)
            outcomes.append("published")
        except errors.NotDraft:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published", "refused"]
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED
    assert item.history.filter(history_change_reason="published").count() == 1
