import contextvars
import hashlib
import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger("core")


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user chose otherwise with the language switch (a cookie).

    The browser's Accept-Language is not consulted: township PCs often run English-language
    systems, and the interface is Chinese first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


# -- request id (production logging) -------------------------------------------------------

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    """The id of the request being served ("-" outside a request: a task, a command)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Every request gets an id: on the request (`request.id`), in every log line written
    while it is served (`RequestIdFilter`) and in the response's `X-Request-ID`, so a user's
    report of an error page finds its traceback. A well-formed `X-Request-ID` from the proxy
    is kept (one id from the proxy's log to ours); anything else is replaced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `%(request_id)s` to every record (a logging filter on the handlers)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


# -- Cache-Control for logged-in pages (SEC-3) -----------------------------------------------


class PrivateNoStoreMiddleware:
    """A page or an export served to a logged-in user is `Cache-Control: private, no-store`:
    no shared proxy and no browser cache keeps a township's records after logout. A response
    that set its own Cache-Control (the public column's pages) is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = "private, no-store"
        return response


# -- a double submit acts once (SEC-3) ---------------------------------------------------------

_PENDING = "pending"
_POLL_SECONDS = 0.05
# A post still running keeps its key this much longer than the window (a request is cut
# off well before: the server's timeout), so a slow first post is not run twice.
_RUNNING_SECONDS = 30


def _post_digest(request) -> str:
    """(user, path, the posted fields without the CSRF token, the uploaded files' bytes)."""
    digest = hashlib.sha256()
    digest.update(f"{request.user.pk}\0{request.get_full_path()}\0".encode())
    for name in sorted(request.POST):
        if name == "csrfmiddlewaretoken":
            continue
        for value in request.POST.getlist(name):
            digest.update(f"{name}\0{value}\0".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}\0{upload.name}\0{upload.size}\0".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return "idempotent-post:" + digest.hexdigest()


def _refused(request) -> bool:
    """The view said no (an error message queued): a redirect that acted on nothing."""
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", ())
    return any(message.level >= messages.ERROR for message in queued)


class IdempotentPostMiddleware:
    """The same POST by the same user to the same URL within `IDEMPOTENT_POST_SECONDS` acts
    once (a double click, a resent form): the first takes the key with an atomic
    `cache.add`; a second waits for it and answers with the first's redirect (and says
    so), or — if the first is still running after the wait — with a 409 page in the user's
    language. A post that did not end in a redirect (a refusal shown again, an error) or
    whose redirect carries an error message releases its key, so the corrected or repeated form is processed as usual. Without a
    cache (Redis down) posts go through as before: a save never waits on the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        window = getattr(settings, "IDEMPOTENT_POST_SECONDS", 10)
        user = getattr(request, "user", None)
        if (
            not window
            or request.method != "POST"
            or user is None
            or not user.is_authenticated
        ):
            return self.get_response(request)
        try:
            key = _post_digest(request)
            taken = cache.add(key, _PENDING, timeout=window + _RUNNING_SECONDS)
        except Exception:  # noqa: BLE001 - the cache is down: no duplicate check
            logger.warning("idempotency check skipped: cache unavailable")
            return self.get_response(request)
        if not taken:
            return self._repeat(request, key, window)
        try:
            response = self.get_response(request)
        except BaseException:
            self._release(key)
            raise
        if (
            response.status_code in (301, 302, 303)
            and response.has_header("Location")
            and not _refused(request)
        ):
            self._store(key, response["Location"], window)
        else:
            self._release(key)
        return response

    @staticmethod
    def _release(key):
        try:
            cache.delete(key)
        except Exception:  # noqa: BLE001
            pass

    @staticmethod
    def _store(key, location, window):
        try:
            cache.set(key, {"location": location}, timeout=window)
        except Exception:  # noqa: BLE001
            pass

    def _repeat(self, request, key, window):
        deadline = time.monotonic() + min(window, 5)
        while True:
            try:
                first = cache.get(key)
            except Exception:  # noqa: BLE001
                first = None
            if first is None:
                # The first post was refused or failed: this one is processed on its own.
                return self.get_response(request)
            if isinstance(first, dict):
                messages.info(
                    request,
                    _("This form had already been submitted; it was recorded once."),
                )
                return HttpResponseRedirect(first["location"])
            if time.monotonic() >= deadline:
                break
            time.sleep(_POLL_SECONDS)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = request.get_full_path()
        return render(request, "core/duplicate_post.html", {"back": back}, status=409)
