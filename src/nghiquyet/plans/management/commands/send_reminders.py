"""`nghiquyet send-reminders`: the daily reminder mail (run by cron; see docs/tasks.md)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nghiquyet.plans import reminders


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc: mỗi đơn vị chủ trì và lãnh đạo phụ trách nhận danh sách nhiệm vụ quá hạn "
        "và đến hạn trong 7 ngày. Chạy hằng ngày bằng cron."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Ngày tính nhắc việc, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in ra, không gửi thư.")
        parser.add_argument("--site", default="", help="Địa chỉ trang web đặt trước đường dẫn, ví dụ https://nghiquyet.example.vn")

    def handle(self, *args, **options) -> None:
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Ngày không hợp lệ: {options['date']!r} (dạng đúng: YYYY-MM-DD).") from exc
        else:
            today = timezone.localdate()
        sent = reminders.send(today, dry_run=options["dry_run"], site=options["site"].rstrip("/"))
        if options["dry_run"]:
            for recipient, subject, body in sent:
                self.stdout.write(f"--- Tới: {recipient.email}\nTiêu đề: {subject}\n{body}")
        verb = "Sẽ gửi" if options["dry_run"] else "Đã gửi"
        self.stdout.write(f"{verb} {len(sent)} thư nhắc việc ngày {today:%d/%m/%Y}.")
