import uuid

import pytest

from disclosure import cache as page_cache


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """The test Redis is shared by every run: a fresh key prefix per test keeps cached
    pages and rate-limit counters of other tests (and earlier runs) out."""
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"disclosure-test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    page_cache.clear_local()
    yield
    page_cache.clear_local()
