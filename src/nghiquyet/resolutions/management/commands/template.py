"""`nghiquyet template resolution > mau.xlsx`: write an empty import workbook."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from nghiquyet.resolutions.import_messages import command_error, msg
from nghiquyet.resolutions.template import (
    build_resolution_template,
    emit,
    is_terminal,
    workbook_bytes,
)

TEMPLATES = {"resolution": build_resolution_template}


class Command(BaseCommand):
    help = "Ghi mẫu Excel trống để nhập dữ liệu (hiện có: resolution — nghị quyết, chỉ tiêu, kế hoạch năm, số liệu)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="Tên mẫu: resolution")
        parser.add_argument("--output", "-o", help="Ghi ra tệp này thay vì ra stdout")

    def handle(self, *args, name: str, output: str | None = None, **options) -> None:
        if name not in TEMPLATES:
            raise command_error(msg("template_unknown", name=name, available=", ".join(sorted(TEMPLATES))))
        if not output and is_terminal(self.stdout):
            raise command_error(msg("binary_to_terminal"))
        data = workbook_bytes(TEMPLATES[name]())
        if emit(self.stdout, data, output):
            self.stderr.write(msg("written", path=output))
