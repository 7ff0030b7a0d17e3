"""Middleware shared by every app."""

from __future__ import annotations

from . import context


class RequestContextMiddleware:
    """Makes the client's address available to audit writers (see core.context)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        token = context.set_current(context.RequestInfo(ip=context.client_ip(request), user_id=user_id, path=request.path))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
