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
from openpyxl.styles import Alignment, PatternFill

from nghiquyet.core import xlsx
from nghiquyet.core.xlsx import workbook_bytes

MARK_FILL = PatternFill("solid", fgColor="C6EFCE")
EMPTY_FILL = PatternFill("solid", fgColor="FFC7CE")
WRAP = Alignment(wrap_text=True, vertical="top")
SAMPLE_NOTE = "DỮ LIỆU MẪU (tên người và số liệu là hư cấu, chỉ để minh họa)"


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
    xlsx.table_head(ws, sheet.title, sheet.note, [(col.header, col.width) for col in sheet.columns], merge=True)
    ws["A2"].alignment = WRAP
    ws.row_dimensions[2].height = 30
    header_row = xlsx.HEADER_ROW
    if sheet.vertical_headers:  # the matrix: many narrow columns
        for i in range(3, len(sheet.columns) + 1):
            ws.cell(header_row, i).alignment = Alignment(wrap_text=True, vertical="center", text_rotation=90)
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
    xlsx.table_tail(ws, len(sheet.columns), len(sheet.rows), freeze_column=3 if sheet.vertical_headers else 1)
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
