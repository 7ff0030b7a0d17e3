"""Excel workbooks of the people pages, in the house style of resolutions/template.py:
a bold title row, a note row, dark-blue headers, frozen header, filter, landscape A4.

Headers are written in Vietnamese literally (a workbook is a document handed on, whatever the
interface language was), like the resolution workbooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nghiquyet.resolutions.template import workbook_bytes

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
MARK_FILL = PatternFill("solid", fgColor="C6EFCE")
EMPTY_FILL = PatternFill("solid", fgColor="FFC7CE")
WRAP = Alignment(wrap_text=True, vertical="top")
SAMPLE_NOTE = "DỮ LIỆU MẪU (tên người và số liệu là hư cấu, chỉ để minh họa)"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Col:
    header: str
    width: int = 14
    wrap: bool = False


@dataclass
class Sheet:
    name: str
    title: str
    note: str
    columns: Sequence[Col]
    rows: Sequence[Sequence[Any]]
    vertical_headers: bool = False  # the matrix: many narrow columns


def _value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v  # a real date cell, formatted dd/mm/yyyy below
    if v is None or isinstance(v, (int, float, str)):
        return v
    return str(v)


def add_sheet(wb: Workbook, sheet: Sheet, *, first: bool = False) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = sheet.name[:31]
    ncols = max(len(sheet.columns), 1)
    last = get_column_letter(ncols)
    ws["A1"] = sheet.title
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = sheet.note
    ws["A2"].alignment = WRAP
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 30
    header_row = 4
    for i, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(header_row, i, col.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        rotate = sheet.vertical_headers and i > 2
        cell.alignment = Alignment(wrap_text=True, vertical="center", text_rotation=90 if rotate else 0)
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[header_row].height = 110 if sheet.vertical_headers else 32
    for r, row in enumerate(sheet.rows, start=header_row + 1):
        for i, raw in enumerate(row, start=1):
            cell = ws.cell(r, i, _value(raw))
            if isinstance(raw, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if sheet.columns[i - 1].wrap:
                cell.alignment = WRAP
            if sheet.vertical_headers and i > 2:
                cell.alignment = Alignment(horizontal="center")
                if raw == "x":
                    cell.fill = MARK_FILL
    ws.freeze_panes = ws.cell(header_row + 1, 3 if sheet.vertical_headers else 1)
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(sheet.rows), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def workbook(sheets: Sequence[Sheet]) -> bytes:
    wb = Workbook()
    for i, sheet in enumerate(sheets):
        add_sheet(wb, sheet, first=(i == 0))
    return workbook_bytes(wb)
