"""The client's address behind the HTTPS proxy (SEC-5: the public forms' rate limits).

No Django import: production settings build the setting from it.
"""

from __future__ import annotations

import ipaddress

UNKNOWN = "0.0.0.0"


def _address(value: str | None) -> str | None:
    first = (value or "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(first))
    except ValueError:
        return None


def client_ip(request, header: str = "") -> str:
    """The address in `header` (the one the proxy overwrites, e.g. HTTP_X_REAL_IP) when it
    holds one, else REMOTE_ADDR (a request that did not come through the proxy is keyed by
    its own address), else 0.0.0.0 — never an exception."""
    meta = request.META
    return (
        (_address(meta.get(header)) if header else None)
        or _address(meta.get("REMOTE_ADDR"))
        or UNKNOWN
    )


class ClientAddressHeader(str):
    """`RATELIMIT_IP_META_KEY` in production: the header's name (code that reads the
    header by name still can) that django-ratelimit *calls* for the address. Given a
    header's name, django-ratelimit raises ImproperlyConfigured — a 500 — for a request
    without it; called, it falls back to REMOTE_ADDR."""

    def __bool__(self) -> bool:  # always consulted, even with no header configured
        return True

    def __call__(self, request) -> str:
        return client_ip(request, header=str(self))
