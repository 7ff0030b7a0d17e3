"""Excel exports of the oversight pages, in the house style of resolutions/template.py.

Each workbook has one sheet: a bold title, a line saying when it was produced (and whether it
holds sample data), a dark header row, frozen panes. Dates are real Excel dates (dd/mm/yyyy),
shares real numbers formatted as percents, so the sheet can be sorted and summed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from nghiquyet.core import xlsx
from nghiquyet.core.xlsx import workbook_bytes

from . import attendance

_TOTAL_FONT = Font(bold=True)
_DATE_FORMAT = "dd/mm/yyyy"
_PERCENT_FORMAT = "0.0%"
SAMPLE_NOTE = "Dữ liệu mẫu để minh họa, không phải số liệu chính thức."

Column = tuple[str, int, str]  # header, width, kind: "text" | "date" | "int" | "pct"


def _sheet(title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
           sheet_name: str, sample: bool, total: Sequence[Any] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name[:31]
    note = f"Xuất ngày {timezone.localtime():%d/%m/%Y %H:%M}"
    xlsx.table_head(ws, title, note + (f". {SAMPLE_NOTE}" if sample else ""),
                    [(label, width) for label, width, _kind in columns],
                    note_font=Font(italic=True, color="7F7F7F"))
    header_row = xlsx.HEADER_ROW
    r = header_row
    for r, row in enumerate(rows, start=header_row + 1):
        _write_row(ws, r, columns, row)
    if total is not None:
        _write_row(ws, r + 1, columns, total)
        for i in range(1, len(columns) + 1):
            ws.cell(r + 1, i).font = _TOTAL_FONT
    xlsx.table_tail(ws, len(columns), r - header_row)
    return workbook_bytes(wb)


def _write_row(ws, r: int, columns: Sequence[Column], row: Sequence[Any]) -> None:
    for i, ((_label, _width, kind), value) in enumerate(zip(columns, row, strict=True), start=1):
        cell = ws.cell(r, i, value)
        cell.alignment = Alignment(wrap_text=kind == "text", vertical="top")
        if kind == "date" and isinstance(value, dt.date):
            cell.number_format = _DATE_FORMAT
        elif kind == "pct" and value is not None:
            cell.number_format = _PERCENT_FORMAT


def _units(units) -> str:
    return "; ".join(u.name for u in units)


# --------------------------------------------------------------------------- inspections


def inspections_workbook(rows) -> bytes:
    columns: list[Column] = [
        ("Loại hình", 12, "text"), ("Hình thức", 20, "text"), ("Tên cuộc kiểm tra, giám sát", 50, "text"),
        ("Cơ quan tiến hành", 28, "text"), ("Đơn vị được kiểm tra, giám sát", 40, "text"),
        ("Từ ngày", 12, "date"), ("Đến ngày", 12, "date"), ("Số kết luận", 16, "text"),
        ("Kiến nghị đã khắc phục", 12, "int"), ("Tổng số kiến nghị", 12, "int"), ("Kiến nghị quá hạn", 12, "int"),
    ]
    data = [
        (r.inspection.get_kind_display(), r.inspection.get_mode_display(), r.inspection.title,
         r.inspection.body.name, _units(r.inspection.units.all()), r.inspection.period_start,
         r.inspection.period_end, r.inspection.conclusion_number, r.done, r.total, r.overdue)
        for r in rows
    ]
    return _sheet("Kiểm tra, giám sát", columns, data, sheet_name="Kiểm tra, giám sát",
                  sample=any(r.inspection.is_sample for r in rows))


def inspection_workbook(inspection, rows) -> bytes:
    columns: list[Column] = [
        ("STT", 6, "int"), ("Đơn vị thực hiện", 28, "text"), ("Nội dung kiến nghị", 70, "text"),
        ("Hạn khắc phục", 13, "date"), ("Ngày hoàn thành", 13, "date"), ("Tình trạng", 22, "text"),
    ]
    data = [(r.rec.order, r.rec.unit.name, r.rec.text, r.deadline, r.closed_on, r.label) for r in rows]
    title = f"{inspection.title} — {inspection.body.name}"
    if inspection.conclusion_number:
        title += f" (Kết luận số {inspection.conclusion_number})"
    return _sheet(title, columns, data, sheet_name="Kiến nghị", sample=inspection.is_sample)


# --------------------------------------------------------------------------- obstacles


def obstacles_workbook(rows) -> bytes:
    columns: list[Column] = [
        ("Khó khăn, vướng mắc", 45, "text"), ("Lĩnh vực", 20, "text"), ("Đơn vị phản ánh", 26, "text"),
        ("Ngày phản ánh", 13, "date"), ("Cấp xử lý", 26, "text"), ("Đơn vị giải quyết", 26, "text"),
        ("Người phụ trách", 22, "text"), ("Hạn giải quyết", 13, "date"), ("Tình trạng", 20, "text"),
        ("Nội dung trả lời", 50, "text"), ("Ngày trả lời", 13, "date"),
    ]
    data = []
    for r in rows:
        o = r.obstacle
        data.append((
            o.title, o.field.name if o.field else "", o.reported_by.name, o.reported_on,
            o.escalated_to.name if o.escalated_to else "", o.assignee_unit.name if o.assignee_unit else "",
            o.assignee.full_name if o.assignee else "", o.resolve_by, r.label, o.answer, o.answered_on,
        ))
    return _sheet("Khó khăn, vướng mắc", columns, data, sheet_name="Khó khăn, vướng mắc",
                  sample=any(r.obstacle.is_sample for r in rows))


# --------------------------------------------------------------------------- briefings


def _attendance_cells(t: attendance.Totals) -> list[Any]:
    return [t.cadres_expected, t.cadres_present, t.cadre_share, t.members_expected, t.members_present,
            t.member_share]


_ATTENDANCE_COLUMNS: list[Column] = [
    ("Cán bộ phải học", 11, "int"), ("Cán bộ dự học", 11, "int"), ("Tỷ lệ cán bộ", 10, "pct"),
    ("Đảng viên phải học", 11, "int"), ("Đảng viên dự học", 11, "int"), ("Tỷ lệ đảng viên", 10, "pct"),
]


def briefing_summary_workbook(summaries) -> bytes:
    columns: list[Column] = [
        ("Nghị quyết", 18, "text"), ("Trích yếu", 50, "text"), ("Nhiệm kỳ", 11, "text"),
        ("Đơn vị đã tổ chức", 11, "int"), ("Đơn vị phải tổ chức", 11, "int"), *_ATTENDANCE_COLUMNS,
        ("Hội nghị gần nhất", 13, "date"),
    ]
    data = [
        (s.resolution.number, s.resolution.title, s.resolution.term, s.totals.units_held,
         s.totals.units_expected, *_attendance_cells(s.totals), s.last_held)
        for s in summaries
    ]
    return _sheet("Học tập, quán triệt nghị quyết", columns, data, sheet_name="Học tập, quán triệt",
                  sample=any(s.resolution.is_sample for s in summaries))


def briefing_workbook(resolution, table) -> bytes:
    columns: list[Column] = [
        ("Đơn vị", 36, "text"), ("Ngày tổ chức", 24, "text"), *_ATTENDANCE_COLUMNS,
        ("Đơn vị cấp dưới đã tổ chức", 12, "int"), ("Đơn vị phải tổ chức", 12, "int"),
    ]
    data = []
    for line in table.lines:
        held = ", ".join(f"{b.held_on:%d/%m/%Y}" for b in line.sessions) or "Chưa tổ chức"
        data.append(("    " * line.depth + line.unit.name, held, *_attendance_cells(line.totals),
                     line.totals.units_held, line.totals.units_expected))
    total = ("Tổng cộng", "", *_attendance_cells(table.total), table.total.units_held, table.total.units_expected)
    return _sheet(f"Học tập, quán triệt {resolution.number} — {resolution.title}", columns, data,
                  sheet_name="Học tập, quán triệt", sample=resolution.is_sample, total=total)
