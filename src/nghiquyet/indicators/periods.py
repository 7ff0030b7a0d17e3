"""Reporting periods (kỳ báo cáo): parse, order, contain and label canonical period codes.

Pure module: no Django import, so the target calculus, importers and tests can use it freely.

Canonical codes
---------------
=============  ==============  ===============================================  =========================
code           kind            covers                                           Vietnamese label
=============  ==============  ===============================================  =========================
``2025``       ``year``        01/01/2025 – 31/12/2025                          Năm 2025
``2025S1``     ``semester``    01/01 – 30/06 (``S2``: 01/07 – 31/12)            6 tháng đầu năm 2025
``2025N9``     ``nine_months`` 01/01 – 30/09, cumulative from January           9 tháng năm 2025
``2025Q3``     ``quarter``     01/07 – 30/09                                    Quý III năm 2025
``2025M09``    ``month``       01/09 – 30/09                                    Tháng 9 năm 2025
``2020-2025``  ``term``        01/01/2020 – 31/12/2025 (both end years counted) Nhiệm kỳ 2020–2025
=============  ==============  ===============================================  =========================

Rules
-----
* Parsing is forgiving about case, spaces and a missing leading zero ("2025m9", "2020–2025") but
  every function returns canonical codes; store only canonical codes (``normalize``).
* A term's first year is the congress year, which also closed the previous term: 2015–2020 and
  2020–2025 share 2020. So a term contains every calendar year from its first to its last year,
  and ``previous("2020-2025")`` is ``"2015-2020"``. Terms are 1–10 years long.
* Periods are calendar periods. The statistical cut-off windows of NĐ 09/2019/NĐ-CP (15th of the
  previous month to the 14th) concern when figures are collected, not which period they describe.
* Order (``sort_key``): by end date; on the same end date the shorter period first, so parts come
  before the totals that contain them, as in a report with subtotals:
  ``2025M09 < 2025Q3 < 2025N9 < 2025M10 < … < 2025M12 < 2025Q4 < 2025S2 < 2025 < 2020-2025``.
* Containment (``contains``) is inclusion of date ranges, and is reflexive: the year contains every
  period of that year, ``2025N9`` contains ``2025M01``…``2025M09``, ``2025Q1``…``2025Q3`` and
  ``2025S1``, and a term contains its years and everything in them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

YEAR = "year"
SEMESTER = "semester"
NINE_MONTHS = "nine_months"
QUARTER = "quarter"
MONTH = "month"
TERM = "term"
KINDS: tuple[str, ...] = (YEAR, SEMESTER, NINE_MONTHS, QUARTER, MONTH, TERM)

MIN_YEAR = 1900
MAX_YEAR = 2999
MAX_TERM_YEARS = 10

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_KIND_LABELS = {
    "vi": {
        YEAR: "Năm", SEMESTER: "6 tháng", NINE_MONTHS: "9 tháng", QUARTER: "Quý",
        MONTH: "Tháng", TERM: "Nhiệm kỳ",
    },
    "en": {
        YEAR: "Year", SEMESTER: "Half-year", NINE_MONTHS: "Nine months", QUARTER: "Quarter",
        MONTH: "Month", TERM: "Term",
    },
}

_YEAR_RE = re.compile(r"^(\d{4})$")
_SUB_RE = re.compile(r"^(\d{4})([SNQM])(\d{1,2})$")
_TERM_RE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")


@dataclass(frozen=True, order=False)
class Period:
    """One reporting period. `year` is the (first) year; `index` the semester, quarter or month
    (9 for nine months, None for a year or a term); `end_year` is set for terms only."""

    code: str
    kind: str
    year: int
    index: int | None = None
    end_year: int | None = None

    @property
    def start(self) -> dt.date:
        return _start(self)

    @property
    def end(self) -> dt.date:
        return _end(self)

    @property
    def label(self) -> str:
        return _label(self, "vi")

    def __str__(self) -> str:
        return self.code


def _error(code: object, why: str) -> ValueError:
    return ValueError(f"Mã kỳ báo cáo không hợp lệ: {code!r} ({why}).")


def _check_year(code: object, year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _error(code, f"năm phải từ {MIN_YEAR} đến {MAX_YEAR}")


def parse(code: str | Period) -> Period:
    """Parse a period code; raise ValueError with a Vietnamese message when it is not valid."""
    if isinstance(code, Period):
        return code
    if not isinstance(code, str):
        raise _error(code, "mã phải là chuỗi, ví dụ 2025, 2025S1, 2025N9, 2025Q3, 2025M09, 2020-2025")
    text = code.strip().upper()
    if m := _YEAR_RE.match(text):
        year = int(m.group(1))
        _check_year(code, year)
        return Period(code=f"{year}", kind=YEAR, year=year)
    if m := _SUB_RE.match(text):
        year, letter, index = int(m.group(1)), m.group(2), int(m.group(3))
        _check_year(code, year)
        if letter == "S":
            if index not in (1, 2):
                raise _error(code, "6 tháng phải là S1 (đầu năm) hoặc S2 (cuối năm)")
            return Period(code=f"{year}S{index}", kind=SEMESTER, year=year, index=index)
        if letter == "N":
            if index != 9:
                raise _error(code, "kỳ lũy kế chỉ có N9 (9 tháng)")
            return Period(code=f"{year}N9", kind=NINE_MONTHS, year=year, index=9)
        if letter == "Q":
            if not 1 <= index <= 4:
                raise _error(code, "quý phải từ 1 đến 4")
            return Period(code=f"{year}Q{index}", kind=QUARTER, year=year, index=index)
        if not 1 <= index <= 12:
            raise _error(code, "tháng phải từ 01 đến 12")
        return Period(code=f"{year}M{index:02d}", kind=MONTH, year=year, index=index)
    if m := _TERM_RE.match(text):
        first, last = int(m.group(1)), int(m.group(2))
        _check_year(code, first)
        _check_year(code, last)
        if last <= first:
            raise _error(code, "năm cuối nhiệm kỳ phải sau năm đầu")
        if last - first > MAX_TERM_YEARS:
            raise _error(code, f"nhiệm kỳ dài quá {MAX_TERM_YEARS} năm")
        return Period(code=f"{first}-{last}", kind=TERM, year=first, end_year=last)
    raise _error(code, "dạng đúng: 2025, 2025S1, 2025N9, 2025Q3, 2025M09 hoặc 2020-2025")


def is_valid(code: object) -> bool:
    try:
        parse(code)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def normalize(code: str | Period) -> str:
    """The canonical code: normalize("2025m9") == "2025M09"."""
    return parse(code).code


# --- constructors -------------------------------------------------------------------------


def year_code(y: int) -> str:
    return parse(f"{y:04d}").code


def semester_code(y: int, s: int) -> str:
    return parse(f"{y:04d}S{s}").code


def nine_months_code(y: int) -> str:
    return parse(f"{y:04d}N9").code


def quarter_code(y: int, q: int) -> str:
    return parse(f"{y:04d}Q{q}").code


def month_code(y: int, m: int) -> str:
    if not 1 <= m <= 12:
        raise _error(f"{y}M{m}", "tháng phải từ 01 đến 12")
    return parse(f"{y:04d}M{m:02d}").code


def term_code(first: int, last: int) -> str:
    return parse(f"{first:04d}-{last:04d}").code


# --- dates --------------------------------------------------------------------------------


def _month_range(p: Period) -> tuple[int, int, int, int]:
    """(first year, first month, last year, last month) covered by the period."""
    if p.kind == YEAR:
        return p.year, 1, p.year, 12
    if p.kind == SEMESTER:
        return (p.year, 1, p.year, 6) if p.index == 1 else (p.year, 7, p.year, 12)
    if p.kind == NINE_MONTHS:
        return p.year, 1, p.year, 9
    if p.kind == QUARTER:
        first = 3 * (p.index or 1) - 2
        return p.year, first, p.year, first + 2
    if p.kind == MONTH:
        return p.year, p.index or 1, p.year, p.index or 1
    return p.year, 1, p.end_year or p.year, 12  # term: whole first and last years


def _start(p: Period) -> dt.date:
    y, m, _, _ = _month_range(p)
    return dt.date(y, m, 1)


def _end(p: Period) -> dt.date:
    _, _, y, m = _month_range(p)
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def start(code: str | Period) -> dt.date:
    """First day of the period."""
    return _start(parse(code))


def end(code: str | Period) -> dt.date:
    """Last day of the period (inclusive)."""
    return _end(parse(code))


def sort_key(code: str | Period) -> tuple[int, int]:
    """Chronological by end date; on the same end date the shorter period first (see module doc)."""
    p = parse(code)
    return _end(p).toordinal(), -_start(p).toordinal()


def sort_codes(codes: list[str]) -> list[str]:
    """Canonical codes in `sort_key` order."""
    return [p.code for p in sorted((parse(c) for c in codes), key=sort_key)]


def contains(outer: str | Period, inner: str | Period) -> bool:
    """True when `inner` lies entirely within `outer` (a period contains itself)."""
    o, i = parse(outer), parse(inner)
    return _start(o) <= _start(i) and _end(i) <= _end(o)


def months(code: str | Period) -> list[str]:
    """The month codes the period covers, in order (72 for a 6-year term)."""
    y, m, last_y, last_m = _month_range(parse(code))
    out = []
    while (y, m) <= (last_y, last_m):
        out.append(f"{y}M{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def years(code: str | Period) -> list[int]:
    """The calendar years the period touches: [2020, …, 2025] for 2020-2025."""
    p = parse(code)
    return list(range(_start(p).year, _end(p).year + 1))


def parent_year(code: str | Period) -> str | None:
    """The year a period belongs to ("2025Q3" → "2025"; a year is its own); None for a term."""
    p = parse(code)
    return None if p.kind == TERM else f"{p.year}"


def quarter_of(code: str | Period) -> str | None:
    """The quarter containing a month or a quarter ("2025M08" → "2025Q3"); None for longer periods."""
    p = parse(code)
    if p.kind == MONTH:
        return f"{p.year}Q{((p.index or 1) - 1) // 3 + 1}"
    if p.kind == QUARTER:
        return p.code
    return None


def semester_of(code: str | Period) -> str | None:
    """The half-year containing a month, a quarter or a semester; None for longer periods."""
    p = parse(code)
    if p.kind in (MONTH, QUARTER, SEMESTER):
        _, first_month, _, _ = _month_range(p)
        return f"{p.year}S{1 if first_month <= 6 else 2}"
    return None


def containing(day: dt.date, kind: str) -> str:
    """The period of `kind` that contains `day` (for a term: not defined, raises ValueError)."""
    if kind == YEAR:
        return f"{day.year}"
    if kind == SEMESTER:
        return f"{day.year}S{1 if day.month <= 6 else 2}"
    if kind == NINE_MONTHS:
        if day.month > 9:
            raise ValueError(f"Ngày {day:%d/%m/%Y} không thuộc kỳ 9 tháng nào.")
        return f"{day.year}N9"
    if kind == QUARTER:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if kind == MONTH:
        return f"{day.year}M{day.month:02d}"
    raise ValueError(f"Không xác định được kỳ loại {kind!r} chứa một ngày.")


def _shift(p: Period, steps: int) -> str:
    if p.kind == YEAR:
        return year_code(p.year + steps)
    if p.kind == NINE_MONTHS:
        return nine_months_code(p.year + steps)
    if p.kind == TERM:
        span = (p.end_year or p.year) - p.year
        return term_code(p.year + steps * span, (p.end_year or p.year) + steps * span)
    per_year = {SEMESTER: 2, QUARTER: 4, MONTH: 12}[p.kind]
    n = p.year * per_year + (p.index or 1) - 1 + steps
    y, i = divmod(n, per_year)
    return {SEMESTER: semester_code, QUARTER: quarter_code, MONTH: month_code}[p.kind](y, i + 1)


def previous(code: str | Period) -> str:
    """The period of the same kind one step back: 2025Q1 → 2024Q4, 2020-2025 → 2015-2020."""
    return _shift(parse(code), -1)


def next_period(code: str | Period) -> str:
    """The period of the same kind one step ahead: 2025M12 → 2026M01, 2020-2025 → 2025-2030."""
    return _shift(parse(code), 1)


def periods_between(a: str | Period, b: str | Period, kind: str | None = None) -> list[str]:
    """Every period of `kind` (default: the kind of `a`) lying within start(a)…end(b), in order.

    periods_between("2020", "2025") → 2020…2025; periods_between("2025", "2025", "quarter") →
    the four quarters. Empty when `b` ends before `a` starts. Terms cannot be enumerated.
    """
    pa, pb = parse(a), parse(b)
    kind = kind or pa.kind
    if kind not in KINDS:
        raise ValueError(f"Loại kỳ không hợp lệ: {kind!r}.")
    if kind == TERM:
        raise ValueError("Không liệt kê được các nhiệm kỳ trong một khoảng thời gian.")
    lo, hi = _start(pa), _end(pb)
    out: list[str] = []
    for y in range(lo.year, hi.year + 1):
        if kind == YEAR:
            candidates = [year_code(y)]
        elif kind == SEMESTER:
            candidates = [semester_code(y, 1), semester_code(y, 2)]
        elif kind == NINE_MONTHS:
            candidates = [nine_months_code(y)]
        elif kind == QUARTER:
            candidates = [quarter_code(y, q) for q in range(1, 5)]
        else:
            candidates = [month_code(y, m) for m in range(1, 13)]
        out.extend(c for c in candidates if lo <= start(c) and end(c) <= hi)
    return out


# --- labels -------------------------------------------------------------------------------


def kind_label(kind: str, lang: str = "vi") -> str:
    """'Năm', '6 tháng', '9 tháng', 'Quý', 'Tháng', 'Nhiệm kỳ'."""
    try:
        return _KIND_LABELS[lang][kind]
    except KeyError:
        raise ValueError(f"Loại kỳ không hợp lệ: {kind!r}.") from None


def _label(p: Period, lang: str) -> str:
    if lang == "en":
        if p.kind == YEAR:
            return f"Year {p.year}"
        if p.kind == SEMESTER:
            return f"{'First' if p.index == 1 else 'Second'} half of {p.year}"
        if p.kind == NINE_MONTHS:
            return f"Nine months of {p.year}"
        if p.kind == QUARTER:
            return f"Q{p.index} {p.year}"
        if p.kind == MONTH:
            return f"{calendar.month_name[p.index or 1]} {p.year}"
        return f"Term {p.year}–{p.end_year}"
    if p.kind == YEAR:
        return f"Năm {p.year}"
    if p.kind == SEMESTER:
        return f"6 tháng {'đầu' if p.index == 1 else 'cuối'} năm {p.year}"
    if p.kind == NINE_MONTHS:
        return f"9 tháng năm {p.year}"
    if p.kind == QUARTER:
        return f"Quý {ROMAN[p.index or 1]} năm {p.year}"
    if p.kind == MONTH:
        return f"Tháng {p.index} năm {p.year}"
    return f"Nhiệm kỳ {p.year}–{p.end_year}"


def label(code: str | Period, lang: str = "vi") -> str:
    """Vietnamese label ("Quý III năm 2025"); lang="en" gives the English one ("Q3 2025")."""
    if lang not in _KIND_LABELS:
        raise ValueError(f"Ngôn ngữ không hỗ trợ: {lang!r}.")
    return _label(parse(code), lang)
