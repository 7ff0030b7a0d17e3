"""Import a resolution, its targets, annual plans and figures from the workbook template.

`import_resolution_workbook(path)` is the single entry point (CLI, web and API share it):

1. read every sheet with python-calamine (fast; formulas give their cached value);
2. validate EVERYTHING and collect every error with sheet, Excel row and column — no write
   happens before the whole file is known to be good;
3. in one `transaction.atomic`, write the resolution, indicators, targets and annual plans,
   and the figures through `indicators.services.write_values` (which maintains rollups).

Re-import semantics: the resolution number identifies the resolution. Importing a number that
already exists updates that resolution in place: targets are matched by code, annual plans by
(target, year), figures by (indicator, unit, period, kind). Rows equal to what is stored are
left untouched, so importing the same file twice changes nothing. Nothing is ever deleted:
targets or plans missing from the file are kept (the summary lists such targets).

The sheet and column layout lives in `resolutions.template` (see docs/import-template.md).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from python_calamine import CalamineError, CalamineWorkbook
from simple_history.utils import bulk_create_with_history

from nghiquyet.core.text import fold
from nghiquyet.indicators import periods
from nghiquyet.indicators.models import Field, Indicator, ValueType
from nghiquyet.units.models import OrgUnit

from .import_messages import msg
from .models import AnnualPlan, Resolution, Target
from .template import (
    CHOICES,
    FIGURE_SHEET,
    FIRST_DATA_ROW,
    HEADER_ROW,
    KEY_ROW,
    PLAN_SHEET,
    RESOLUTION_SHEET,
    SHEETS,
    TARGET_SHEET,
    Column,
    SheetSpec,
    choice_label,
    choice_lookup,
)

SHEET_ORDER = {spec.name: i for i, spec in enumerate(SHEETS)}
BOOL_WORDS = {
    fold(w): 1.0 for w in ("có", "đạt", "x", "yes", "true", "đạt chuẩn")
} | {fold(w): 0.0 for w in ("không", "chưa đạt", "no", "false", "chưa")}


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, order=True)
class CellError:
    """One problem in the workbook. `row` is the Excel row number, `column` the letter."""

    sort_key: tuple[int, int, int] = field(repr=False, compare=True)
    sheet: str = field(compare=False)
    row: int | None = field(compare=False)
    column: str | None = field(compare=False)
    header: str | None = field(compare=False)
    message: str = field(compare=False)

    def __str__(self) -> str:
        if self.row is not None and self.column is not None:
            return msg("at_cell", sheet=self.sheet, row=self.row, column=self.column,
                       header=self.header, message=self.message)
        if self.row is not None:
            return msg("at_row", sheet=self.sheet, row=self.row, message=self.message)
        if self.sheet:
            return msg("at_sheet", sheet=self.sheet, message=self.message)
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "header": self.header,
                "message": self.message, "text": str(self)}


# The name the shared interface uses; CellError avoids shadowing the builtin inside modules.
ImportError = CellError  # noqa: A001


def _error(sheet: str, row: int | None, column: Column | None, message: str,
           spec: SheetSpec | None = None, letter: str | None = None) -> CellError:
    col_index = 0
    if column is not None and letter is None and spec is not None:
        letter = spec.letter(column.key)
    if letter:
        col_index = _col_number(letter)
    return CellError(
        sort_key=(SHEET_ORDER.get(sheet, -1), row or 0, col_index),
        sheet=sheet, row=row, column=letter, header=column.header if column else None, message=message,
    )


def _col_number(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class ImportResult:
    path: str
    dry_run: bool = False
    errors: list[CellError] = field(default_factory=list)
    resolution: Resolution | None = None
    number: str = ""  # the resolution number read from the file
    title: str = ""  # the title, issuer and term read from the file (when its sheet is valid)
    issuer: OrgUnit | None = None
    term: tuple[int, int] | None = None
    resolution_action: str = ""  # created | updated | unchanged
    counts: dict[str, int] = field(default_factory=dict)
    kept_targets: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        keys = ("targets_created", "targets_updated", "indicators_created", "fields_created",
                "plans_created", "plans_updated", "values_created", "values_updated")
        return self.resolution_action != "unchanged" or any(self.counts.get(k) for k in keys)

    def error_lines(self, limit: int | None = None) -> list[str]:
        name = Path(self.path).name
        lines = [msg("errors_heading", file=name, count=len(self.errors))]
        shown = self.errors if limit is None else self.errors[:limit]
        lines += [f"  {e}" for e in shown]
        if limit is not None and len(self.errors) > limit:
            lines.append("  " + msg("errors_more", count=len(self.errors) - limit))
        return lines

    def summary_lines(self) -> list[str]:
        if self.errors:
            return self.error_lines()
        name = Path(self.path).name
        c = self.counts
        number = self.resolution.number if self.resolution else self.number
        lines = [msg("dry_run_ok" if self.dry_run else "import_ok", file=name),
                 msg(f"resolution_{self.resolution_action}", number=number)]
        lines.append(msg("count_targets", created=c.get("targets_created", 0),
                         updated=c.get("targets_updated", 0), unchanged=c.get("targets_unchanged", 0)))
        if self.kept_targets:
            lines.append(msg("count_targets_kept", count=len(self.kept_targets),
                             codes=", ".join(self.kept_targets)))
        lines.append(msg("count_indicators", created=c.get("indicators_created", 0)))
        if c.get("fields_created"):
            lines.append(msg("count_fields", created=c["fields_created"]))
        lines.append(msg("count_plans", created=c.get("plans_created", 0),
                         updated=c.get("plans_updated", 0), unchanged=c.get("plans_unchanged", 0)))
        lines.append(msg("count_values", created=c.get("values_created", 0),
                         updated=c.get("values_updated", 0), unchanged=c.get("values_unchanged", 0)))
        if not self.changed:
            lines.append(msg("nothing_changed"))
        return lines

    @property
    def summary(self) -> str:
        return "\n".join(self.summary_lines())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for the web and the API."""
        return {
            "ok": self.ok, "dry_run": self.dry_run, "file": Path(self.path).name, "number": self.number,
            "resolution_id": self.resolution.pk if self.resolution else None,
            "resolution_action": self.resolution_action, "counts": dict(self.counts),
            "kept_targets": list(self.kept_targets), "errors": [e.as_dict() for e in self.errors],
            "summary": self.summary_lines(),
        }


