"""The workbook of a reporting form: written with openpyxl, read back with python-calamine.

No ORM here: `services` gathers the data and applies the checks; this module knows the layout.

Layout (sheet ``BaoCao``, one row per unit, one column per indicator):

* row 1: the form's name and period; row 2: the cut-off window and the deadline;
* row 3: Vietnamese headers (required indicators marked *), with the unit of measure;
* row 4: machine keys, hidden: ``unit_code``, ``unit_name`` and the indicator codes. The upload
  maps columns by these keys, so columns may be reordered but row 4 must stay;
* row 5 on: the units. Only the figure cells are unlocked; the sheet is protected without a
  password so headers are not changed by accident.

Sheet ``ThongTin`` holds the form code and period the workbook was made for (checked on upload)
and the instructions. Sheet ``KyTruoc`` shows the previous period's figures for reference.
The vocabulary is Vietnamese literally (not gettext), as in resolutions/template.py: a workbook
must read the same whatever the interface language.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook

from .validation import IndicatorSpec

DATA_SHEET = "BaoCao"
INFO_SHEET = "ThongTin"
PREVIOUS_SHEET = "KyTruoc"
TITLE_ROW, WINDOW_ROW, HEADER_ROW, KEY_ROW, FIRST_DATA_ROW = 1, 2, 3, 4, 5
UNIT_CODE, UNIT_NAME = "unit_code", "unit_name"
INFO_KEYS = {"form_code": "Mã biểu mẫu", "period": "Kỳ báo cáo"}

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")
_KEY_FONT = Font(italic=True, size=8, color="808080")
_INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")


@dataclass(frozen=True)
class CellError:
    """A problem at a place in the workbook; row is Excel's 1-based row, column a letter."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"Sheet '{self.sheet}'"] if self.sheet else []
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    values: Mapping[int, float | None]  # indicator id → current figure
    locked: bool = False  # approved or waiting for approval: cells stay locked
    status_label: str = ""


@dataclass(frozen=True)
class FormSheet:
    form_code: str
    form_name: str
    period: str
    period_label: str
    window_text: str
    items: Sequence[tuple[IndicatorSpec, bool]]  # (indicator, required), in form order
    rows: Sequence[UnitRow]
    previous_label: str = ""
    previous: Mapping[tuple[str, int], float | None] = field(default_factory=dict)  # (unit code, ind) → value


def _number_format(spec: IndicatorSpec) -> str:
    if spec.value_type in ("count", "bool") or spec.decimals == 0:
        return "#,##0"
    return "#,##0." + "0" * min(spec.decimals, 6)


def _validation(spec: IndicatorSpec) -> DataValidation:
    lo, hi = spec.bounds
    kind = "whole" if spec.value_type in ("count", "bool") else "decimal"
    if lo is not None and hi is not None:
        dv = DataValidation(type=kind, operator="between", formula1=str(lo), formula2=str(hi), allow_blank=True)
        dv.error = f"Nhập số từ {lo:g} đến {hi:g}"
    elif lo is not None:
        dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(lo), allow_blank=True)
        dv.error = f"Nhập số không nhỏ hơn {lo:g}"
    elif hi is not None:
        dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=str(hi), allow_blank=True)
        dv.error = f"Nhập số không lớn hơn {hi:g}"
    else:
        dv = DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
        dv.error = "Nhập một số"
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.showErrorMessage = True
    return dv


