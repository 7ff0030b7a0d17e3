"""Arithmetic of posts held over time: durations, overlaps, years, direction of a rotation.

Pure (no Django): the services, pages and exports share these rules, and the table-driven
tests in tests/test_tenure.py pin them down.

Conventions:
* a period runs from `start` to `end` INCLUSIVE (the last day in post, as decisions write
  "đến hết ngày …"); `end` None means still running;
* a duration counts whole calendar months from `start` to the day after `end`; a month is
  complete when the same day-of-month is reached, clamped to the month's length, so
  31/01 → 28/02 (or 29/02 in a leap year) is one month;
* a unit's `valid_to` is the first day it no longer exists, so a post at a commune that merged
  on 01/07/2025 ends at the latest on 30/06/2025 even when no end date was recorded.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# Directions of a rotation or transfer, from the levels of the two units.
DOWN = "down"  # xuống cơ sở: province/district → commune (or any move to a lower level)
UP = "up"  # lên cấp trên: commune → district/province (or any move to a higher level)
SIDEWAYS = "sideways"  # ngang cấp: same level
UNKNOWN = "unknown"  # the origin (or the destination) is not known
DIRECTIONS = (DOWN, UP, SIDEWAYS, UNKNOWN)

# Levels of administrative units (0 = top). A body (Party committee, People's Committee…)
# has the level of the administrative unit it belongs to; callers pass that unit's kind.
LEVELS: dict[str, int] = {
    "nation": 0,
    "province": 1,
    "district": 2,
    "commune": 3, "ward": 3, "township": 3, "special_zone": 3,
    "village": 4, "residential_group": 4,
}


def level_of(kind: str | None) -> int | None:
    """The level of an administrative unit kind; None for a body or an unknown kind."""
    return LEVELS.get(kind or "")


def direction(from_kind: str | None, to_kind: str | None) -> str:
    """Direction of a move between two administrative units, by their kinds.

    The kinds are those the units had at the time of the move: an old commune that later
    merged into a new one is still a commune, and a district abolished in 2025 is still a
    district for a rotation made in 2022.
    """
    a, b = level_of(from_kind), level_of(to_kind)
    if a is None or b is None:
        return UNKNOWN
    if b > a:
        return DOWN
    if b < a:
        return UP
    return SIDEWAYS


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months, clamped to the end of the month (31/01 + 1 → 28/02)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, stop: dt.date) -> int:
    """Whole calendar months from `start` up to `stop` (exclusive); 0 when stop ≤ start."""
    if stop <= start:
        return 0
    months = (stop.year - start.year) * 12 + (stop.month - start.month)
    # One month too many when `stop` has not yet reached start's day-of-month (clamped).
    if add_months(start, months) > stop:
        months -= 1
    return months


def effective_end(end: dt.date | None, unit_valid_to: dt.date | None = None) -> dt.date | None:
    """The last day of a period: its recorded end, cut at the day before the unit ceased to exist."""
    if unit_valid_to is not None:
        last_day = unit_valid_to - dt.timedelta(days=1)
        if end is None or end > last_day:
            return last_day
    return end


def duration_months(start: dt.date, end: dt.date | None, today: dt.date) -> int:
    """Months in post from `start` to `end` inclusive; a running period counts up to `today`."""
    last = end if end is not None and end <= today else today
    return months_between(start, last + dt.timedelta(days=1))


def is_running(end: dt.date | None, today: dt.date) -> bool:
    return end is None or end >= today


def active_on(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    """True when `day` falls inside [start, end] (end None = still running)."""
    return start <= day and (end is None or day <= end)


def overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    """True when two inclusive periods share at least one day."""
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def split_months(months: int) -> tuple[int, int]:
    """27 → (2, 3): years and remaining months, for "2 năm 3 tháng"."""
    return divmod(max(0, months), 12)


def years_spanned(start: dt.date, end: dt.date | None, today: dt.date) -> list[int]:
    """Calendar years a period touches (a running one up to `today`'s year)."""
    last = end if end is not None else today
    if last < start:
        return [start.year]
    return list(range(start.year, last.year + 1))


def group_by_year(items: Iterable[T], start_of: Callable[[T], dt.date]) -> dict[int, list[T]]:
    """Items grouped by the year their period starts, years ascending, order kept inside a year."""
    out: dict[int, list[T]] = {}
    for item in sorted(items, key=lambda i: start_of(i)):
        out.setdefault(start_of(item).year, []).append(item)
    return out


@dataclass(frozen=True)
class YearCount:
    year: int
    counts: dict[str, int]  # direction → count

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def count_by_year(moves: Iterable[tuple[int, str]]) -> list[YearCount]:
    """(year, direction) pairs → one row per year with a count per direction (all directions present)."""
    table: dict[int, dict[str, int]] = {}
    for year, way in moves:
        if way not in DIRECTIONS:
            raise ValueError(f"Hướng luân chuyển không hợp lệ: {way!r}")
        row = table.setdefault(year, dict.fromkeys(DIRECTIONS, 0))
        row[way] += 1
    return [YearCount(year, table[year]) for year in sorted(table)]
