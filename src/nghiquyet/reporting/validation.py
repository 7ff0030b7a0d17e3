"""Checks of the figures a unit enters on a reporting form.

Pure module (no Django import): the web form, the Excel upload, the API and the tests all run
the same checks on plain data.

* Value type and range, from the indicator: a count or yes/no is a whole number ≥ 0, yes/no is
  0 or 1, a percent lies in 0–100 unless the indicator sets its own bounds; `min_value` /
  `max_value` bound every type.
* Rules across indicators on the same form: "hộ nghèo ≤ tổng số hộ" (left comparator right),
  checked when both figures are present.
* A warning, never a block, when a figure changes by more than a threshold (percent) against
  the previous period's figure. A previous figure of 0 gives no warning: the change has no
  percentage, and flows such as "new OCOP products" go from 0 to a few all the time.
* Required items block a submission, not a draft.

Messages are Vietnamese and name the indicator, so they read the same on the page and in an
upload's error list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

COMPARATORS = {
    "lte": ("≤", lambda a, b: a <= b + _EPS),
    "gte": ("≥", lambda a, b: a + _EPS >= b),
    "eq": ("=", lambda a, b: abs(a - b) <= _EPS),
    "lt": ("<", lambda a, b: a < b),
    "gt": (">", lambda a, b: a > b),
}
_EPS = 1e-9
INTEGER_TYPES = {"count", "bool"}


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    code: str
    name: str
    value_type: str = "number"
    min_value: float | None = None
    max_value: float | None = None
    decimals: int = 1
    unit_of_measure: str = ""

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        lo, hi = self.min_value, self.max_value
        if self.value_type in INTEGER_TYPES and lo is None:
            lo = 0.0
        if self.value_type == "bool":
            lo = 0.0 if lo is None else lo
            hi = 1.0 if hi is None else hi
        if self.value_type == "percent":
            lo = 0.0 if lo is None else lo
            hi = 100.0 if hi is None else hi
        return lo, hi


@dataclass(frozen=True)
class Rule:
    left_id: int
    comparator: str
    right_id: int
    message: str = ""


@dataclass
class Outcome:
    """Errors block the write; warnings are shown and do not. Keys are indicator ids
    (None for a message about the whole form)."""

    errors: dict[int | None, list[str]] = field(default_factory=dict)
    warnings: dict[int, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, key: int | None, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def warn(self, key: int, message: str) -> None:
        self.warnings.setdefault(key, []).append(message)

    def error_list(self) -> list[str]:
        return [m for messages in self.errors.values() for m in messages]


def format_number(value: float | None, decimals: int = 2) -> str:
    """1234.5 → "1.234,5" (Vietnamese separators), trailing zeros dropped."""
    if value is None:
        return "—"
    text = f"{value:,.{max(decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d+)*)?([.,]\d+)?$")
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


class ParseError(ValueError):
    pass


def parse_number(raw: object) -> float | None:
    """A figure typed by a person or read from a cell; None for blank.

    Accepts "1234.5", "1.234,5" (Vietnamese), "1,234.5", "12,5". With a single kind of
    separator: a comma is the decimal mark; dots in groups of three ("1.234.567") are thousands,
    as the pages print them, otherwise a dot is the decimal mark ("2.5").
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, (int, float)):
        value = float(raw)
        if math.isnan(value) or math.isinf(value):
            raise ParseError("Giá trị không phải là số hữu hạn.")
        return value
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if text in ("", "-", "—"):
        return None
    if not _NUMBER_RE.match(text) or not any(ch.isdigit() for ch in text):
        raise ParseError(f"“{raw}” không phải là số.")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        if text.count(",") > 1:
            raise ParseError(f"“{raw}” không phải là số (nhiều dấu phẩy).")
        text = text.replace(",", ".")
    elif _GROUPED_DOTS.match(text):
        text = text.replace(".", "")
    elif text.count(".") > 1:
        raise ParseError(f"“{raw}” không phải là số (nhiều dấu chấm).")
    return float(text)


