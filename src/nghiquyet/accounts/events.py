"""Writing the access log (AccessEvent): log-ins, failures, lock-outs, log-outs, refusals.

Receivers of Django's auth signals and django-axes' lock-out signal are connected in
AccountsConfig.ready(). Rows are only ever added here.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from nghiquyet.core import context

from .models import AccessEvent, EventKind

USERNAME_MAX = 150
PATH_MAX = 500
DETAIL_MAX = 500


def _ip(request) -> str | None:
    if request is not None:
        return context.client_ip(request)
    return context.current_ip()


def _path(request) -> str:
    if request is not None:
        return request.path
    return context.current().path


def record(kind: str, *, request=None, user=None, username: str = "", detail: str = "") -> AccessEvent:
    """Append one event. `request` may be None (CLI, services): the current request's context is used."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is not None and not username:
        username = user.get_username()
    return AccessEvent.objects.create(
        kind=kind, user=user, username=(username or "")[:USERNAME_MAX], ip=_ip(request),
        path=_path(request)[:PATH_MAX], detail=(detail or "")[:DETAIL_MAX],
    )


@receiver(user_logged_in, dispatch_uid="nq_access_login")
def _on_login(sender, request, user, **kwargs) -> None:
    record(EventKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="nq_access_logout")
def _on_logout(sender, request, user, **kwargs) -> None:
    record(EventKind.LOGOUT, request=request, user=user, username=getattr(user, "username", "") or "")


@receiver(user_login_failed, dispatch_uid="nq_access_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or "")
    record(EventKind.LOGIN_FAILED, request=request, username=username)


def connect_axes() -> None:
    """django-axes' lock-out signal (imported late: axes reads its settings on import)."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_locked_out, dispatch_uid="nq_access_locked_out")


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    record(EventKind.LOCKED_OUT, request=request, username=username or "",
           detail="Khóa tạm thời do đăng nhập sai nhiều lần")


def client_ip(request) -> str:
    """django-axes' client address: the same rule as the audit rows (core.context.client_ip)."""
    return context.client_ip(request) or ""