@dataclass(frozen=True)
class _BoolWord:
    """A figure written as a word ("có", "chưa đạt"): valid only for a yes/no indicator."""

    value: float
    text: str


class _Invalid(Exception):
    """A cell value that cannot be parsed; carries the Vietnamese message."""


# ----------------------------------------------------------------------------- cell parsing


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _display(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return f"{raw:%d/%m/%Y %H:%M}"
    if isinstance(raw, dt.date):
        return f"{raw:%d/%m/%Y}"
    return str(raw).strip()


def parse_text(raw: Any) -> str:
    return " ".join(_display(raw).split())


def parse_code(raw: Any) -> str:
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        raise _Invalid(msg("not_code", value=_display(raw)))  # Excel turned the code into a date
    return _display(raw).replace("\u00a0", "").strip()


_THOUSANDS_COMMA = re.compile(r"-?\d{1,3}(,\d{3}){2,}")
_THOUSANDS_DOT = re.compile(r"-?\d{1,3}(\.\d{3}){2,}")


def parse_number(raw: Any) -> float:
    """A number from a numeric cell or a typed string: "22", "22,5", "1.475,5", "1,475.5", "22%"."""
    if isinstance(raw, bool):
        return 1.0 if raw else 0.0
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise _Invalid(msg("not_number", value=_display(raw)))
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace("−", "-")
        if text.endswith("%"):
            text = text[:-1]
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):  # 1.475,5 (Vietnamese)
                text = text.replace(".", "").replace(",", ".")
            else:  # 1,475.5
                text = text.replace(",", "")
        elif "," in text:
            text = text.replace(",", "") if _THOUSANDS_COMMA.fullmatch(text) else text.replace(",", ".")
        elif _THOUSANDS_DOT.fullmatch(text):
            text = text.replace(".", "")
        if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
            raise _Invalid(msg("not_number", value=_display(raw)))
        value = float(text)
    if not math.isfinite(value):
        raise _Invalid(msg("not_number", value=_display(raw)))
    return value


def parse_int(raw: Any) -> int:
    try:
        value = parse_number(raw)
    except _Invalid:
        raise _Invalid(msg("not_integer", value=_display(raw))) from None
    if not value.is_integer():
        raise _Invalid(msg("not_integer", value=_display(raw)))
    return int(value)


def parse_year(raw: Any) -> int:
    try:
        value = parse_number(raw)
    except _Invalid:
        raise _Invalid(msg("not_year", value=_display(raw))) from None
    if not value.is_integer() or not periods.MIN_YEAR <= value <= periods.MAX_YEAR:
        raise _Invalid(msg("not_year", value=_display(raw)))
    return int(value)


_DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
)


def parse_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))  # Excel serial date
    text = parse_text(raw)
    for pattern, order in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise _Invalid(msg("not_date", value=_display(raw)))


def parse_choice(raw: Any, vocabulary: str) -> str:
    value = choice_lookup(vocabulary).get(fold(parse_text(raw)))
    if value is None:
        allowed = "; ".join(label for _k, label, _a in CHOICES[vocabulary])
        raise _Invalid(msg("bad_choice", value=_display(raw), allowed=allowed))
    return value


def parse_period(raw: Any) -> str:
    text = parse_code(raw)
    try:
        return periods.normalize(text)
    except ValueError as exc:
        raise _Invalid(msg("bad_period", value=text, detail=str(exc))) from None


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": parse_text, "code": parse_code, "int": parse_int, "year": parse_year,
    "number": parse_number, "date": parse_date,
}


# ----------------------------------------------------------------------------- reading


@dataclass
class _Row:
    """One data row: parsed values by column key (None when empty or invalid)."""

    number: int  # Excel row number
    values: dict[str, Any]
    raw: dict[str, Any]
    bad: set[str]  # keys whose cell could not be parsed (already reported)

    def get(self, key: str) -> Any:
        return self.values.get(key)


