"""The house style of exported tables, and how a workbook is sent.

Every Excel export of a page is the same shape: a title in A1, a note in A2 (export date,
"sample data" …), a header row (white on dark blue, wrapped) in row 4, the rows below it,
the header frozen and filterable. Apps add their own touches (totals, status fills …).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ROW = 4


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def response(content: bytes, filename: str) -> HttpResponse:
    """The workbook as a download named `filename`."""
    reply = HttpResponse(content, content_type=CONTENT_TYPE)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


def table_head(ws, title: str, note: str, headers: Sequence[tuple[str, float]], *,
               merge: bool = False, note_font: Font | None = None) -> None:
    """Title (A1), note (A2) and the header row (HEADER_ROW) with its column widths."""
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    ws["A2"] = note
    if note_font is not None:
        ws["A2"].font = note_font
    if merge and headers:
        last = get_column_letter(len(headers))
        ws.merge_cells(f"A1:{last}1")
        ws.merge_cells(f"A2:{last}2")
    for i, (label, width) in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, i, label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = width


def table_tail(ws, columns: int, rows: int, *, freeze_column: int = 1) -> None:
    """Freeze the header, and filter over the rows (at least one, so an empty table filters too)."""
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, freeze_column)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(max(columns, 1))}{HEADER_ROW + max(rows, 1)}"
