"""Every page needs log-in; refused accesses are logged."""

from __future__ import annotations

from django.contrib.auth import middleware as auth_middleware
from django.core.exceptions import PermissionDenied

# The API answers for itself (its own authentication, 401 rather than a redirect to a page).
PUBLIC_PREFIXES = ("/api/",)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware (views marked `login_not_required` stay public), plus:

    - paths under PUBLIC_PREFIXES are left to their own authentication;
    - a PermissionDenied raised by a view and not yet logged (access.require logs its own)
      is written to the access log as "refused".
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and not getattr(exception, "nq_logged", False):
            from .access import log_refused

            log_refused(getattr(request, "user", None), request, detail=str(exception) or "403")
            exception.nq_logged = True
        return None
