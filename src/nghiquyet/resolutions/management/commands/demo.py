"""`nghiquyet demo`: load the sample data modelled on the seed article (Ba Tơ), idempotently."""

from __future__ import annotations

import importlib
import time

from django.core.management.base import BaseCommand, CommandError

from nghiquyet.resolutions.demo import UNIT_SCOPES, DemoError, load_demo

# Each app's sample data, in dependency order: `<app>.demo.load(stdout=...)`, idempotent.
DEMO_EXTENSIONS = [
    "nghiquyet.accounts.demo",
    "nghiquyet.reporting.demo",
    "nghiquyet.people.demo",
    "nghiquyet.plans.demo",
    "nghiquyet.oversight.demo",
]


def _extension(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Nghị quyết Đại hội Đảng bộ huyện Ba Tơ nhiệm kỳ 2020–2025 (chỉ tiêu, kế "
        "hoạch năm, số liệu 2020–2024 của 19 xã, thị trấn) và Nghị quyết xã Ba Tơ 2025–2030. "
        "Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset", action="store_true",
            help="Xóa nghị quyết và số liệu mẫu đã nạp trước khi nạp lại.",
        )
        parser.add_argument(
            "--units", choices=UNIT_SCOPES, default="all",
            help="Nếu chưa có danh mục đơn vị: 'all' nạp cả nước (mặc định), "
                 "'ba-to' chỉ nạp tỉnh Quảng Ngãi và lịch sử huyện Ba Tơ (nhanh).",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            modules = [m for m in map(_extension, DEMO_EXTENSIONS) if m is not None]
            if options["reset"]:
                # Later apps' sample rows lean on the base demo's: remove them first.
                for module in reversed(modules):
                    if hasattr(module, "reset"):
                        module.reset(stdout=self.stdout)
            load_demo(units=options["units"], reset=options["reset"], stdout=self.stdout)
            for module in modules:
                module.load(stdout=self.stdout)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Xong trong {seconds} giây."))
