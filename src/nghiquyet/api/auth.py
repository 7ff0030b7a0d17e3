"""Who is calling: a Bearer token (scripts) or the browser's session (with CSRF for writes)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from nghiquyet.core import context

from . import services


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` from `nghiquyet create-token`.

    A request that presents a Bearer token which is unknown or revoked is refused with 401 at
    once, rather than falling back to the session: a script must learn its token is bad.
    """

    def authenticate(self, request: HttpRequest, token: str):
        user = services.authenticate(token.strip())
        if user is None:
            raise AuthenticationError()
        # Views, access checks and audit read request.user like in the pages.
        request.user = user
        request._nq_token_auth = True  # type: ignore[attr-defined]
        # Audit rows written deep in services read the caller from the request context.
        context.set_current(context.RequestInfo(ip=context.client_ip(request), user_id=user.pk, path=request.path))
        return user


class BrowserSession(APIKeyCookie):
    """Django's log-in session. Unsafe methods need the CSRF token (X-CSRFToken header).

    Unlike ninja's SessionAuth the CSRF check runs only when there is a logged-in session, so a
    request without any credentials gets 401, not a misleading CSRF 403.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        user = getattr(request, "user", None)
        if key and user is not None and user.is_authenticated and self.csrf:
            if check_csrf(request):
                raise HttpError(403, "Thiếu hoặc sai mã CSRF (X-CSRFToken) cho phiên đăng nhập.")
        return key

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if key and user is not None and user.is_authenticated and user.is_active:
            return user
        return None


token_auth = TokenAuth()
session_auth = BrowserSession()
