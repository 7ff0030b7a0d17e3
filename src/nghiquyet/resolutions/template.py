"""The resolution workbook format, and the workbooks we write with openpyxl.

One description of every sheet and column (`SHEETS`) drives both the empty template
(`build_resolution_template`) and the importer (`resolutions.importer`), so the two cannot
drift apart. See docs/import-template.md for the user-facing description.

Layout of each data sheet: row 1 holds the Vietnamese headers, row 2 the machine keys
(small grey text; the importer finds columns by these keys, or by the Vietnamese header
when a key is missing, so columns may be reordered), data starts on row 3.

The vocabulary (choice labels, headers) is part of the file format, so it is written here
in Vietnamese literally rather than through gettext: a workbook must import the same way
whatever the interface language.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from nghiquyet.core.text import fold
from nghiquyet.core.xlsx import workbook_bytes
from nghiquyet.resolutions.progress import STATUS_LABELS

HEADER_ROW = 1
KEY_ROW = 2
FIRST_DATA_ROW = 3
# Data validation is applied to this many rows; more rows still import fine.
VALIDATION_ROWS = 2000

# --- vocabularies: (machine value, label shown in the dropdown, extra accepted spellings) ---

Choice = tuple[str, str, tuple[str, ...]]

CHOICES: dict[str, list[Choice]] = {
    "issuer_kind": [
        ("congress", "Đại hội Đảng bộ", ("đại hội", "dai hoi")),
        ("party_committee", "Cấp ủy Đảng", ("cấp ủy", "đảng ủy", "huyện ủy", "tỉnh ủy")),
        ("peoples_council", "Hội đồng nhân dân", ("hđnd",)),
    ],
    "target_kind": [
        ("level", "Mức đạt được", ("mức", "đạt mức")),
        ("avg_growth", "Tăng trưởng bình quân", ("tăng bình quân", "tăng trưởng")),
        ("avg_change", "Thay đổi bình quân", ("giảm bình quân", "thay đổi")),
        ("cumulative", "Cộng dồn cả nhiệm kỳ", ("cộng dồn", "lũy kế")),
        ("every_year", "Hằng năm", ("hàng năm", "mỗi năm")),
        ("count_units", "Số đơn vị đạt chuẩn", ("số đơn vị", "đếm đơn vị")),
    ],
    "comparator": [
        ("gte", "≥", (">=", "=>", "ít nhất", "trở lên", "lớn hơn hoặc bằng")),
        ("lte", "≤", ("<=", "=<", "tối đa", "trở xuống", "nhỏ hơn hoặc bằng")),
        ("eq", "=", ("==", "bằng")),
        ("range", "khoảng", ("trong khoảng", "từ đến", "từ … đến", "từ ... đến")),
    ],
    "direction": [
        ("increase", "Tăng là tốt", ("tăng",)),
        ("decrease", "Giảm là tốt", ("giảm",)),
    ],
    "value_type": [
        ("number", "Số", ("số thực",)),
        ("percent", "Tỷ lệ (%)", ("tỷ lệ", "tỉ lệ", "%", "phần trăm")),
        ("money", "Tiền", ("giá trị tiền",)),
        ("count", "Số đếm", ("đếm",)),
        ("bool", "Có/không", ("có không", "đạt/không đạt")),
    ],
    "space_aggregation": [
        ("sum", "Tổng", ("cộng",)),
        ("mean", "Trung bình", ("bình quân",)),
        ("weighted_mean", "Trung bình có trọng số", ("bình quân gia quyền",)),
        ("min", "Nhỏ nhất", ("min",)),
        ("max", "Lớn nhất", ("max",)),
        ("none", "Không cộng gộp", ("không",)),
    ],
    "time_aggregation": [
        ("sum", "Cộng dồn (lưu lượng)", ("tổng", "cộng dồn")),
        ("last", "Số cuối kỳ (tồn lượng)", ("cuối kỳ", "số cuối kỳ")),
        ("mean", "Trung bình", ("bình quân",)),
    ],
    "value_kind": [
        ("official", "Chính thức", ("chính thức",)),
        ("estimated", "Ước tính", ("ước", "ước thực hiện", "ước đạt", "ước tính")),
    ],
    "yes_no": [
        ("yes", "Có", ("x", "1", "true", "đúng")),
        ("no", "Không", ("0", "false", "sai")),
    ],
}


def choice_label(vocabulary: str, value: str) -> str:
    for key, label, _aliases in CHOICES[vocabulary]:
        if key == value:
            return label
    return value


def choice_lookup(vocabulary: str) -> dict[str, str]:
    """Folded spelling -> machine value: machine keys, labels and aliases are all accepted."""
    table: dict[str, str] = {}
    for key, label, aliases in CHOICES[vocabulary]:
        for spelling in (key, label, *aliases):
            table[fold(spelling)] = key
    return table


# --- columns ---


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | code | int | year | number | date | choice
    required: bool = False
    choices: str | None = None  # a CHOICES vocabulary for kind == "choice"
    max_length: int | None = None
    width: int = 16
    help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: str
    columns: tuple[Column, ...]
    required: bool = True
    help: str = ""
    by_key: dict[str, Column] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        self.by_key.update({c.key: c for c in self.columns})

    def letter(self, key: str) -> str:
        return get_column_letter([c.key for c in self.columns].index(key) + 1)


RESOLUTION_SHEET = SheetSpec(
    "NghiQuyet",
    "Nghị quyết",
    (
        Column("issuer_code", "Mã đơn vị ban hành", "code", True, max_length=32, width=18,
               help="Mã đơn vị trong hệ thống (VD X21484) hoặc mã hành chính chính thức (21484)"),
        Column("number", "Số nghị quyết", "code", True, max_length=60, width=20,
               help="Số hiệu, VD 01-NQ/ĐH; trùng số đã có thì nghị quyết đó được cập nhật"),
        Column("title", "Trích yếu", "text", True, max_length=400, width=50),
        Column("term_start", "Nhiệm kỳ từ năm", "year", True, width=12),
        Column("term_end", "Nhiệm kỳ đến năm", "year", True, width=12),
        Column("adopted_on", "Ngày thông qua (dd/mm/yyyy)", "date", width=16),
        Column("parent_number", "Số nghị quyết cấp trên", "code", max_length=60, width=20,
               help="Nghị quyết cấp trên mà nghị quyết này cụ thể hóa; phải có sẵn trong hệ thống"),
        Column("source", "Nguồn", "text", max_length=400, width=40),
        Column("issuer_kind", "Cơ quan ban hành", "choice", choices="issuer_kind", width=20,
               help="Bỏ trống: Đại hội Đảng bộ"),
        Column("is_sample", "Dữ liệu mẫu", "choice", choices="yes_no", width=12,
               help="Có: nghị quyết và số liệu trong tệp được đánh dấu là dữ liệu mẫu"),
    ),
    help="Một nghị quyết, ở dòng 3.",
)

TARGET_SHEET = SheetSpec(
    "ChiTieu",
    "Chỉ tiêu",
    (
        Column("code", "Mã chỉ tiêu", "code", True, max_length=20, width=10),
        Column("text", "Nội dung chỉ tiêu", "text", True, width=50),
        Column("indicator_code", "Mã chỉ số", "code", True, max_length=40, width=14),
        Column("indicator_name", "Tên chỉ số", "text", max_length=300, width=36,
               help="Bắt buộc khi chỉ số chưa có trong hệ thống"),
        Column("unit_of_measure", "Đơn vị tính", "text", max_length=60, width=12),
        Column("value_type", "Kiểu giá trị", "choice", choices="value_type", width=12),
        Column("space_aggregation", "Cộng gộp theo đơn vị", "choice", choices="space_aggregation", width=18),
        Column("time_aggregation", "Cộng gộp theo thời gian", "choice", choices="time_aggregation", width=20),
        Column("kind", "Loại chỉ tiêu", "choice", True, choices="target_kind", width=22),
        Column("field", "Lĩnh vực", "text", max_length=120, width=18),
        Column("scope_unit_code", "Mã đơn vị phạm vi", "code", max_length=32, width=16,
               help="Bỏ trống: đơn vị ban hành"),
        Column("baseline_year", "Năm gốc", "year", width=9),
        Column("baseline_value", "Giá trị năm gốc", "number", width=12),
        Column("target_year", "Năm mục tiêu", "year", True, width=10),
        Column("target_min", "Mục tiêu (từ)", "number", width=12,
               help="Giá trị mục tiêu; với khoảng 9–10 ghi 9 ở đây và 10 ở cột sau"),
        Column("target_max", "Mục tiêu (đến)", "number", width=12),
        Column("comparator", "So sánh", "choice", choices="comparator", width=10),
        Column("direction", "Chiều tốt", "choice", choices="direction", width=12),
        Column("indicator_min", "Giá trị nhỏ nhất hợp lệ", "number", width=12,
               help="Chỉ dùng khi tạo chỉ số mới: số liệu nhỏ hơn bị từ chối"),
        Column("indicator_max", "Giá trị lớn nhất hợp lệ", "number", width=12),
        Column("decimals", "Số chữ số thập phân", "int", width=10),
        Column("weight_indicator_code", "Mã chỉ số trọng số", "code", max_length=40, width=14,
               help="Cần khi cộng gộp là trung bình có trọng số"),
    ),
    help="Mỗi dòng một chỉ tiêu.",
)

PLAN_SHEET = SheetSpec(
    "KeHoachNam",
    "Kế hoạch năm",
    (
        Column("target_code", "Mã chỉ tiêu", "code", True, max_length=20, width=12),
        Column("year", "Năm", "year", True, width=10),
        Column("value", "Giá trị kế hoạch", "number", True, width=16),
    ),
    required=False,
    help="Mỗi dòng là kế hoạch của một chỉ tiêu cho một năm trong nhiệm kỳ.",
)

FIGURE_SHEET = SheetSpec(
    "SoLieu",
    "Số liệu",
    (
        Column("indicator_code", "Mã chỉ số", "code", True, max_length=40, width=14),
        Column("unit_code", "Mã đơn vị", "code", True, max_length=32, width=14),
        Column("period", "Kỳ", "code", True, width=12, help="2023, 2024S1, 2024N9, 2024Q3, 2024M09"),
        Column("value", "Giá trị", "number", True, width=14),
        Column("value_kind", "Loại số liệu", "choice", choices="value_kind", width=14,
               help="Bỏ trống: chính thức"),
        Column("note", "Ghi chú", "text", max_length=500, width=30),
    ),
    required=False,
    help="Mỗi dòng là một số liệu của một đơn vị cho một kỳ.",
)

SHEETS: tuple[SheetSpec, ...] = (RESOLUTION_SHEET, TARGET_SHEET, PLAN_SHEET, FIGURE_SHEET)
INSTRUCTIONS_SHEET = "HuongDan"
LISTS_SHEET = "DanhMuc"

# --- styles ---

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")
_KEY_FONT = Font(italic=True, size=8, color="808080")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _list_ranges(ws) -> dict[str, str]:
    """Write every vocabulary into the lists sheet; returns vocabulary -> absolute range."""
    ranges: dict[str, str] = {}
    ws["A1"] = "Danh mục giá trị hợp lệ (chọn từ danh sách thả xuống; cũng nhận mã máy ở cột bên cạnh)"
    ws["A1"].font = Font(bold=True)
    col = 1
    for vocabulary, items in CHOICES.items():
        label_col, key_col = get_column_letter(col), get_column_letter(col + 1)
        ws[f"{label_col}2"] = vocabulary
        ws[f"{label_col}2"].font = Font(bold=True)
        ws[f"{key_col}2"] = "mã"
        ws[f"{key_col}2"].font = _KEY_FONT
        for i, (key, label, _aliases) in enumerate(items, start=3):
            ws[f"{label_col}{i}"] = label
            ws[f"{key_col}{i}"] = key
            ws[f"{key_col}{i}"].font = _KEY_FONT
        ws.column_dimensions[label_col].width = 26
        ws.column_dimensions[key_col].width = 16
        ranges[vocabulary] = f"{LISTS_SHEET}!${label_col}$3:${label_col}${2 + len(items)}"
        col += 3
    return ranges


def _data_sheet(wb: Workbook, spec: SheetSpec, ranges: Mapping[str, str]) -> None:
    ws = wb.create_sheet(spec.name)
    last_row = FIRST_DATA_ROW if spec is RESOLUTION_SHEET else VALIDATION_ROWS
    for i, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(HEADER_ROW, i, col.header + (" *" if col.required else ""))
        head.font = _HEADER_FONT
        head.fill = _REQUIRED_FILL if col.required else _HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        ws.cell(KEY_ROW, i, col.key).font = _KEY_FONT
        ws.column_dimensions[letter].width = col.width
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        dv: DataValidation | None = None
        if col.kind == "choice" and col.choices:
            dv = DataValidation(type="list", formula1=ranges[col.choices], allow_blank=True)
        elif col.kind == "year":
            dv = DataValidation(type="whole", operator="between", formula1="1900", formula2="2100",
                                allow_blank=True)
            dv.error = "Nhập năm, VD 2025"
        elif col.kind == "date":
            dv = DataValidation(type="date", operator="between", formula1="1", formula2="73051",
                                allow_blank=True)
            dv.error = "Nhập ngày dạng dd/mm/yyyy"
        if dv is not None:
            dv.showErrorMessage = True
            dv.errorTitle = "Giá trị không hợp lệ"
            if col.help:
                dv.prompt, dv.showInputMessage = col.help[:255], True
            ws.add_data_validation(dv)
            dv.add(cells)
        if col.kind == "date":
            for r in range(FIRST_DATA_ROW, last_row + 1 if spec is RESOLUTION_SHEET else FIRST_DATA_ROW + 200):
                ws.cell(r, i).number_format = "DD/MM/YYYY"
        elif col.kind in {"code", "text"} and col.key in {"period", "unit_code", "issuer_code",
                                                           "scope_unit_code", "code", "target_code"}:
            # Codes such as 2024M09 or 00123 must stay text.
            for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 200):
                ws.cell(r, i).number_format = "@"
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)


def _instructions(ws) -> None:
    lines: list[tuple[str, bool]] = [
        ("MẪU NHẬP NGHỊ QUYẾT, CHỈ TIÊU, KẾ HOẠCH NĂM VÀ SỐ LIỆU", True),
        ("Nhập bằng lệnh: nghiquyet import-resolution TEP.xlsx  (thêm --dry-run để chỉ kiểm tra)", False),
        ("Dòng 1 của mỗi sheet là tiêu đề tiếng Việt (cột có dấu * là bắt buộc), dòng 2 là mã cột dùng "
         "cho máy — không xóa, không sửa dòng 2. Dữ liệu bắt đầu từ dòng 3.", False),
        ("Tệp có lỗi thì không có gì được ghi: mọi lỗi được liệt kê kèm sheet, dòng và cột.", False),
        ("Nhập lại cùng một tệp không làm thay đổi gì; sửa tệp rồi nhập lại sẽ cập nhật nghị quyết "
         "cùng số (chỉ tiêu, kế hoạch năm và số liệu có trong tệp).", False),
        ("Số: nhập dạng số (VD 22 cho 22%, 1475 cho 1.475 tỷ đồng), không định dạng phần trăm.", False),
        ("Mã đơn vị: mã trong hệ thống (VD X21484) hoặc mã hành chính chính thức (VD 21484).", False),
        ("Kỳ số liệu: 2023 (năm), 2024S1 (6 tháng đầu năm), 2024S2 (6 tháng cuối năm), 2024N9 (9 tháng), "
         "2024Q3 (quý III), 2024M09 (tháng 9).", False),
        ("", False),
    ]
    for spec in SHEETS:
        lines.append((f"Sheet {spec.name} — {spec.title}: {spec.help}", True))
        for col in spec.columns:
            extra = " (bắt buộc)" if col.required else ""
            if col.choices:
                extra += " — chọn: " + "; ".join(label for _k, label, _a in CHOICES[col.choices])
            if col.help:
                extra += " — " + col.help
            lines.append((f"   {spec.letter(col.key)}. {col.header} [{col.key}]{extra}", False))
        lines.append(("", False))
    lines.append(("Chi tiết và ví dụ: docs/import-template.md", False))
    for row, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row, 1, text)
        if bold:
            cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 140


def build_resolution_template() -> Workbook:
    """An empty workbook with the instructions, the four data sheets and the value lists."""
    wb = Workbook()
    _instructions(wb.active)
    wb.active.title = INSTRUCTIONS_SHEET
    lists_ws = wb.create_sheet(LISTS_SHEET)
    ranges = _list_ranges(lists_ws)
    for spec in SHEETS:
        _data_sheet(wb, spec, ranges)
    # The lists sheet goes last: users fill the data sheets, the lists are reference.
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 1
    return wb


def write_workbook(wb: Workbook, out: IO[bytes]) -> None:
    out.write(workbook_bytes(wb))


def fill_sheet(wb: Workbook, sheet: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Append rows given as {column key: value} to a data sheet (for tests, demo and exports)."""
    spec = next(s for s in SHEETS if s.name == sheet)
    ws = wb[sheet]
    keys = [c.key for c in spec.columns]
    row_no = max(ws.max_row + 1, FIRST_DATA_ROW)
    # max_row counts formatted empty rows: find the first row whose cells are all empty.
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        if all(ws.cell(r, i + 1).value in (None, "") for i in range(len(keys))):
            row_no = r
            break
    for row in rows:
        unknown = set(row) - set(keys)
        if unknown:
            raise KeyError(f"unknown columns for {sheet}: {sorted(unknown)}")
        for i, key in enumerate(keys, start=1):
            if key in row and row[key] is not None:
                ws.cell(row_no, i, row[key])
        row_no += 1


