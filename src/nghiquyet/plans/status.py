"""Task status from dates, in the Government's vocabulary. Pure: no Django, no ORM.

Basis: Quy chế theo dõi, đôn đốc việc thực hiện nhiệm vụ (QĐ 42/2014/QĐ-TTg, sửa đổi bởi
QĐ 23/2018/QĐ-TTg). A task is either done — on time or late — or not done — within its
deadline or overdue. See docs/tasks.md.

Statuses
--------
=================  ===========================  ==============================================
status             label (vi)                   when
=================  ===========================  ==============================================
``in_progress``    Đang thực hiện trong hạn     not done, today ≤ deadline (this includes tasks
                                                not started yet, "chưa đến hạn": the Government
                                                report has no separate column for them)
``overdue``        Quá hạn                      not done, today > deadline
``done_on_time``   Hoàn thành đúng hạn          done on or before the deadline (the deadline
                                                day itself is on time)
``done_late``      Hoàn thành quá hạn           done after the deadline
``ongoing``        Thường xuyên                 no deadline ("thường xuyên", or none given):
                                                never overdue; counted as in progress
=================  ===========================  ==============================================

The deadline is the *effective* deadline: the original one, or the new deadline of the latest
approved extension (a refused or pending request changes nothing).

Recurring tasks (monthly, quarterly, yearly) yield one occurrence per period, with the period
codes of `indicators.periods` ("2026M02", "2026Q1", "2026"). An occurrence's deadline is day
`due_day` of the period's last month (clamped to the month's length: 31 → 28/29 February,
30 April…), or the period's last day when `due_day` is not set. The first occurrence is the
first period whose deadline falls on or after the day the task was assigned; occurrences run
up to the period containing `today`, and not past the recurrence's end date.

Counts follow the Government's task report: total, done on time, done late, in progress
within the deadline, overdue; the rates are over tasks *already due*, i.e. done ÷ (done +
overdue): 2017's 16,051 done over 16,051 + 223 overdue = 98.62%.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from nghiquyet.indicators import periods

IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
ONGOING = "ongoing"

# Display order: what needs attention first ("quá hạn" on top of every list).
STATUSES: tuple[str, ...] = (OVERDUE, IN_PROGRESS, ONGOING, DONE_LATE, DONE_ON_TIME)
DONE_STATUSES = frozenset({DONE_ON_TIME, DONE_LATE})
OPEN_STATUSES = frozenset({IN_PROGRESS, OVERDUE, ONGOING})

# The Government's words (the UI translates the English msgids to the same words).
LABELS_VI: dict[str, str] = {
    IN_PROGRESS: "Đang thực hiện trong hạn",
    OVERDUE: "Quá hạn",
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    ONGOING: "Thường xuyên",
}
CSS_CLASSES: dict[str, str] = {
    IN_PROGRESS: "task-in-progress",
    OVERDUE: "task-overdue",
    DONE_ON_TIME: "task-done-on-time",
    DONE_LATE: "task-done-late",
    ONGOING: "task-ongoing",
}

NONE = "none"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
YEARLY = "yearly"
RECURRING_ONGOING = "ongoing"
PERIODIC = frozenset({MONTHLY, QUARTERLY, YEARLY})
_PERIOD_KIND = {MONTHLY: periods.MONTH, QUARTERLY: periods.QUARTER, YEARLY: periods.YEAR}

DUE_SOON_DAYS = 7
# Safety bound: a monthly task over 100 years is a data error, not 1,200 occurrences.
MAX_OCCURRENCES = 600


def effective_deadline(deadline: dt.date | None, approved: Iterable[dt.date | None] = ()) -> dt.date | None:
    """The deadline after extensions: the latest new deadline among the *approved* ones.

    Pass only approved extensions' new deadlines; refused and pending ones do not count.
    """
    latest = [d for d in approved if d is not None]
    if not latest:
        return deadline
    return max(latest)


def task_status(
    deadline: dt.date | None, completed_on: dt.date | None, today: dt.date, *, ongoing: bool = False,
) -> str:
    """The status of one task (or one occurrence) on `today`.

    `deadline` is the effective deadline (see `effective_deadline`); None or `ongoing` means
    a task without a deadline ("thường xuyên"), which is never overdue.
    """
    if completed_on is not None:
        if ongoing or deadline is None or completed_on <= deadline:
            return DONE_ON_TIME
        return DONE_LATE
    if ongoing or deadline is None:
        return ONGOING
    return IN_PROGRESS if today <= deadline else OVERDUE


def days_late(deadline: dt.date | None, completed_on: dt.date | None, today: dt.date) -> int:
    """Days past the deadline: of the completion if done, of today if not; 0 when not late."""
    if deadline is None:
        return 0
    end = completed_on or today
    return max(0, (end - deadline).days)


def is_due_soon(
    deadline: dt.date | None, completed_on: dt.date | None, today: dt.date, days: int = DUE_SOON_DAYS,
) -> bool:
    """Not done and due within `days` days from today (today included)."""
    if completed_on is not None or deadline is None:
        return False
    return today <= deadline <= today + dt.timedelta(days=days)


# --------------------------------------------------------------------------- recurrence


@dataclass(frozen=True)
class Occurrence:
    period: str
    start: dt.date
    end: dt.date
    deadline: dt.date

    @property
    def label(self) -> str:
        return periods.label(self.period)


def occurrence_deadline(period: str, due_day: int | None = None) -> dt.date:
    """Day `due_day` of the period's last month (clamped), or the period's last day."""
    last = periods.end(period)
    if not due_day:
        return last
    if not 1 <= due_day <= 31:
        raise ValueError(f"Ngày đến hạn phải từ 1 đến 31, không phải {due_day}.")
    return last.replace(day=min(due_day, calendar.monthrange(last.year, last.month)[1]))


def occurrences(
    recurrence: str, assigned_on: dt.date, today: dt.date, *,
    until: dt.date | None = None, due_day: int | None = None,
) -> list[Occurrence]:
    """The occurrences of a periodic task from its assignment to the period containing `today`.

    `until` ends the recurrence (no period starting after it). Non-periodic kinds → [].
    """
    if recurrence not in PERIODIC:
        return []
    kind = _PERIOD_KIND[recurrence]
    if until is not None and until < assigned_on:
        return []
    last_day = max(assigned_on, today if until is None else min(today, until))
    code = periods.containing(assigned_on, kind)
    last_key = periods.sort_key(periods.containing(last_day, kind))
    out: list[Occurrence] = []
    # Up to the period containing `last_day`; always at least the first occurrence, even when
    # it falls in the next period (assigned on the 20th, due on the 15th of each month).
    while periods.sort_key(code) <= last_key or not out:
        deadline = occurrence_deadline(code, due_day)
        if deadline >= assigned_on:
            if until is not None and periods.start(code) > until:
                break
            out.append(Occurrence(code, periods.start(code), periods.end(code), deadline))
        if len(out) > MAX_OCCURRENCES:
            raise ValueError("Quá nhiều kỳ lặp lại: kiểm tra ngày giao và ngày kết thúc.")
        code = periods.next_period(code)
    return out[:MAX_OCCURRENCES]


@dataclass(frozen=True)
class OccurrenceStatus:
    occurrence: Occurrence
    completed_on: dt.date | None
    status: str


def occurrence_statuses(
    items: Iterable[Occurrence], completions: dict[str, dt.date | None], today: dt.date,
) -> list[OccurrenceStatus]:
    """Each occurrence with its status, from period code → completion date."""
    return [
        OccurrenceStatus(o, completions.get(o.period), task_status(o.deadline, completions.get(o.period), today))
        for o in items
    ]


def summary_status(statuses: Iterable[str]) -> str:
    """One status for a recurring task from its occurrences' statuses.

    Overdue if any occurrence is overdue; in progress while one is open; done late if any was
    late, else done on time; no occurrence yet → in progress.
    """
    seen = set(statuses)
    for status in (OVERDUE, IN_PROGRESS, ONGOING):
        if status in seen:
            return status
    if DONE_LATE in seen:
        return DONE_LATE
    if DONE_ON_TIME in seen:
        return DONE_ON_TIME
    return IN_PROGRESS


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class Counts:
    """The columns of the Government's task report. `in_progress` includes "thường xuyên"."""

    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def due(self) -> int:
        """Tasks already due: done (whenever) plus overdue ones — the denominator of the rates."""
        return self.done + self.overdue

    def _rate(self, n: int) -> float | None:
        return n / self.due if self.due else None

    @property
    def done_rate(self) -> float | None:
        return self._rate(self.done)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.done_on_time)

    @property
    def overdue_rate(self) -> float | None:
        return self._rate(self.overdue)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.total + other.total, self.done_on_time + other.done_on_time,
            self.done_late + other.done_late, self.in_progress + other.in_progress,
            self.overdue + other.overdue,
        )


def count(statuses: Iterable[str]) -> Counts:
    """Count statuses into the report's columns (one item per task or per occurrence)."""
    tally = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        if status not in tally:
            raise ValueError(f"Trạng thái nhiệm vụ không hợp lệ: {status!r}")
        tally[status] += 1
    return Counts(
        total=sum(tally.values()), done_on_time=tally[DONE_ON_TIME], done_late=tally[DONE_LATE],
        in_progress=tally[IN_PROGRESS] + tally[ONGOING], overdue=tally[OVERDUE],
    )


def sort_key(status: str, deadline: dt.date | None) -> tuple[int, dt.date]:
    """Lists: overdue first (oldest deadline first), then by status order and deadline."""
    return (STATUSES.index(status), deadline or dt.date.max)
