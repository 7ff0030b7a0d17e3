"""The current request's user and address, for audit records written deep in services.

Services are called from views, the API, the CLI and jobs; only the web layer knows the
client's address, so the middleware puts it here and audit writers read it.
"""

from __future__ import annotations

import contextvars
import ipaddress
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    user_id: int | None = None
    path: str = ""


_NONE = RequestInfo()
_current: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar("nq_request", default=None)


def current() -> RequestInfo:
    return _current.get() or _NONE


def current_ip() -> str | None:
    """The client's address for an audit row: a valid address or None (see `address`)."""
    return address(current().ip)


def address(raw: str | None) -> str | None:
    """`raw` as a normalised IP address, or None when empty or not an address.

    A forwarded header can carry anything, and every audit table stores the value in an
    address column (inet on PostgreSQL) that would refuse it and fail the write.
    """
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind a proxy set NGHIQUYET_TRUST_X_FORWARDED_FOR=1 to use the header.

    None when unknown or not an address (see `address`).
    """
    raw = request.META.get("REMOTE_ADDR") or ""
    if os.environ.get("NGHIQUYET_TRUST_X_FORWARDED_FOR") == "1":
        raw = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0] or raw
    return address(raw)


def set_current(info: RequestInfo) -> contextvars.Token:
    return _current.set(info)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
