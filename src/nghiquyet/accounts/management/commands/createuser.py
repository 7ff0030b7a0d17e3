"""`nghiquyet createuser USERNAME --unit CODE --role ROLE [--membership CODE:ROLE …]
[--password P | prompt] [--email E] [--superuser]`: a user and its memberships, or nothing."""

from __future__ import annotations

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.accounts.models import Role
from nghiquyet.accounts.services import AccountError, MembershipSpec, create_user, parse_membership


class Command(BaseCommand):
    help = (
        "Tạo người dùng và quyền của họ (đơn vị, vai trò). Vai trò: "
        + ", ".join(Role.values)
        + ". Lỗi (đơn vị, vai trò không có) thì không ghi gì."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="Tên đăng nhập.")
        parser.add_argument("--unit", help="Mã đơn vị (ví dụ X21484, P51).")
        parser.add_argument("--role", help="Vai trò tại đơn vị đó: " + ", ".join(Role.values) + ".")
        parser.add_argument(
            "--membership", action="append", default=[], metavar="MÃ:VAI_TRÒ",
            help="Thêm một quyền, có thể lặp lại (ví dụ --membership X21484:reporter).",
        )
        parser.add_argument("--password", help="Mật khẩu; bỏ trống thì được hỏi (nhập hai lần).")
        parser.add_argument("--email", default="", help="Thư điện tử.")
        parser.add_argument("--superuser", action="store_true", help="Quản trị toàn hệ thống.")

    def handle(self, *args, **options) -> None:
        try:
            specs = [parse_membership(m) for m in options["membership"]]
            if options["unit"] or options["role"]:
                if not (options["unit"] and options["role"]):
                    raise AccountError(["--unit và --role phải đi cùng nhau."])
                specs.insert(0, MembershipSpec(options["unit"], options["role"].lower()))
            password = options["password"]
            if password is None:
                password = self._prompt()
            user = create_user(
                options["username"], password=password, email=options["email"], memberships=specs,
                superuser=options["superuser"],
            )
        except AccountError as exc:
            raise CommandError("Không tạo người dùng:\n" + "\n".join(f"  - {e}" for e in exc.errors)) from exc
        grants = list(user.memberships.select_related("unit").order_by("unit__path", "role"))
        self.stdout.write(self.style.SUCCESS(f"Đã tạo người dùng «{user.username}»."))
        if user.is_superuser:
            self.stdout.write("  Quản trị toàn hệ thống.")
        for m in grants:
            self.stdout.write(f"  {m.get_role_display()} — {m.unit.name} ({m.unit.code})")

    def _prompt(self) -> str:
        if not sys.stdin.isatty():
            raise AccountError(["Cần --password khi không chạy trong cửa sổ dòng lệnh tương tác."])
        first = getpass.getpass("Mật khẩu: ")
        second = getpass.getpass("Nhập lại mật khẩu: ")
        if first != second:
            raise AccountError(["Hai lần nhập mật khẩu không khớp."])
        return first