def check_value(spec: IndicatorSpec, value: float) -> list[str]:
    """Type and range problems of one figure (empty when fine)."""
    problems: list[str] = []
    if math.isnan(value) or math.isinf(value):
        return ["Giá trị không phải là số hữu hạn."]
    if spec.value_type in INTEGER_TYPES and abs(value - round(value)) > _EPS:
        problems.append("Phải là số nguyên." if spec.value_type == "count" else "Chỉ nhận 0 (không) hoặc 1 (có).")
        return problems
    if spec.value_type == "bool" and value not in (0, 1):
        return ["Chỉ nhận 0 (không) hoặc 1 (có)."]
    lo, hi = spec.bounds
    unit = f" {spec.unit_of_measure}" if spec.unit_of_measure else ""
    if lo is not None and value < lo - _EPS:
        problems.append(f"Không được nhỏ hơn {format_number(lo)}{unit}.")
    if hi is not None and value > hi + _EPS:
        problems.append(f"Không được lớn hơn {format_number(hi)}{unit}.")
    return problems


def check_rule(rule: Rule, values: Mapping[int, float | None], specs: Mapping[int, IndicatorSpec]) -> str | None:
    """The rule's message when both sides are present and it fails, else None."""
    left, right = values.get(rule.left_id), values.get(rule.right_id)
    if left is None or right is None:
        return None
    symbol, test = COMPARATORS[rule.comparator]
    if test(left, right):
        return None
    left_spec, right_spec = specs.get(rule.left_id), specs.get(rule.right_id)
    left_name = left_spec.name if left_spec else str(rule.left_id)
    right_name = right_spec.name if right_spec else str(rule.right_id)
    detail = f"{left_name} ({format_number(left)}) phải {symbol} {right_name} ({format_number(right)})"
    return f"{rule.message}: {detail}." if rule.message else f"{detail}."


def change_warning(value: float | None, previous: float | None, threshold_percent: float | None) -> str | None:
    """A warning when `value` differs from `previous` by more than the threshold (percent)."""
    if value is None or previous is None or not threshold_percent or previous == 0:
        return None
    change = (value - previous) / abs(previous) * 100
    if abs(change) <= threshold_percent + _EPS:
        return None
    direction = "tăng" if change > 0 else "giảm"
    return (
        f"Cảnh báo: {direction} {format_number(abs(change), 1)}% so với kỳ trước "
        f"({format_number(previous)}); kiểm tra lại nếu không đúng."
    )


def validate(
    specs: Mapping[int, IndicatorSpec],
    values: Mapping[int, float | None],
    *,
    rules: Iterable[Rule] = (),
    required: Iterable[int] = (),
    previous: Mapping[int, float | None] | None = None,
    threshold_percent: float | None = None,
    for_submit: bool = False,
) -> Outcome:
    """Check a unit's figures for one form and period.

    `values` maps indicator ids to the figures as they will stand (None = empty). Figures for
    indicators not on the form are errors. Required items must be filled for a submission.
    """
    out = Outcome()
    for ind_id, value in values.items():
        spec = specs.get(ind_id)
        if spec is None:
            out.error(None, f"Chỉ số mã {ind_id} không có trong biểu mẫu này.")
            continue
        if value is None:
            continue
        for problem in check_value(spec, value):
            out.error(ind_id, problem)
    if for_submit:
        for ind_id in required:
            if values.get(ind_id) is None and ind_id in specs:
                out.error(ind_id, "Bắt buộc nhập trước khi gửi báo cáo.")
    for rule in rules:
        if rule.left_id in out.errors or rule.right_id in out.errors:
            continue  # a figure already wrong on its own says enough
        message = check_rule(rule, values, specs)
        if message:
            out.error(rule.left_id, message)
    if previous:
        for ind_id, value in values.items():
            if ind_id in out.errors or ind_id not in specs:
                continue
            message = change_warning(value, previous.get(ind_id), threshold_percent)
            if message:
                out.warn(ind_id, message)
    return out
