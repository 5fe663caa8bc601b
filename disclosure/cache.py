"""PUB-4: anonymous pages are cached per township; a version token changes on every change.

The token lives in the cache itself, keyed by township slug, so a cached hit costs two cache
reads and no database query. Services call `bump()` after commit.
"""

from __future__ import annotations

import uuid
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

PAGE_TIMEOUT = 600  # seconds; the version token makes changes visible at once


def _version_key(slug: str) -> str:
    return f"disclosure:v:{slug}"


def version(slug: str) -> str:
    key = _version_key(slug)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token


def bump(slug: str) -> None:
    """Forget every cached page of the township (a new token; old pages expire unseen)."""
    cache.set(_version_key(slug), uuid.uuid4().hex, None)


def public_page(view):
    """Cache a public GET for anonymous visitors, per township, language and day.

    The day is in the key because windows open and close at midnight and the remaining
    days of a notice change then, without any service call.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        slug = kwargs.get("slug") or f"county-{kwargs.get('pk')}"
        key = ":".join(
            (
                "disclosure:page",
                slug,
                version(slug),
                translation.get_language() or "",
                timezone.localdate().isoformat(),
                request.get_full_path(),
            )
        )
        hit = cache.get(key)
        if hit is not None:
            status, content_type, disposition, content = hit
            response = HttpResponse(content, status=status, content_type=content_type)
            if disposition:
                response["Content-Disposition"] = disposition
            response["X-Disclosure-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 404, 410) and not response.cookies:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(
                key,
                (
                    response.status_code,
                    response["Content-Type"],
                    response.get("Content-Disposition", ""),
                    response.content,
                ),
                PAGE_TIMEOUT,
            )
        return response

    return wrapper
