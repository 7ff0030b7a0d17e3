"""The current request's user and address, for audit records written deep in services.

Services are called from views, the API, the CLI and jobs; only the web layer knows the
client's address, so the middleware puts it here and audit writers read it.
"""

from __future__ import annotations

import contextvars
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
    return current().ip


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind a proxy set NGHIQUYET_TRUST_X_FORWARDED_FOR=1 to use the header."""
    import os

    if os.environ.get("NGHIQUYET_TRUST_X_FORWARDED_FOR") == "1":
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def set_current(info: RequestInfo) -> contextvars.Token:
    return _current.set(info)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