# --- evaluation export ---


@dataclass(frozen=True)
class OutColumn:
    key: str
    header: str
    number_format: str | None = None
    width: int = 14


EVALUATION_COLUMNS: tuple[OutColumn, ...] = (
    OutColumn("code", "Mã chỉ tiêu", None, 10),
    OutColumn("text", "Nội dung chỉ tiêu", None, 50),
    OutColumn("kind", "Loại chỉ tiêu", None, 20),
    OutColumn("baseline", "Giá trị năm gốc", "#,##0.##", 14),
    OutColumn("target", "Mục tiêu", None, 14),
    OutColumn("latest_year", "Năm số liệu mới nhất", "0", 12),
    OutColumn("latest_value", "Giá trị mới nhất", "#,##0.##", 14),
    OutColumn("plan_ratio", "% kế hoạch năm", "0.0%", 12),
    OutColumn("term_progress", "Tiến độ nhiệm kỳ", "0.0%", 12),
    OutColumn("anticipated", "Tỷ số tốc độ (R)", "0.00", 12),
    OutColumn("status", "Đánh giá", None, 22),
    OutColumn("forecast", "Dự báo năm mục tiêu", "#,##0.##", 14),
)

STATUS_FILLS: dict[str, str] = {
    "met": "C6EFCE", "on_track": "C6EFCE", "needs_acceleration": "FFEB9C",
    "off_track": "FFC7CE", "regressing": "FFC7CE", "no_data": "EDEDED",
}


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return "–".join("" if v is None else f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def build_evaluation_workbook(
    heading: str, summary: str, records: Sequence[Mapping[str, Any]],
    *, columns: Sequence[OutColumn] = EVALUATION_COLUMNS,
) -> Workbook:
    """One formatted sheet: a title row, the summary sentence, then the records table.

    Percent-like fields (`plan_ratio`, `term_progress`) are ratios (1.0 = 100%), shown with a
    percent number format; `status` is shown in words with a traffic-light fill.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "DanhGia"
    ncols = len(columns)
    last = get_column_letter(ncols)
    ws["A1"] = heading
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = summary
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 32
    header_row = 4
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(header_row, i, col.header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[header_row].height = 30
    for r, record in enumerate(records, start=header_row + 1):
        for i, col in enumerate(columns, start=1):
            raw = record.get(col.key)
            if col.key == "status":
                value = record.get("status_label") or STATUS_LABELS.get(raw, raw)
            else:
                value = _cell_value(raw)
            cell = ws.cell(r, i, value)
            if col.number_format and isinstance(value, (int, float)):
                cell.number_format = col.number_format
            if col.key == "status" and raw in STATUS_FILLS:
                cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[raw])
            if col.key == "text":
                cell.alignment = _WRAP
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(records), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    return wb


def emit(stdout: Any, data: bytes | str, output: str | None = None) -> str | None:
    """Write a command's result to `output` (a path) or to the command's stdout.

    Text goes out as UTF-8 whatever the terminal's locale; bytes (a workbook) go to the
    binary stream under stdout. Returns the path written, if any.
    """
    if output:
        with open(output, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        return output
    stream = getattr(stdout, "_out", stdout)  # Django's OutputWrapper keeps the real stream in _out
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()  # keep order with anything already written as text
        buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
        buffer.flush()
    elif isinstance(data, bytes) and isinstance(stream, io.TextIOBase):
        raise TypeError("binary output needs a binary stream")
    else:
        stream.write(data)
    return None


def is_terminal(stdout: Any) -> bool:
    stream = getattr(stdout, "_out", stdout)
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
