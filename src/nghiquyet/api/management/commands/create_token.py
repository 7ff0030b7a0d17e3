"""`nghiquyet create-token USERNAME --name NAME`: a new API token, printed once.

The secret is shown only here; the database keeps its sha256. Use it as
`Authorization: Bearer <token>` against /api/v1/. `--revoke PREFIX` revokes the user's
token(s) starting with PREFIX instead.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from nghiquyet.api.models import ApiToken
from nghiquyet.api.services import TokenError, create_token, revoke_token


class Command(BaseCommand):
    help = "Tạo mã truy cập API (Bearer token) cho một người dùng; mã chỉ hiện một lần."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã (tập lệnh nào dùng nó).")
        parser.add_argument("--revoke", metavar="PREFIX", help="Thu hồi mã có tiền tố này thay vì tạo mới.")

    def handle(self, *args, username: str, name: str, revoke: str | None, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng {username!r}.")
        if revoke:
            tokens = list(ApiToken.objects.filter(user=user, prefix__startswith=revoke[:8], revoked_at__isnull=True))
            if not tokens:
                raise CommandError(f"Người dùng {username!r} không có mã đang dùng với tiền tố {revoke!r}.")
            for token in tokens:
                revoke_token(token)
                self.stdout.write(f"Đã thu hồi mã {token.prefix}… ({token.name}).")
            return
        try:
            token, secret = create_token(user, name)
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"Đã tạo mã truy cập {token.name!r} cho {username}. Hãy lưu lại ngay: mã sẽ không hiện lại.\n"
            "Dùng: Authorization: Bearer <mã>"
        )
        self.stdout.write(secret)
