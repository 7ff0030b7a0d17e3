"""`nghiquyet evaluate RESOLUTION_NUMBER --at YEAR --format json|csv|xlsx [--output FILE]`.

Prints the evaluation of every target of a resolution (resolutions.evaluation):

* json — {"resolution": {...}, "at": YEAR, "summary": "Có 15/20 chỉ tiêu …", "targets": [records]};
* csv  — UTF-8 with a byte-order mark (so Excel shows Vietnamese right), a header of the record
  keys, one row per target; the summary sentence is not in the file, it goes to stderr;
* xlsx — one formatted sheet: title and summary rows, Vietnamese headers, number formats.

Records are `evaluation.evaluation_records(ev)`; see docs/import-template.md.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.management.base import BaseCommand

from nghiquyet.resolutions.import_messages import command_error, msg
from nghiquyet.resolutions.models import Resolution
from nghiquyet.resolutions.template import (
    build_evaluation_workbook,
    emit,
    is_terminal,
    workbook_bytes,
)

FORMATS = ("json", "csv", "xlsx")


def resolution_info(resolution: Resolution) -> dict[str, Any]:
    issuer = resolution.issuer
    return {
        "number": resolution.number,
        "title": resolution.title,
        "issuer": {"code": issuer.code, "name": issuer.name},
        "issuer_kind": resolution.issuer_kind,
        "term_start": resolution.term_start,
        "term_end": resolution.term_end,
        "adopted_on": resolution.adopted_on.isoformat() if resolution.adopted_on else None,
        "parent": resolution.parent.number if resolution.parent_id else None,
        "is_sample": resolution.is_sample,
        "source": resolution.source,
    }


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "–".join("" if v is None else f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


def to_csv(records: list[dict[str, Any]], keys: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow([_csv_cell(record.get(k)) for k in keys])
    return "\ufeff" + buffer.getvalue()


def record_keys(records: list[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    keys = list(first)
    for record in records:
        keys += [k for k in record if k not in keys]
    return keys


class Command(BaseCommand):
    help = "In kết quả đánh giá các chỉ tiêu của một nghị quyết (json, csv hoặc xlsx)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("number", help="Số nghị quyết, VD 01-NQ/ĐH")
        parser.add_argument("--at", dest="at", help="Năm đánh giá (mặc định: năm gần nhất có số liệu trong nhiệm kỳ)")
        parser.add_argument("--format", dest="fmt", default="json", help="json (mặc định), csv hoặc xlsx")
        parser.add_argument("--output", "-o", help="Ghi ra tệp này thay vì ra stdout")

    def handle(self, *args, number: str, at: str | None = None, fmt: str = "json",
               output: str | None = None, **options) -> None:
        from nghiquyet.resolutions import evaluation

        fmt = (fmt or "json").lower()
        if fmt not in FORMATS:
            raise command_error(msg("bad_format", value=fmt, available=", ".join(FORMATS)))
        resolution = Resolution.objects.select_related("issuer", "parent").filter(number=number.strip()).first()
        if resolution is None:
            raise command_error(msg("unknown_resolution", number=number))
        if at is None:
            year = evaluation.default_year(resolution)
        else:
            try:
                year = int(str(at).strip())
            except ValueError:
                raise command_error(msg("bad_year", value=at)) from None
            if not 1900 <= year <= 2999:
                raise command_error(msg("bad_year", value=at))
        if fmt == "xlsx" and not output and is_terminal(self.stdout):
            raise command_error(msg("binary_to_terminal"))

        ev = evaluation.evaluate_resolution(resolution, year)
        records = evaluation.evaluation_records(ev)
        first = getattr(evaluation, "RECORD_KEYS", ())
        if fmt == "json":
            doc = {"resolution": resolution_info(resolution), "at": year, "summary": ev.summary,
                   "targets": records}
            data: str | bytes = json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
        elif fmt == "csv":
            data = to_csv(records, record_keys(records, first))
            self.stderr.write(ev.summary)
        else:
            heading = msg("evaluation_heading", number=resolution.number, title=resolution.title, year=year)
            data = workbook_bytes(build_evaluation_workbook(heading, ev.summary, records))
        if emit(self.stdout, data, output):
            self.stderr.write(msg("written", path=output))
