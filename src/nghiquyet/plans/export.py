"""Excel workbooks of the task lists (openpyxl), in the house style of resolutions/template.py.

Headers and status words are written in Vietnamese literally (as in the resolution workbooks):
a report sent upward reads the same whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from nghiquyet.core import xlsx
from nghiquyet.core.xlsx import workbook_bytes

from . import status
from .queries import TaskState, UnitCounts

WRAP = Alignment(wrap_text=True, vertical="top")
STATUS_FILLS = {
    status.OVERDUE: "FFC7CE", status.IN_PROGRESS: "DDEBF7", status.ONGOING: "EDEDED",
    status.DONE_ON_TIME: "C6EFCE", status.DONE_LATE: "FFEB9C",
}


@dataclass(frozen=True)
class Col:
    header: str
    width: int = 14
    number_format: str | None = None
    wrap: bool = False


def _sheet(wb: Workbook, title: str, heading: str, note: str, cols: Sequence[Col], rows: list[list[Any]],
           status_col: int | None = None, statuses: list[str] | None = None, total: list[Any] | None = None) -> None:
    ws = wb.active
    ws.title = title
    xlsx.table_head(ws, heading, note, [(col.header, col.width) for col in cols], merge=True)
    header_row = xlsx.HEADER_ROW
    ws.row_dimensions[header_row].height = 32
    body = rows + ([total] if total else [])
    for r, row in enumerate(body, start=header_row + 1):
        for i, (col, value) in enumerate(zip(cols, row, strict=True), start=1):
            cell = ws.cell(r, i, value)
            if col.number_format and isinstance(value, (int, float)):
                cell.number_format = col.number_format
            if col.number_format == "DD/MM/YYYY" and isinstance(value, dt.date):
                cell.number_format = col.number_format
            if col.wrap:
                cell.alignment = WRAP
            if total and row is total:
                cell.font = Font(bold=True)
        if status_col is not None and statuses and r - header_row - 1 < len(statuses):
            fill = STATUS_FILLS.get(statuses[r - header_row - 1])
            if fill:
                ws.cell(r, status_col + 1).fill = PatternFill("solid", fgColor=fill)
    xlsx.table_tail(ws, len(cols), len(rows))
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1


TASK_COLS = (
    Col("STT", 6), Col("Mã", 10), Col("Nhiệm vụ", 50, wrap=True), Col("Đơn vị chủ trì", 26, wrap=True),
    Col("Lãnh đạo phụ trách", 22), Col("Kế hoạch, chương trình", 28, wrap=True), Col("Ngày giao", 12, "DD/MM/YYYY"),
    Col("Hạn hoàn thành", 12, "DD/MM/YYYY"), Col("Lặp lại", 12), Col("Ngày hoàn thành", 12, "DD/MM/YYYY"),
    Col("Tiến độ (%)", 10, "0"), Col("Trạng thái", 24), Col("Số ngày quá hạn", 10, "0"),
)


def tasks_workbook(heading: str, note: str, rows: list[TaskState]) -> bytes:
    wb = Workbook()
    data = []
    for n, s in enumerate(rows, start=1):
        t = s.task
        data.append([
            n, t.code, t.title, t.lead_unit.name, t.leader.full_name if t.leader else "",
            (t.plan.number or t.plan.title) if t.plan else "", t.assigned_on, s.deadline,
            t.get_recurrence_display(), t.completed_on, t.percent_done, status.LABELS_VI[s.status],
            s.days_late or None,
        ])
    _sheet(wb, "NhiemVu", heading, note, TASK_COLS, data, status_col=11, statuses=[s.status for s in rows])
    return workbook_bytes(wb)


COUNT_COLS = (
    Col("STT", 6), Col("Đơn vị chủ trì", 36, wrap=True), Col("Tổng số nhiệm vụ", 12, "#,##0"),
    Col("Đã hoàn thành đúng hạn", 12, "#,##0"), Col("Đã hoàn thành quá hạn", 12, "#,##0"),
    Col("Chưa hoàn thành, trong hạn", 12, "#,##0"), Col("Chưa hoàn thành, quá hạn", 12, "#,##0"),
    Col("Tỷ lệ hoàn thành (trên số đã đến hạn)", 14, "0.00%"),
    Col("Tỷ lệ hoàn thành đúng hạn (trên số đã đến hạn)", 14, "0.00%"),
)


def _count_row(c: status.Counts) -> list[Any]:
    return [c.total, c.done_on_time, c.done_late, c.in_progress, c.overdue, c.done_rate, c.on_time_rate]


def counts_workbook(heading: str, note: str, rows: list[UnitCounts], total: status.Counts) -> bytes:
    wb = Workbook()
    data = [[n, r.unit.name, *_count_row(r.counts)] for n, r in enumerate(rows, start=1)]
    _sheet(wb, "TheoDonVi", heading, note, COUNT_COLS, data, total=["", "Tổng cộng", *_count_row(total)])
    return workbook_bytes(wb)