class _SheetReader:
    def __init__(self, spec: SheetSpec, grid: list[list[Any]], errors: list[CellError]):
        self.spec = spec
        self.errors = errors
        self.columns: dict[str, int] = {}
        self.letters: dict[str, str] = {}
        self.rows: list[_Row] = []
        self._locate_columns(grid)
        if all(c.key in self.columns for c in spec.columns if c.required):
            self._read_rows(grid)

    def _locate_columns(self, grid: list[list[Any]]) -> None:
        keys = grid[KEY_ROW - 1] if len(grid) >= KEY_ROW else []
        heads = grid[HEADER_ROW - 1] if len(grid) >= HEADER_ROW else []
        by_header = {fold(c.header): c.key for c in self.spec.columns}
        width = max(len(keys), len(heads))
        for i in range(width):
            key = parse_text(keys[i]) if i < len(keys) and not _is_blank(keys[i]) else ""
            if key not in self.spec.by_key:
                head = parse_text(heads[i]) if i < len(heads) and not _is_blank(heads[i]) else ""
                key = by_header.get(fold(head.rstrip("* ").strip()), "")
            if key and key not in self.columns:
                self.columns[key] = i
                self.letters[key] = _letter(i)
        for col in self.spec.columns:
            if col.required and col.key not in self.columns:
                self.errors.append(_error(self.spec.name, None, None,
                                          msg("missing_column", header=col.header, key=col.key)))

    def _read_rows(self, grid: list[list[Any]]) -> None:
        for r in range(FIRST_DATA_ROW - 1, len(grid)):
            line = grid[r]
            raw = {k: (line[i] if i < len(line) else None) for k, i in self.columns.items()}
            if all(_is_blank(v) for v in raw.values()):
                continue
            row = _Row(number=r + 1, values={}, raw=raw, bad=set())
            for key, value in raw.items():
                col = self.spec.by_key[key]
                if _is_blank(value):
                    if col.required:
                        self.error(row, key, msg("required"))
                        row.bad.add(key)
                    continue
                try:
                    if col.kind == "choice":
                        parsed = parse_choice(value, col.choices or "")
                    elif key == "period":
                        parsed = parse_period(value)
                    else:
                        parsed = _PARSERS[col.kind](value)
                except _Invalid as exc:
                    word = BOOL_WORDS.get(fold(parse_text(value))) if self.spec is FIGURE_SHEET else None
                    if key == "value" and word is not None:
                        row.values[key] = _BoolWord(word, parse_text(value))
                        continue
                    self.error(row, key, str(exc))
                    row.bad.add(key)
                    continue
                if col.max_length and isinstance(parsed, str) and len(parsed) > col.max_length:
                    self.error(row, key, msg("too_long", length=len(parsed), max=col.max_length))
                    row.bad.add(key)
                    continue
                row.values[key] = parsed
            self.rows.append(row)

    def error(self, row: _Row | int | None, key: str | None, message: str) -> None:
        number = row.number if isinstance(row, _Row) else row
        column = self.spec.by_key.get(key) if key else None
        letter = self.letters.get(key) if key else None
        self.errors.append(_error(self.spec.name, number, column, message, letter=letter))


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _read_workbook(path: Path, errors: list[CellError]) -> dict[str, _SheetReader]:
    name = path.name
    if not path.exists():
        errors.append(_error("", None, None, msg("at_file", file=name, message=msg("file_not_found"))))
        return {}
    try:
        with CalamineWorkbook.from_path(str(path)) as wb:
            available = {fold(n).replace(" ", ""): n for n in wb.sheet_names}
            readers: dict[str, _SheetReader] = {}
            for spec in SHEETS:
                actual = available.get(fold(spec.name))
                if actual is None:
                    if spec.required:
                        errors.append(_error(spec.name, None, None, msg("missing_sheet", sheet=spec.name)))
                    continue
                grid = wb.get_sheet_by_name(actual).to_python(skip_empty_area=False)
                readers[spec.name] = _SheetReader(spec, grid, errors)
            return readers
    except (CalamineError, OSError, ValueError) as exc:
        errors.append(_error("", None, None,
                             msg("at_file", file=name, message=msg("file_unreadable", detail=exc))))
        return {}


# ----------------------------------------------------------------------------- lookups


class _Units:
    """Resolve unit codes: OrgUnit.code first, else a unique official code (see `resolve`)."""

    def __init__(self, codes: Iterable[str]):
        codes = {c for c in codes if c}
        variants = set()
        for c in codes:
            variants |= set(_code_variants(c))
        self.by_code: dict[str, OrgUnit] = {}
        self.by_official: dict[str, list[OrgUnit]] = {}
        if not variants:
            return
        ordered = sorted(variants)
        seen: set[int] = set()
        for i in range(0, len(ordered), 400):  # bounded parameters per query (SQLite)
            chunk = ordered[i:i + 400]
            query = OrgUnit.objects.filter(Q(code__in=chunk) | Q(official_code__in=chunk))
            for unit in query.only("id", "code", "official_code", "name", "kind", "valid_from",
                                   "valid_to", "parent_id", "path"):
                if unit.pk in seen:
                    continue
                seen.add(unit.pk)
                self.by_code[unit.code] = unit
                if unit.official_code:
                    self.by_official.setdefault(unit.official_code, []).append(unit)

    def resolve(self, code: str, on: tuple[dt.date, dt.date] | None = None) -> OrgUnit:
        """The unit for `code`. A bare official code shared by several units (a new commune that
        kept a predecessor's code) is narrowed to the units existing during `on` (start, end)."""
        for variant in (code, code.upper()):
            if variant in self.by_code:
                return self.by_code[variant]
        candidates: list[OrgUnit] = []
        for variant in _code_variants(code):
            candidates = self.by_official.get(variant, [])
            if candidates:
                break
        if len(candidates) > 1 and on is not None:
            start, end = on
            candidates = [u for u in candidates if _exists(u, start, end)] or candidates
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            listed = ", ".join(f"{u.code} {u.name}" for u in candidates[:5])
            raise _Invalid(msg("ambiguous_unit", code=code, candidates=listed))
        raise _Invalid(msg("unknown_unit", code=code))


def _code_variants(code: str) -> list[str]:
    """The spellings tried for a unit code: as written, upper-case, and for a bare number the
    zero-padded official forms (a spreadsheet turns "00004" into 4): commune 5, district 3,
    province 2 digits."""
    out = [code, code.upper()]
    if code.isdigit():
        out += [code.zfill(n) for n in (5, 3, 2) if len(code) < n]
    return out


def _exists(unit: OrgUnit, start: dt.date, end: dt.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= end) and (unit.valid_to is None or unit.valid_to > start)


def _validity(unit: OrgUnit) -> str:
    parts = []
    if unit.valid_from:
        parts.append(f"từ {unit.valid_from:%d/%m/%Y}")
    if unit.valid_to:
        parts.append(f"đến hết {unit.valid_to - dt.timedelta(days=1):%d/%m/%Y}")
    return "hiệu lực " + " ".join(parts)


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


# ----------------------------------------------------------------------------- planning


@dataclass
class _IndicatorPlan:
    code: str
    row: int
    existing: Indicator | None
    name: str = ""
    unit_of_measure: str = ""
    value_type: str = ValueType.NUMBER
    space_aggregation: str = "sum"
    time_aggregation: str = "last"
    decimals: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    field_key: str | None = None
    weight_code: str | None = None
    given: dict[str, Any] = field(default_factory=dict)  # what the first row said, by key

    @property
    def limits(self) -> tuple[float | None, float | None]:
        if self.existing is not None:
            return self.existing.min_value, self.existing.max_value
        return self.min_value, self.max_value

    @property
    def kind_of_value(self) -> str:
        return self.existing.value_type if self.existing is not None else self.value_type


