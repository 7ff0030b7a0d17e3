"""`nghiquyet load-units`: the current administrative tree and the history packs, idempotently."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.units.loader import load_history, load_units


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh/thành phố và 3.321 đơn vị cấp xã (gói vietnam-provinces) cùng các gói lịch sử "
        "(units/data/*.yaml: đơn vị trước 01/07/2025 và quan hệ kế thừa). Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-history", action="store_true", help="Chỉ nạp đơn vị hiện hành, bỏ qua gói lịch sử.",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            units = load_units(stdout=self.stdout)
            history = None if options["no_history"] else load_history(stdout=self.stdout)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        written = units["created"] + units["updated"]
        if history:
            written += sum(history[k] for k in ("created", "updated", "successions_created",
                                                "successions_updated"))
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        if written:
            self.stdout.write(self.style.SUCCESS(f"Đã nạp xong danh mục đơn vị trong {seconds} giây."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Danh mục đơn vị đã cập nhật, không có thay đổi ({seconds} giây)."))
