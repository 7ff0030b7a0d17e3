"""Creating, revoking and checking API tokens (the only writes of the api app)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import TOKEN_PREFIX_LENGTH, ApiToken, hash_key

NAME_MAX = 100
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenError(ValueError):
    """Bad input for a token action; the message is Vietnamese, for the user."""


@transaction.atomic
def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with the secret, which is never stored nor shown again."""
    name = (name or "").strip()
    if not name:
        raise TokenError("Cần đặt tên cho mã truy cập (ví dụ: tên tập lệnh dùng nó).")
    if len(name) > NAME_MAX:
        raise TokenError(f"Tên mã truy cập dài quá {NAME_MAX} ký tự.")
    if user is None or not user.is_active:
        raise TokenError("Tài khoản không hoạt động: không tạo được mã truy cập.")
    secret = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:TOKEN_PREFIX_LENGTH], key_hash=hash_key(secret))
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, by=None) -> ApiToken:
    """Revoke a token (idempotent). Only its owner or a superuser may do it."""
    if by is not None and by.pk != token.user_id and not by.is_superuser:
        raise TokenError("Chỉ chủ sở hữu mới thu hồi được mã truy cập này.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(secret: str):
    """The active user owning this secret, or None (unknown, revoked, or inactive user)."""
    if not secret or len(secret) > 200:
        return None
    token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_key(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