@dataclass
class _TargetPlan:
    row: int
    code: str
    text: str
    indicator_code: str
    kind: str
    field_key: str | None
    scope_unit: OrgUnit | None
    baseline_year: int | None
    baseline_value: float | None
    target_year: int
    target_min: float | None
    target_max: float | None
    comparator: str
    direction: str
    order: int


_INDICATOR_ATTRS = (
    ("indicator_name", "name", "tên"),
    ("unit_of_measure", "unit_of_measure", "đơn vị tính"),
    ("value_type", "value_type", "kiểu giá trị"),
    ("space_aggregation", "space_aggregation", "cộng gộp theo đơn vị"),
    ("time_aggregation", "time_aggregation", "cộng gộp theo thời gian"),
    ("indicator_min", "min_value", "giá trị nhỏ nhất hợp lệ"),
    ("indicator_max", "max_value", "giá trị lớn nhất hợp lệ"),
    ("decimals", "decimals", "số chữ số thập phân"),
)
_VOCAB_OF = {"value_type": "value_type", "space_aggregation": "space_aggregation",
             "time_aggregation": "time_aggregation"}


def _same(key: str, a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return fold(str(a or "")) == fold(str(b or ""))
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def _shown(key: str, value: Any) -> str:
    if key in _VOCAB_OF and isinstance(value, str):
        return choice_label(_VOCAB_OF[key], value)
    if isinstance(value, float):
        return _fmt(value)
    return "" if value is None else str(value)


class _Importer:
    def __init__(self, path: Path, *, dry_run: bool, user: Any,
                 allowed_unit: Callable[[OrgUnit], bool] | None = None) -> None:
        self.path = path
        self.user = user
        self.allowed_unit = allowed_unit
        self.result = ImportResult(path=str(path), dry_run=dry_run)
        self.errors = self.result.errors

    # --- validation -------------------------------------------------------------------

    def run(self) -> ImportResult:
        readers = _read_workbook(self.path, self.errors)
        if not readers or RESOLUTION_SHEET.name not in readers:
            return self._finish()
        res_sheet = readers[RESOLUTION_SHEET.name]
        tgt_sheet = readers.get(TARGET_SHEET.name)
        plan_sheet = readers.get(PLAN_SHEET.name)
        fig_sheet = readers.get(FIGURE_SHEET.name)

        unit_codes = [r.get("issuer_code") for r in res_sheet.rows]
        if tgt_sheet:
            unit_codes += [r.get("scope_unit_code") for r in tgt_sheet.rows]
        if fig_sheet:
            unit_codes += [r.get("unit_code") for r in fig_sheet.rows]
        self.units = _Units(c for c in unit_codes if c)
        self._pending_weights: list[tuple[_SheetReader, _Row, str]] = []
        self._target_codes_seen = {r.get("code") for r in tgt_sheet.rows} if tgt_sheet else set()
        self._indicator_codes_seen = (
            {r.get("indicator_code") for r in tgt_sheet.rows} if tgt_sheet else set()
        )

        self._check_resolution(res_sheet)
        self._load_indicators(tgt_sheet, fig_sheet)
        self.fields = {f.code: f for f in Field.objects.all()}
        self.fields_by_fold = {fold(f.code): f.code for f in self.fields.values()}
        self.fields_by_fold.update({fold(f.name): f.code for f in self.fields.values()})
        self.new_fields: dict[str, str] = {}  # code -> name
        self.targets: dict[str, _TargetPlan] = {}
        self.ind_plans: dict[str, _IndicatorPlan] = {}
        if tgt_sheet:
            self._check_targets(tgt_sheet)
        for sheet, row, weight in self._pending_weights:
            if weight not in self.ind_plans:
                sheet.error(row, "weight_indicator_code", msg("unknown_indicator", code=weight))
        self.plans: dict[tuple[str, int], tuple[float, int]] = {}
        if plan_sheet:
            self._check_plans(plan_sheet)
        self.figures: dict[tuple[str, int, str, str], tuple[float, str, int]] = {}
        if fig_sheet:
            self._check_figures(fig_sheet)
        if self.errors or self.res is None:
            return self._finish()
        self._compute_changes()
        if not self.result.dry_run:
            self._write()
        return self._finish()

    def _finish(self) -> ImportResult:
        self.errors.sort()
        return self.result

    def _check_resolution(self, sheet: _SheetReader) -> None:
        self.res: dict[str, Any] | None = None
        self.term: tuple[int, int] | None = None
        self.existing: Resolution | None = None
        self.parent: Resolution | None = None
        if not sheet.rows:
            if all(c.key in sheet.columns for c in RESOLUTION_SHEET.columns if c.required):
                sheet.error(FIRST_DATA_ROW, None, msg("no_resolution"))
            return
        first, *extra = sheet.rows
        for row in extra:
            sheet.error(row, None, msg("one_resolution", first_row=first.number))
        values = dict(first.values)
        ok = not first.bad
        start, end = values.get("term_start"), values.get("term_end")
        if start is not None and end is not None:
            if end <= start:
                sheet.error(first, "term_end", msg("term_order", start=start, end=end))
                ok = False
            elif end - start > periods.MAX_TERM_YEARS:
                sheet.error(first, "term_end", msg("term_too_long", start=start, end=end))
                ok = False
        issuer_code = values.get("issuer_code")
        if issuer_code:
            when = values.get("adopted_on") or dt.date(start or 2000, 12, 31)
            try:
                values["issuer"] = self._in_scope(self.units.resolve(issuer_code, (when, when)))
            except _Invalid as exc:
                sheet.error(first, "issuer_code", str(exc))
                ok = False
        number = values.get("number")
        self.result.number = number or ""
        if number:
            self.existing = Resolution.objects.filter(number=number).select_related("issuer").first()
            if self.existing is not None and self.allowed_unit is not None \
                    and not self.allowed_unit(self.existing.issuer):
                # the number is taken by a resolution the user may not change: never overwrite it
                sheet.error(first, "number", msg("number_out_of_scope", number=number))
                ok = False
        parent_number = values.get("parent_number")
        if parent_number:
            if parent_number == number:
                sheet.error(first, "parent_number", msg("parent_is_self"))
                ok = False
            else:
                self.parent = Resolution.objects.filter(number=parent_number).first()
                if self.parent is None:
                    sheet.error(first, "parent_number", msg("unknown_parent", number=parent_number))
                    ok = False
        if ok:
            self.res = values
            self.term = (start, end)
            self.result.title, self.result.issuer, self.result.term = values["title"], values["issuer"], self.term
        else:
            self.term = (start, end) if start is not None and end is not None and end > start else None

    def _in_scope(self, unit: OrgUnit) -> OrgUnit:
        """The unit, or _Invalid when an `allowed_unit` check (the web's manage scope) refuses it."""
        if self.allowed_unit is not None and not self.allowed_unit(unit):
            raise _Invalid(msg("unit_out_of_scope", code=unit.code))
        return unit

    def _load_indicators(self, tgt: _SheetReader | None, fig: _SheetReader | None) -> None:
        codes: set[str] = set()
        for sheet, keys in ((tgt, ("indicator_code", "weight_indicator_code")), (fig, ("indicator_code",))):
            if sheet:
                codes |= {r.get(k) for r in sheet.rows for k in keys if r.get(k)}
        self.db_indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}

    def _resolve_field(self, text: str) -> str:
        code = self.fields_by_fold.get(fold(text))
        if code:
            return code
        code = (slugify(fold(text)) or "linh-vuc")[:40]
        base, n = code, 2
        while code in self.fields and fold(self.fields[code].name) != fold(text):
            code = f"{base[:36]}-{n}"
            n += 1
        self.new_fields[code] = text
        self.fields_by_fold[fold(text)] = code
        return code

    def _check_targets(self, sheet: _SheetReader) -> None:
        term = self.term
        seen: dict[str, int] = {}
        for order, row in enumerate(sheet.rows, start=1):
            v = row.values
            ok = not row.bad
            code = v.get("code")
            if code:
                if code in seen:
                    sheet.error(row, "code", msg("duplicate_target", code=code, first_row=seen[code]))
                    ok = False
                else:
                    seen[code] = row.number
            # years
            target_year, baseline_year = v.get("target_year"), v.get("baseline_year")
            if term and target_year is not None and not term[0] <= target_year <= term[1]:
                sheet.error(row, "target_year", msg("year_outside_term", year=target_year,
                                                    start=term[0], end=term[1]))
                ok = False
            if baseline_year is not None and target_year is not None and baseline_year >= target_year:
                sheet.error(row, "baseline_year", msg("baseline_after_target", baseline=baseline_year,
                                                      target=target_year))
                ok = False
            # scope
            scope = None
            if v.get("scope_unit_code"):
                when = dt.date(term[1] if term else target_year or 2000, 12, 31)
                try:
                    scope = self._in_scope(self.units.resolve(v["scope_unit_code"], (when, when)))
                except _Invalid as exc:
                    sheet.error(row, "scope_unit_code", str(exc))
                    ok = False
            # indicator
            ind = self._check_indicator_row(sheet, row)
            ok = ok and ind is not None
            # comparator, direction, target values
            comparator, direction = self._check_goal(sheet, row)
            ok = ok and comparator is not None
            kind = v.get("kind")
            if ind is not None and kind == "count_units":
                vt = ind.kind_of_value
                agg = ind.existing.space_aggregation if ind.existing else ind.space_aggregation
                if vt != ValueType.BOOL or agg != "sum":
                    sheet.error(row, "kind", msg("count_units_indicator", code=ind.code,
                                                 value_type=choice_label("value_type", vt),
                                                 aggregation=choice_label("space_aggregation", agg)))
                    ok = False
            if ind is not None and kind in {"level", "avg_growth", "avg_change", "every_year"}:
                ok = self._check_limits(sheet, row, "baseline_value", ind) and ok
            if ind is not None and kind in {"level", "every_year"}:
                ok = self._check_limits(sheet, row, "target_min", ind) and ok
                ok = self._check_limits(sheet, row, "target_max", ind) and ok
            field_key = self._resolve_field(v["field"]) if v.get("field") else None
            if ind is not None and ind.field_key is None and field_key:
                ind.field_key = field_key
            if ok and code and kind and target_year is not None and comparator and direction:
                self.targets[code] = _TargetPlan(
                    row=row.number, code=code, text=v["text"], indicator_code=ind.code, kind=kind,
                    field_key=field_key, scope_unit=scope, baseline_year=baseline_year,
                    baseline_value=v.get("baseline_value"), target_year=target_year,
                    target_min=self._goal[0], target_max=self._goal[1], comparator=comparator,
                    direction=direction, order=order,
                )

    def _check_goal(self, sheet: _SheetReader, row: _Row) -> tuple[str | None, str | None]:
        v = row.values
        lo, hi = v.get("target_min"), v.get("target_max")
        comparator, direction = v.get("comparator"), v.get("direction")
        min_h, max_h = TARGET_SHEET.by_key["target_min"].header, TARGET_SHEET.by_key["target_max"].header
        self._goal: tuple[float | None, float | None] = (None, None)
        if {"target_min", "target_max", "comparator", "direction"} & row.bad:
            return None, None
        if direction is None:
            direction = "decrease" if comparator == "lte" else "increase"
        if comparator is None:
            if lo is not None and hi is not None and lo != hi:
                comparator = "range"
            else:
                comparator = "lte" if direction == "decrease" else "gte"
        if (comparator, direction) in {("gte", "decrease"), ("lte", "increase")}:
            sheet.error(row, "comparator", msg("comparator_direction",
                                               comparator=choice_label("comparator", comparator),
                                               direction=choice_label("direction", direction)))
            return None, None
        if comparator == "range":
            if lo is None or hi is None:
                sheet.error(row, "target_max" if lo is not None else "target_min",
                            msg("range_needs_both", min_header=min_h, max_header=max_h))
                return None, None
            if lo > hi:
                sheet.error(row, "target_max", msg("range_order", min=_fmt(lo), max=_fmt(hi)))
                return None, None
        else:
            if lo is None and hi is None:
                sheet.error(row, "target_min", msg("target_value_required", min_header=min_h, max_header=max_h))
                return None, None
            if lo is not None and hi is not None and lo != hi:
                sheet.error(row, "comparator", msg("two_values_not_range",
                                                   comparator=choice_label("comparator", comparator)))
                return None, None
            value = lo if lo is not None else hi
            # Stored where progress.TargetSpec.goal reads it: gte/eq → min, lte → max.
            lo, hi = (None, value) if comparator == "lte" else (value, value if comparator == "eq" else None)
        if v.get("kind") in {"avg_growth", "avg_change"} and direction == "decrease":
            for key, bound in (("target_min", lo), ("target_max", hi)):
                if bound is not None and bound > 0:
                    sheet.error(row, key if v.get(key) is not None else "target_min",
                                msg("decrease_sign", value=_fmt(bound)))
                    return None, None
        self._goal = (lo, hi)
        return comparator, direction

    def _check_indicator_row(self, sheet: _SheetReader, row: _Row) -> _IndicatorPlan | None:
        v = row.values
        code = v.get("indicator_code")
        if not code:
            return None
        ok = True
        plan = self.ind_plans.get(code)
        given = {key: v[key] for key, _attr, _w in _INDICATOR_ATTRS if v.get(key) is not None}
        if plan is None:
            existing = self.db_indicators.get(code)
            plan = _IndicatorPlan(code=code, row=row.number, existing=existing, given=given)
            if existing is None:
                if not v.get("indicator_name"):
                    sheet.error(row, "indicator_name", msg("indicator_name_required", code=code))
                    ok = False
                plan.name = v.get("indicator_name") or ""
                plan.unit_of_measure = v.get("unit_of_measure") or ""
                # Blank cells take the usual shape of the target kind: counted units are yes/no
                # figures, a cumulative total adds yearly flows; otherwise a stock (last value).
                kind = v.get("kind")
                plan.value_type = v.get("value_type") or (ValueType.BOOL if kind == "count_units" else ValueType.NUMBER)
                plan.space_aggregation = v.get("space_aggregation") or "sum"
                plan.time_aggregation = v.get("time_aggregation") or ("sum" if kind == "cumulative" else "last")
                plan.decimals = v.get("decimals")
                plan.min_value, plan.max_value = v.get("indicator_min"), v.get("indicator_max")
                if plan.value_type == ValueType.BOOL:
                    plan.min_value = 0.0 if plan.min_value is None else plan.min_value
                    plan.max_value = 1.0 if plan.max_value is None else plan.max_value
                    plan.decimals = 0 if plan.decimals is None else plan.decimals
                if plan.min_value is not None and plan.max_value is not None and plan.min_value > plan.max_value:
                    sheet.error(row, "indicator_max", msg("indicator_range_order", min=_fmt(plan.min_value),
                                                          max=_fmt(plan.max_value)))
                    ok = False
                plan.weight_code = v.get("weight_indicator_code")
                if plan.space_aggregation == "weighted_mean" and not plan.weight_code:
                    sheet.error(row, "weight_indicator_code", msg("weight_required"))
                    ok = False
                if plan.weight_code and plan.weight_code not in self.db_indicators and plan.weight_code != code:
                    # may be declared by another row; checked once all rows are read
                    self._pending_weights.append((sheet, row, plan.weight_code))
            else:
                for key, attr, what in _INDICATOR_ATTRS:
                    if key in given and not _same(key, given[key], getattr(existing, attr)):
                        sheet.error(row, key, msg("indicator_mismatch", code=code, what=what,
                                                  existing=_shown(key, getattr(existing, attr)),
                                                  given=_shown(key, given[key])))
                        ok = False
            self.ind_plans[code] = plan
        else:
            for key, _attr, what in _INDICATOR_ATTRS:
                if key in given and key in plan.given and not _same(key, given[key], plan.given[key]):
                    sheet.error(row, key, msg("indicator_mismatch_rows", code=code, what=what,
                                              given=_shown(key, given[key]),
                                              first=_shown(key, plan.given[key]), first_row=plan.row))
                    ok = False
        return plan if ok else None

    def _check_limits(self, sheet: _SheetReader, row: _Row, key: str, ind: _IndicatorPlan) -> bool:
        value = row.values.get(key)
        if value is None:
            return True
        problem = self._limit_problem(value, ind)
        if problem:
            sheet.error(row, key, problem)
            return False
        return True

    def _limit_problem(self, value: float, ind: _IndicatorPlan) -> str | None:
        lo, hi = ind.limits
        if ind.kind_of_value == ValueType.BOOL and value not in (0.0, 1.0):
            return msg("bool_value", code=ind.code, value=_fmt(value))
        if lo is not None and value < lo:
            return msg("value_below_min", value=_fmt(value), limit=_fmt(lo), code=ind.code)
        if hi is not None and value > hi:
            return msg("value_above_max", value=_fmt(value), limit=_fmt(hi), code=ind.code)
        return None

    def _check_plans(self, sheet: _SheetReader) -> None:
        term = self.term
        existing_codes: set[str] = set()
        if self.existing is not None:
            existing_codes = set(self.existing.targets.values_list("code", flat=True))
        seen: dict[tuple[str, int], int] = {}
        for row in sheet.rows:
            v = row.values
            code, year, value = v.get("target_code"), v.get("year"), v.get("value")
            ok = not row.bad
            if code and code not in self.targets and code not in existing_codes:
                tgt_codes_in_file = self._all_target_codes
                if code not in tgt_codes_in_file:
                    sheet.error(row, "target_code", msg("unknown_target", code=code))
                ok = False
            if term and year is not None and not term[0] <= year <= term[1]:
                sheet.error(row, "year", msg("year_outside_term", year=year, start=term[0], end=term[1]))
                ok = False
            if code and year is not None:
                if (code, year) in seen:
                    sheet.error(row, "year", msg("duplicate_plan", year=year, code=code,
                                                 first_row=seen[(code, year)]))
                    ok = False
                else:
                    seen[(code, year)] = row.number
            target = self.targets.get(code or "")
            if ok and target is not None and value is not None and target.kind != "count_units":
                ind = self.ind_plans.get(target.indicator_code)
                problem = self._limit_problem(value, ind) if ind else None
                if problem:
                    sheet.error(row, "value", problem)
                    ok = False
            if ok and code and year is not None and value is not None:
                self.plans[(code, year)] = (value, row.number)

    def _check_figures(self, sheet: _SheetReader) -> None:
        seen: dict[tuple[str, str, str, str], int] = {}
        for row in sheet.rows:
            v = row.values
            ind_code, unit_code, period = v.get("indicator_code"), v.get("unit_code"), v.get("period")
            kind = v.get("value_kind") or "official"
            ok = not row.bad
            ind = None
            if ind_code:
                ind = self.ind_plans.get(ind_code)
                if ind is None and ind_code in self.db_indicators:
                    ind = self.ind_plans[ind_code] = _IndicatorPlan(
                        code=ind_code, row=row.number, existing=self.db_indicators[ind_code])
                if ind is None:
                    if ind_code not in self._all_indicator_codes:
                        sheet.error(row, "indicator_code", msg("unknown_indicator", code=ind_code))
                    ok = False
            unit = None
            if unit_code:
                span = (periods.start(period), periods.end(period)) if period else None
                try:
                    unit = self._in_scope(self.units.resolve(unit_code, span))
                except _Invalid as exc:
                    sheet.error(row, "unit_code", str(exc))
                    ok = False
                if unit is not None and span is not None and not _exists(unit, *span):
                    sheet.error(row, "unit_code", msg("unit_not_in_period", code=unit_code, name=unit.name,
                                                      period=periods.label(period), validity=_validity(unit)))
                    ok = False
            value = v.get("value")
            if isinstance(value, _BoolWord):
                # "có"/"không", "đạt"/"chưa đạt" are numbers only for yes/no indicators
                if ind is not None and ind.kind_of_value == ValueType.BOOL:
                    value = value.value
                else:
                    sheet.error(row, "value", msg("not_number", value=value.text))
                    ok, value = False, None
            if ind is not None and value is not None:
                problem = self._limit_problem(value, ind)
                if problem:
                    sheet.error(row, "value", problem)
                    ok = False
            if ind_code and unit is not None and period and "value_kind" not in row.bad:
                key = (ind_code, unit.pk, period, kind)
                if key in seen:
                    sheet.error(row, "period", msg("duplicate_value", first_row=seen[key]))
                    ok = False
                else:
                    seen[key] = row.number
            if ok and ind is not None and unit is not None and period and value is not None:
                self.figures[(ind_code, unit.pk, period, kind)] = (value, v.get("note") or "", row.number)

    # Codes mentioned in ChiTieu even on rows with errors, so a bad row is reported once.
    @property
    def _all_target_codes(self) -> set[str]:
        return self._target_codes_seen

    @property
    def _all_indicator_codes(self) -> set[str]:
        return self._indicator_codes_seen

    # --- changes ----------------------------------------------------------------------

    def _compute_changes(self) -> None:
        c = self.result.counts
        res = self.res
        assert res is not None
        existing = self.existing
        fields = {
            "issuer_id": res["issuer"].pk, "issuer_kind": res.get("issuer_kind") or "congress",
            "title": res["title"], "term_start": res["term_start"], "term_end": res["term_end"],
            "adopted_on": res.get("adopted_on"), "parent_id": self.parent.pk if self.parent else None,
            "source": res.get("source") or "", "is_sample": res.get("is_sample") == "yes",
        }
        if existing is None:
            self.result.resolution_action = "created"
        else:
            same = all(getattr(existing, k) == val for k, val in fields.items())
            self.result.resolution_action = "unchanged" if same else "updated"
        self.res_fields = fields

        c["fields_created"] = len(self.new_fields)
        new_inds = [p for p in self.ind_plans.values() if p.existing is None]
        c["indicators_created"] = len(new_inds)

        old_targets = {t.code: t for t in existing.targets.all()} if existing else {}
        self.target_changes: dict[str, dict[str, Any]] = {}
        created = updated = unchanged = 0
        for code, tp in self.targets.items():
            wanted = self._target_fields(tp)
            old = old_targets.get(code)
            if old is None:
                created += 1
            elif all(_eq(getattr(old, k), val) for k, val in wanted.items() if k != "indicator_code"):
                unchanged += 1
                continue
            else:
                updated += 1
            self.target_changes[code] = wanted
        c.update(targets_created=created, targets_updated=updated, targets_unchanged=unchanged)
        self.result.kept_targets = sorted(set(old_targets) - set(self.targets))
        self.old_targets = old_targets

        old_plans: dict[tuple[str, int], AnnualPlan] = {}
        if existing:
            for ap in AnnualPlan.objects.filter(target__resolution=existing).select_related("target"):
                old_plans[(ap.target.code, ap.year)] = ap
        self.plan_changes = {}
        created = updated = unchanged = 0
        for key, (value, _row) in self.plans.items():
            old = old_plans.get(key)
            if old is None:
                created += 1
            elif _eq(old.value, value):
                unchanged += 1
                continue
            else:
                updated += 1
            self.plan_changes[key] = (value, old)
        c.update(plans_created=created, plans_updated=updated, plans_unchanged=unchanged)

        self._compute_figure_changes()

    def _target_fields(self, tp: _TargetPlan) -> dict[str, Any]:
        ind = self.ind_plans[tp.indicator_code]
        return {
            "text": tp.text, "indicator_code": tp.indicator_code,
            "indicator_id": ind.existing.pk if ind.existing else None,
            "kind": tp.kind,
            # a field created by this import never equals a stored id, so the target counts as changed
            "field_id": (self.fields[tp.field_key].pk if tp.field_key in self.fields
                         else ("new", tp.field_key) if tp.field_key else None),
            "scope_unit_id": tp.scope_unit.pk if tp.scope_unit else None,
            "baseline_year": tp.baseline_year, "baseline_value": tp.baseline_value,
            "target_year": tp.target_year, "target_min": tp.target_min, "target_max": tp.target_max,
            "comparator": tp.comparator, "direction": tp.direction, "order": tp.order,
        }

    def _compute_figure_changes(self) -> None:
        from nghiquyet.indicators.models import DataValue

        c = self.result.counts
        known = {code: p.existing.pk for code, p in self.ind_plans.items() if p.existing}
        existing: dict[tuple[int, int, str, str], tuple[float, str]] = {}
        wanted = [k for k in self.figures if k[0] in known]
        by_group: dict[tuple[int, str, str], set[int]] = {}
        for code, unit_id, period, kind in wanted:
            by_group.setdefault((known[code], period, kind), set()).add(unit_id)
        for (ind_id, period, kind), unit_ids in by_group.items():
            ids = sorted(unit_ids)
            for i in range(0, len(ids), 900):
                for dv in DataValue.objects.filter(indicator_id=ind_id, period=period, kind=kind,
                                                   unit_id__in=ids[i:i + 900]).only(
                        "indicator_id", "unit_id", "period", "kind", "value", "note", "status"):
                    existing[(dv.indicator_id, dv.unit_id, dv.period, dv.kind)] = (dv.value, dv.note, dv.status)
        created = updated = unchanged = 0
        self.figure_changes = []
        for key, (value, note, _row) in self.figures.items():
            code, unit_id, period, kind = key
            old = existing.get((known[code], unit_id, period, kind)) if code in known else None
            if old is None:
                created += 1
            elif _eq(old[0], value) and old[1] == note and old[2] == "approved":
                unchanged += 1
                continue
            else:
                updated += 1
            self.figure_changes.append((key, value, note))
        c.update(values_created=created, values_updated=updated, values_unchanged=unchanged)

    # --- writing ----------------------------------------------------------------------

    def _user(self) -> Any:
        return self.user if getattr(self.user, "pk", None) else None

    def _audit(self, obj: Any) -> Any:
        """Name the acting user and the workbook in the object's history (the CLI has no request)."""
        if self._user() is not None:
            obj._history_user = self.user
        obj._change_reason = self.path.name[:100]  # the history column holds 100 characters
        return obj

    @transaction.atomic
    def _write(self) -> None:
        from nghiquyet.core.context import current_ip
        from nghiquyet.indicators.services import ValueInput, write_values

        for code, name in self.new_fields.items():
            self.fields[code] = Field.objects.create(code=code, name=name[:120])
        created_inds: dict[str, Indicator] = {}
        for p in self.ind_plans.values():
            if p.existing is not None:
                continue
            ind = Indicator(
                code=p.code, name=p.name, unit_of_measure=p.unit_of_measure, value_type=p.value_type,
                space_aggregation=p.space_aggregation, time_aggregation=p.time_aggregation,
                min_value=p.min_value, max_value=p.max_value,
                field=self.fields.get(p.field_key) if p.field_key else None,
            )
            if p.decimals is not None:
                ind.decimals = p.decimals
            ind.save()
            created_inds[p.code] = ind
            p.existing = ind
        for code, ind in created_inds.items():
            weight = self.ind_plans[code].weight_code
            if weight:
                ind.weight_indicator = self.ind_plans[weight].existing if weight in self.ind_plans else \
                    self.db_indicators[weight]
                ind.save(update_fields=["weight_indicator"])

        res = self.existing or Resolution(number=self.res["number"])  # type: ignore[index]
        if self.result.resolution_action != "unchanged":
            for k, val in self.res_fields.items():
                setattr(res, k, val)
            self._audit(res).save()
        self.result.resolution = res

        targets = dict(self.old_targets)
        for code, wanted in self.target_changes.items():
            wanted = dict(wanted)
            ind_code = wanted.pop("indicator_code")
            wanted["indicator_id"] = self.ind_plans[ind_code].existing.pk  # type: ignore[union-attr]
            tp = self.targets[code]
            wanted["field_id"] = self.fields[tp.field_key].pk if tp.field_key else None
            target = targets.get(code) or Target(resolution=res, code=code)
            for k, val in wanted.items():
                setattr(target, k, val)
            self._audit(target).save()
            targets[code] = target

        new_plans = []
        for (code, year), (value, old) in self.plan_changes.items():
            if old is None:
                new_plans.append(AnnualPlan(target=targets[code], year=year, value=value))
            else:
                old.value = value
                self._audit(old).save(update_fields=["value"])
        # bulk_create skips the save signals history hangs on: write the history rows with it.
        bulk_create_with_history(
            new_plans, AnnualPlan, default_user=self._user(), default_change_reason=self.path.name[:100],
            custom_historical_attrs={"ip_address": current_ip()},
        )

        items = [
            ValueInput(indicator_id=self.ind_plans[code].existing.pk,  # type: ignore[union-attr]
                       unit_id=unit_id, period=period, value=value, kind=kind, note=note)
            for (code, unit_id, period, kind), value, note in self.figure_changes
        ]
        if items:
            write_values(items, user=self.user, source=self.path.name,
                         is_sample=bool(self.res_fields["is_sample"]))


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return a == b


def import_resolution_workbook(path: str | Path, *, dry_run: bool = False, user: Any = None,
                               allowed_unit: Callable[[OrgUnit], bool] | None = None) -> ImportResult:
    """Validate the workbook at `path` and, when it has no error and `dry_run` is false, import it.

    Returns an ImportResult: `errors` (CellError: sheet, row, column, header, message, all in
    Vietnamese; sorted by sheet, row and column), `counts` of what was (or, in a dry run, would
    be) created/updated/unchanged, and `summary`. On any error nothing is written.

    `allowed_unit`, when given, must accept every unit the file names (issuer, target scopes,
    figure units) and the issuer of an existing resolution with the same number; each refusal
    is an error on its cell. The web passes the user's manage scope; the CLI passes nothing.
    """
    importer = _Importer(Path(path), dry_run=dry_run, user=user, allowed_unit=allowed_unit)
    return importer.run()


def format_errors(errors: Sequence[CellError]) -> list[str]:
    return [str(e) for e in errors]
