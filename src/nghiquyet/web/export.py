"""Excel export of a resolution page: the same workbook as `nghiquyet evaluate --format xlsx`."""

from __future__ import annotations

from nghiquyet.resolutions import evaluation
from nghiquyet.resolutions.import_messages import msg
from nghiquyet.resolutions.models import Resolution
from nghiquyet.resolutions.template import build_evaluation_workbook, workbook_bytes


def resolution_workbook(resolution: Resolution, year: int) -> bytes:
    ev = evaluation.evaluate_resolution(resolution, year)
    heading = msg("evaluation_heading", number=resolution.number, title=resolution.title, year=year)
    records = evaluation.evaluation_records(ev)
    return workbook_bytes(build_evaluation_workbook(heading, ev.summary, records))
