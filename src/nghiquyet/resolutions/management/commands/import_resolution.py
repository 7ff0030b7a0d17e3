"""`nghiquyet import-resolution FILE.xlsx [--dry-run]`: import a resolution workbook.

Every error is listed (sheet, row, column, in Vietnamese) and nothing is written when there is
one; see resolutions/importer.py and docs/import-template.md.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from nghiquyet.resolutions.import_messages import command_error, msg
from nghiquyet.resolutions.importer import import_resolution_workbook


class Command(BaseCommand):
    help = "Nhập nghị quyết, chỉ tiêu, kế hoạch năm và số liệu từ tệp Excel theo mẫu (nghiquyet template resolution)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Tệp .xlsx theo mẫu")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")

    def handle(self, *args, file: str, dry_run: bool = False, **options) -> None:
        result = import_resolution_workbook(file, dry_run=dry_run)
        if result.errors:
            for line in result.error_lines():
                self.stderr.write(line)
            raise command_error(msg("import_failed", file=Path(file).name, count=len(result.errors)))
        for line in result.summary_lines():
            self.stdout.write(line)
