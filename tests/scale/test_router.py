"""Scale: the replica router's rule for transactions, without a replica (config/replica.py)."""

import pytest
from django.db import connections, transaction

from committees.models import Township
from config import replica


@pytest.fixture
def routed():
    token = replica._use_replica.set(True)
    yield replica.ReplicaRouter()
    replica._use_replica.reset(token)


@pytest.mark.django_db(transaction=True)
def test_a_read_inside_a_write_transaction_stays_on_the_primary(routed):
    assert routed.db_for_read(Township) == replica.REPLICA
    with transaction.atomic():
        assert routed.db_for_read(Township) is None


@pytest.mark.django_db(transaction=True)
def test_under_atomic_requests_only_a_block_inside_the_view_counts(routed, monkeypatch):
    """Behind the pooler every view runs in one atomic block (ATOMIC_REQUESTS): that block
    alone does not keep a read-only page off the replica; a block inside it does."""
    monkeypatch.setitem(connections["default"].settings_dict, "ATOMIC_REQUESTS", True)
    with transaction.atomic():  # the request's own block
        assert routed.db_for_read(Township) == replica.REPLICA
        with transaction.atomic():  # a service's write transaction
            assert routed.db_for_read(Township) is None
