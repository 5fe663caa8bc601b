"""PUB-4: anonymous pages are cached per township; a version token changes on every change.

Two tiers. The shared tier is the Django cache (Redis in production): the version token of
each township and the rendered pages, keyed by that token, so a change made in any process
retires every cached page of the township at once. The local tier keeps, in each server
process, the pages it served lately and the token it last read; it re-reads the token from
the shared cache at most once per VERSION_RECHECK seconds. A cached hit therefore usually
costs no network round trip at all. The price: another server process may serve the old
page for up to VERSION_RECHECK seconds after a change (the process that made the change
sees it at once). Services call `bump()` after commit.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

PAGE_TIMEOUT = 600  # seconds in the shared tier; the version token retires pages sooner
VERSION_RECHECK = 1.0  # seconds a process trusts the token it last read
LOCAL_PAGES = 512  # pages kept per process (least recently used go first)

_lock = threading.Lock()
_local_versions: dict[tuple, tuple[float, str]] = {}
_local_pages: OrderedDict[tuple, tuple] = OrderedDict()


def _namespace() -> str:
    # Settings may change the cache (tests give each test its own prefix): the local tier
    # follows the shared one.
    return cache.key_prefix


def _version_key(slug: str) -> str:
    return f"disclosure:v:{slug}"


def version(slug: str) -> str:
    local_key = (_namespace(), slug)
    now = time.monotonic()
    known = _local_versions.get(local_key)
    if known is not None and now - known[0] < VERSION_RECHECK:
        return known[1]
    key = _version_key(slug)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    with _lock:
        _local_versions[local_key] = (now, token)
    return token


def bump(slug: str) -> None:
    """Retire every cached page of the township (a new token; old pages expire unseen)."""
    token = uuid.uuid4().hex
    cache.set(_version_key(slug), token, None)
    with _lock:
        _local_versions[(_namespace(), slug)] = (time.monotonic(), token)


def clear_local() -> None:
    with _lock:
        _local_versions.clear()
        _local_pages.clear()


def _local_get(key):
    with _lock:
        value = _local_pages.get(key)
        if value is not None:
            _local_pages.move_to_end(key)
        return value


def _local_set(key, value) -> None:
    with _lock:
        _local_pages[key] = value
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def _response(value, tier: str) -> HttpResponse:
    status, content_type, disposition, content = value
    response = HttpResponse(content, status=status, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Disclosure-Cache"] = tier
    return response


def public_page(view):
    """Cache a public GET for anonymous visitors, per township, language and day.

    The day is in the key because windows open and close at midnight and the remaining
    days of a notice change then, without any service call.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        slug = kwargs.get("slug") or f"county-{kwargs.get('pk')}"
        key = (
            _namespace(),
            slug,
            version(slug),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            request.get_full_path(),
        )
        value = _local_get(key)
        if value is not None:
            return _response(value, "hit")
        shared_key = "disclosure:page:" + ":".join(key[1:])
        value = cache.get(shared_key)
        if value is not None:
            _local_set(key, value)
            return _response(value, "hit")
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 410) and not response.cookies:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            value = (
                response.status_code,
                response["Content-Type"],
                response.get("Content-Disposition", ""),
                response.content,
            )
            cache.set(shared_key, value, PAGE_TIMEOUT)
            _local_set(key, value)
        return response

    return wrapper