def build_workbook(sheet: FormSheet) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ncols = 2 + len(sheet.items)
    last = get_column_letter(ncols)
    ws.cell(TITLE_ROW, 1, f"{sheet.form_name} — {sheet.period_label}").font = Font(bold=True, size=13)
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.cell(WINDOW_ROW, 1, f"Mã biểu: {sheet.form_code} · Kỳ: {sheet.period} · {sheet.window_text}")
    ws.merge_cells(f"A{WINDOW_ROW}:{last}{WINDOW_ROW}")

    headers = [("Mã đơn vị", UNIT_CODE, 14, True), ("Tên đơn vị", UNIT_NAME, 28, True)]
    for spec, required in sheet.items:
        unit = f" ({spec.unit_of_measure})" if spec.unit_of_measure else ""
        headers.append((f"{spec.name}{unit}{' *' if required else ''}", spec.code, 16, required))
    for i, (title, key, width, required) in enumerate(headers, start=1):
        head = ws.cell(HEADER_ROW, i, title)
        head.font, head.alignment = _HEADER_FONT, Alignment(wrap_text=True, vertical="center")
        head.fill = _REQUIRED_FILL if required and i > 2 else _HEADER_FILL
        ws.cell(KEY_ROW, i, key).font = _KEY_FONT
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[HEADER_ROW].height = 60
    ws.row_dimensions[KEY_ROW].hidden = True

    validations = []
    for spec, _required in sheet.items:
        dv = _validation(spec)
        ws.add_data_validation(dv)
        validations.append(dv)
    for r, row in enumerate(sheet.rows, start=FIRST_DATA_ROW):
        ws.cell(r, 1, row.code).number_format = "@"
        name = row.name + (f" ({row.status_label})" if row.locked and row.status_label else "")
        ws.cell(r, 2, name)
        for j, (spec, _required) in enumerate(sheet.items, start=3):
            cell = ws.cell(r, j, row.values.get(spec.id))
            cell.number_format = _number_format(spec)
            if row.locked:
                cell.fill = _LOCKED_FILL
            else:
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
                validations[j - 3].add(cell.coordinate)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.protection.sheet = True  # no password: protects the layout against slips, not people
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    info = wb.create_sheet(INFO_SHEET)
    lines: list[tuple[str, str]] = [
        (INFO_KEYS["form_code"], sheet.form_code),
        (INFO_KEYS["period"], sheet.period),
        ("Tên biểu mẫu", sheet.form_name),
        ("Kỳ", sheet.period_label),
        ("Thời gian", sheet.window_text),
    ]
    for r, (k, v) in enumerate(lines, start=1):
        info.cell(r, 1, k).font = Font(bold=True)
        info.cell(r, 2, v).number_format = "@"
    help_lines = [
        "HƯỚNG DẪN",
        f"Nhập số liệu vào sheet {DATA_SHEET}, mỗi dòng một đơn vị, mỗi cột một chỉ tiêu (cột có dấu * là bắt buộc).",
        "Không sửa mã đơn vị (cột A) và không xóa dòng mã ẩn (dòng 4); có thể thêm hoặc bỏ dòng đơn vị.",
        "Ô để trống: giữ nguyên số liệu đã có. Nhập số dạng số (VD 1234,5); tỷ lệ nhập 0–100, không nhập dấu %.",
        "Đơn vị đã gửi báo cáo hoặc đã được duyệt có ô màu xám: không sửa được; muốn sửa, đề nghị người duyệt trả lại.",
        "Tải tệp lên: nếu có bất kỳ lỗi nào thì không có số liệu nào được ghi; mọi lỗi được liệt kê theo sheet, dòng, cột.",
        "Tải lại cùng một tệp không làm thay đổi gì.",
    ]
    for r, text in enumerate(help_lines, start=len(lines) + 2):
        info.cell(r, 1, text).font = Font(bold=(text == "HƯỚNG DẪN"))
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60

    if sheet.previous:
        prev = wb.create_sheet(PREVIOUS_SHEET)
        prev.cell(1, 1, f"Số liệu kỳ trước ({sheet.previous_label}) — chỉ để tham khảo, không được đọc khi tải lên")
        prev.cell(1, 1).font = Font(bold=True)
        prev.cell(2, 1, "Mã đơn vị").font = Font(bold=True)
        prev.cell(2, 2, "Tên đơn vị").font = Font(bold=True)
        for j, (spec, _required) in enumerate(sheet.items, start=3):
            prev.cell(2, j, spec.name).font = Font(bold=True)
            prev.column_dimensions[get_column_letter(j)].width = 16
        prev.column_dimensions["B"].width = 28
        for r, row in enumerate(sheet.rows, start=3):
            prev.cell(r, 1, row.code)
            prev.cell(r, 2, row.name)
            for j, (spec, _required) in enumerate(sheet.items, start=3):
                cell = prev.cell(r, j, sheet.previous.get((row.code, spec.id)))
                cell.number_format = _number_format(spec)
    wb.active = 0
    return wb


# ----------------------------------------------------------------------------- reading


@dataclass
class ParsedRow:
    row: int  # Excel row number
    unit_code: str
    cells: dict[str, object]  # column key → raw cell value (non-empty only)


@dataclass
class ParsedWorkbook:
    info: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # key → column letter
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(data: bytes) -> ParsedWorkbook:
    """Read a form workbook; problems of layout are returned as errors, values are not checked."""
    out = ParsedWorkbook()
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError, TypeError) as exc:
        out.errors.append(CellError("", None, None, f"Không đọc được tệp Excel (.xlsx): {exc}"))
        return out
    names = {n.strip().lower(): n for n in wb.sheet_names}
    if INFO_SHEET.lower() in names:
        grid = wb.get_sheet_by_name(names[INFO_SHEET.lower()]).to_python(skip_empty_area=False)
        labels = {v: k for k, v in INFO_KEYS.items()}
        for line in grid[:20]:
            if len(line) >= 2 and _text(line[0]) in labels:
                out.info[labels[_text(line[0])]] = _text(line[1])
    if DATA_SHEET.lower() not in names:
        out.errors.append(CellError(DATA_SHEET, None, None, f"Không có sheet '{DATA_SHEET}' (tệp không phải biểu mẫu tải từ hệ thống)."))
        return out
    grid = wb.get_sheet_by_name(names[DATA_SHEET.lower()]).to_python(skip_empty_area=False)
    key_row = next((i for i, line in enumerate(grid[:15]) if line and _text(line[0]) == UNIT_CODE), None)
    if key_row is None:
        out.errors.append(CellError(DATA_SHEET, KEY_ROW, "A",
                                    f"Không tìm thấy dòng mã cột (ô đầu tiên là “{UNIT_CODE}”); đừng xóa dòng mã ẩn."))
        return out
    for i, raw in enumerate(grid[key_row]):
        key = _text(raw)
        if not key:
            continue
        letter = get_column_letter(i + 1)
        if key in out.columns:
            out.errors.append(CellError(DATA_SHEET, key_row + 1, letter,
                                        f"Mã cột “{key}” bị lặp (đã có ở cột {out.columns[key]})."))
            continue
        out.columns[key] = letter
    index = {key: i for i, raw in enumerate(grid[key_row]) if (key := _text(raw))}
    for r in range(key_row + 1, len(grid)):
        line = grid[r]
        cells: dict[str, object] = {}
        for key, i in index.items():
            if key == UNIT_NAME or i >= len(line):
                continue
            value = line[i]
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            cells[key] = value
        code = _text(cells.pop(UNIT_CODE, ""))
        if not code and not cells:
            continue
        out.rows.append(ParsedRow(r + 1, code, cells))
    return out
