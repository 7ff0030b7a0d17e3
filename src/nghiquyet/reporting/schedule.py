"""When a periodic report's figures are collected and when the report is due.

Pure module (no Django import): the date arithmetic of the government reporting regime,
NĐ 09/2019/NĐ-CP, used by the models, the dashboard and the tests.

Cut-off windows (thời gian chốt số liệu), with the default cut-off day 14:

===============  ============================  =======================================
periodicity      period code (periods.py)      figures cover
===============  ============================  =======================================
``month``        ``2026M05``                   15/04/2026 – 14/05/2026
``quarter``      ``2026Q1``                    15/12/2025 – 14/03/2026
``half_year``    ``2026S1`` / ``2026S2``       15/12/2025 – 14/06/2026 / 15/06 – 14/12
``nine_months``  ``2026N9``                    15/12/2025 – 14/09/2026 (provincial rule, [U])
``year``         ``2026``                      15/12/2025 – 14/12/2026
===============  ============================  =======================================

In general a window runs from the day after the cut-off in the month before the period's
first month to the cut-off day of the period's last month. A cut-off day past the end of a
month is clamped to the month's last day, so windows stay contiguous (cut-off 31 gives
calendar months).

Deadline (hạn gửi): each regime sets its own, with at least one working day between the
cut-off and the deadline (NĐ 09/2019, Điều 8 khoản 5); e.g. "within 2 working days after the
cut-off" (Khánh Hòa). `due_date` counts `due_days` after the cut-off, in working days
(Monday–Friday; public holidays are not known here and are not skipped) or in calendar days.

The period *code* names the calendar period the figures describe (periods.py); the window is
when they are collected. Both are stored on a submission.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from nghiquyet.indicators import periods

MONTH = "month"
QUARTER = "quarter"
HALF_YEAR = "half_year"
NINE_MONTHS = "nine_months"
YEAR = "year"
PERIODICITIES: tuple[str, ...] = (MONTH, QUARTER, HALF_YEAR, NINE_MONTHS, YEAR)

# Periodicity of a form → kind of its period codes in indicators.periods.
PERIOD_KIND = {
    MONTH: periods.MONTH, QUARTER: periods.QUARTER, HALF_YEAR: periods.SEMESTER,
    NINE_MONTHS: periods.NINE_MONTHS, YEAR: periods.YEAR,
}
LABELS = {
    MONTH: "Tháng", QUARTER: "Quý", HALF_YEAR: "6 tháng", NINE_MONTHS: "9 tháng", YEAR: "Năm",
}

DEFAULT_CUTOFF_DAY = 14
DEFAULT_DUE_DAYS = 2


@dataclass(frozen=True)
class Schedule:
    period: str  # canonical period code
    start: dt.date  # first day of the cut-off window
    end: dt.date  # cut-off day (last day of the window, inclusive)
    due_on: dt.date  # last day to send the report


def _error(message: str) -> ValueError:
    return ValueError(message)


def check_periodicity(periodicity: str) -> str:
    if periodicity not in PERIOD_KIND:
        raise _error(f"Loại kỳ báo cáo không hợp lệ: {periodicity!r} (tháng, quý, 6 tháng, 9 tháng, năm).")
    return periodicity


def check_cutoff_day(cutoff_day: int) -> int:
    if not isinstance(cutoff_day, int) or isinstance(cutoff_day, bool) or not 1 <= cutoff_day <= 31:
        raise _error(f"Ngày chốt số liệu phải từ 1 đến 31, không phải {cutoff_day!r}.")
    return cutoff_day


MAX_DUE_DAYS = 90


def check_due_days(due_days: int) -> int:
    """Days from the cut-off to the deadline: at least one (NĐ 09/2019, Điều 8), at most 90."""
    if not isinstance(due_days, int) or isinstance(due_days, bool) or not 1 <= due_days <= MAX_DUE_DAYS:
        raise _error(f"Hạn gửi phải sau ngày chốt số liệu từ 1 đến {MAX_DUE_DAYS} ngày, không phải {due_days!r} "
                     "(NĐ 09/2019, Điều 8: ít nhất 1 ngày làm việc).")
    return due_days


def period_matches(periodicity: str, code: str) -> bool:
    """Whether a period code is a period of this periodicity ("2026M05" is monthly)."""
    try:
        return periods.parse(code).kind == PERIOD_KIND[check_periodicity(periodicity)]
    except ValueError:
        return False


def check_period(periodicity: str, code: str) -> str:
    """The canonical code, or ValueError when it is not a period of this periodicity."""
    p = periods.parse(code)
    if p.kind != PERIOD_KIND[check_periodicity(periodicity)]:
        raise _error(
            f"Kỳ {p.code} không phải kỳ báo cáo {LABELS[periodicity].lower()} "
            f"(ví dụ đúng: {example_code(periodicity)})."
        )
    return p.code


def example_code(periodicity: str) -> str:
    return {MONTH: "2026M05", QUARTER: "2026Q2", HALF_YEAR: "2026S1", NINE_MONTHS: "2026N9",
            YEAR: "2026"}[periodicity]


def cutoff_in_month(year: int, month: int, cutoff_day: int) -> dt.date:
    """The cut-off day of a month, clamped to the month's last day (31 → 28/29/30)."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(check_cutoff_day(cutoff_day), last))


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def window(code: str, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> tuple[dt.date, dt.date]:
    """(first day, cut-off day) of the figures a report for period `code` covers."""
    p = periods.parse(code)
    if p.kind == periods.TERM:
        raise _error("Nhiệm kỳ không phải kỳ báo cáo định kỳ.")
    first, last = periods.start(p), periods.end(p)
    start = cutoff_in_month(*_month_before(first.year, first.month), cutoff_day) + dt.timedelta(days=1)
    end = cutoff_in_month(last.year, last.month, cutoff_day)
    return start, end


def add_working_days(day: dt.date, count: int) -> dt.date:
    """`count` working days (Monday–Friday) after `day`; 0 gives `day` itself."""
    if count < 0:
        raise _error("Số ngày phải không âm.")
    current = day
    while count:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def due_date(cutoff: dt.date, due_days: int = DEFAULT_DUE_DAYS, working_days: bool = True) -> dt.date:
    """The deadline: `due_days` working (or calendar) days after the cut-off day."""
    if not isinstance(due_days, int) or due_days < 1:
        raise _error("Hạn gửi phải sau ngày chốt số liệu ít nhất 1 ngày (NĐ 09/2019, Điều 8).")
    if working_days:
        return add_working_days(cutoff, due_days)
    return cutoff + dt.timedelta(days=due_days)


def schedule(
    code: str, cutoff_day: int = DEFAULT_CUTOFF_DAY, due_days: int = DEFAULT_DUE_DAYS,
    working_days: bool = True,
) -> Schedule:
    start, end = window(code, cutoff_day)
    return Schedule(periods.normalize(code), start, end, due_date(end, due_days, working_days))


def is_late(due_on: dt.date, submitted_on: dt.date | None, today: dt.date) -> bool:
    """Late: sent after the deadline, or not sent and the deadline has passed."""
    if submitted_on is not None:
        return submitted_on > due_on
    return today > due_on


def period_containing(day: dt.date, periodicity: str, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> str:
    """The period whose cut-off window contains `day` (16/05 → next month's report: 2026M06).

    Nine-month windows leave a gap (15/09–14/12): a day in it goes to the next year's N9.
    """
    kind = PERIOD_KIND[check_periodicity(periodicity)]
    cutoff_day = check_cutoff_day(cutoff_day)
    if kind == periods.NINE_MONTHS:
        this_year = f"{day.year}N9"  # its window opens on the previous December's cut-off
        return this_year if day <= window(this_year, cutoff_day)[1] else f"{day.year + 1}N9"
    # A window starts before its calendar period and ends inside it, so `day` lies in the
    # window of the calendar period containing it or of the next one.
    candidate = periods.containing(day, kind)
    if day > window(candidate, cutoff_day)[1]:
        candidate = periods.next_period(candidate)
    return candidate


def last_closed_period(today: dt.date, periodicity: str, cutoff_day: int = DEFAULT_CUTOFF_DAY) -> str:
    """The latest period whose cut-off day is before `today`: the report being collected now."""
    code = period_containing(today, periodicity, cutoff_day)
    if window(code, cutoff_day)[1] < today:
        return code
    return periods.previous(code)


def recent_periods(today: dt.date, periodicity: str, count: int = 12,
                   cutoff_day: int = DEFAULT_CUTOFF_DAY) -> list[str]:
    """The `count` latest periods up to the one open on `today`, newest first (for filters)."""
    code = period_containing(today, periodicity, cutoff_day)
    out = [code]
    while len(out) < count:
        code = periods.previous(code)
        out.append(code)
    return out
