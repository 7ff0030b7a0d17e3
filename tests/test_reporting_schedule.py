"""Cut-off windows and deadlines of the reporting regime (reporting/schedule.py, pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from nghiquyet.reporting import schedule

D = dt.date


@pytest.mark.parametrize(
    ("code", "cutoff", "start", "end"),
    [
        # month: 15th of the previous month → 14th of the reporting month
        ("2026M05", 14, D(2026, 4, 15), D(2026, 5, 14)),
        ("2026M01", 14, D(2025, 12, 15), D(2026, 1, 14)),  # January crosses the year
        ("2026M12", 14, D(2026, 11, 15), D(2026, 12, 14)),
        # quarter: 15th of the month before the quarter → 14th of its last month
        ("2026Q1", 14, D(2025, 12, 15), D(2026, 3, 14)),
        ("2026Q3", 14, D(2026, 6, 15), D(2026, 9, 14)),
        ("2026Q4", 14, D(2026, 9, 15), D(2026, 12, 14)),
        # six months, nine months, year: from 15/12 of the previous year
        ("2026S1", 14, D(2025, 12, 15), D(2026, 6, 14)),
        ("2026S2", 14, D(2026, 6, 15), D(2026, 12, 14)),
        ("2026N9", 14, D(2025, 12, 15), D(2026, 9, 14)),
        ("2026", 14, D(2025, 12, 15), D(2026, 12, 14)),
        # cut-off 31 clamps to the month's end: calendar periods, leap years included
        ("2024M02", 31, D(2024, 2, 1), D(2024, 2, 29)),
        ("2025M02", 31, D(2025, 2, 1), D(2025, 2, 28)),
        ("2025M03", 31, D(2025, 3, 1), D(2025, 3, 31)),
        ("2025M05", 30, D(2025, 5, 1), D(2025, 5, 30)),  # April has 30 days: from 01/05
        ("2024M03", 30, D(2024, 3, 1), D(2024, 3, 30)),  # February 2024 clamps to the 29th
        ("2025", 31, D(2025, 1, 1), D(2025, 12, 31)),
        ("2026M03", 29, D(2026, 3, 1), D(2026, 3, 29)),  # 29/02 does not exist in 2026
        ("2024M03", 29, D(2024, 3, 1), D(2024, 3, 29)),  # …but does in 2024: from 01/03
    ],
)
def test_window(code, cutoff, start, end):
    assert schedule.window(code, cutoff) == (start, end)


def test_consecutive_months_are_contiguous():
    for cutoff in (1, 14, 28, 29, 30, 31):
        code = "2023M01"
        for _ in range(30):
            nxt = schedule.periods.next_period(code)
            assert schedule.window(nxt, cutoff)[0] == schedule.window(code, cutoff)[1] + dt.timedelta(days=1)
            code = nxt


@pytest.mark.parametrize(
    ("cutoff", "days", "working", "due"),
    [
        (D(2026, 5, 14), 2, True, D(2026, 5, 18)),  # Thursday + 2 working days = Monday
        (D(2026, 5, 14), 2, False, D(2026, 5, 16)),  # calendar days: Saturday
        (D(2026, 11, 14), 2, True, D(2026, 11, 17)),  # cut-off on a Saturday
        (D(2026, 11, 13), 1, True, D(2026, 11, 16)),  # Friday + 1 = Monday
        (D(2026, 12, 14), 5, True, D(2026, 12, 21)),
        (D(2025, 12, 31), 3, False, D(2026, 1, 3)),  # across the year
    ],
)
def test_due_date(cutoff, days, working, due):
    assert schedule.due_date(cutoff, days, working) == due


def test_due_needs_at_least_one_day():
    with pytest.raises(ValueError, match="ít nhất 1 ngày"):
        schedule.due_date(D(2026, 5, 14), 0)


def test_schedule_combines_window_and_due():
    s = schedule.schedule("2026M05", 14, 2, True)
    assert (s.period, s.start, s.end, s.due_on) == ("2026M05", D(2026, 4, 15), D(2026, 5, 14), D(2026, 5, 18))
    assert schedule.schedule("2026m5").period == "2026M05"


@pytest.mark.parametrize(
    ("due", "sent", "today", "late"),
    [
        (D(2026, 5, 18), D(2026, 5, 18), D(2026, 6, 1), False),  # on the due day: on time
        (D(2026, 5, 18), D(2026, 5, 19), D(2026, 6, 1), True),
        (D(2026, 5, 18), None, D(2026, 5, 18), False),
        (D(2026, 5, 18), None, D(2026, 5, 19), True),
    ],
)
def test_is_late(due, sent, today, late):
    assert schedule.is_late(due, sent, today) is late


@pytest.mark.parametrize(
    ("day", "periodicity", "period", "closed"),
    [
        (D(2026, 5, 14), "month", "2026M05", "2026M04"),
        (D(2026, 5, 15), "month", "2026M06", "2026M05"),
        (D(2026, 12, 20), "month", "2027M01", "2026M12"),
        (D(2026, 1, 3), "month", "2026M01", "2025M12"),
        (D(2026, 3, 20), "quarter", "2026Q2", "2026Q1"),
        (D(2025, 12, 20), "quarter", "2026Q1", "2025Q4"),
        (D(2026, 6, 20), "half_year", "2026S2", "2026S1"),
        (D(2026, 12, 16), "half_year", "2027S1", "2026S2"),
        (D(2026, 12, 16), "year", "2027", "2026"),
        (D(2026, 9, 10), "nine_months", "2026N9", "2025N9"),
        (D(2026, 10, 1), "nine_months", "2027N9", "2026N9"),
    ],
)
def test_period_containing_and_last_closed(day, periodicity, period, closed):
    assert schedule.period_containing(day, periodicity) == period
    assert schedule.last_closed_period(day, periodicity) == closed


def test_recent_periods_newest_first():
    assert schedule.recent_periods(D(2026, 2, 20), "month", 3) == ["2026M03", "2026M02", "2026M01"]


@pytest.mark.parametrize(
    ("periodicity", "code", "ok"),
    [("month", "2026M05", True), ("month", "2026Q2", False), ("quarter", "2026Q2", True),
     ("half_year", "2026S2", True), ("nine_months", "2026N9", True), ("year", "2026", True),
     ("year", "2020-2025", False), ("month", "rubbish", False)],
)
def test_period_matches(periodicity, code, ok):
    assert schedule.period_matches(periodicity, code) is ok


def test_bad_inputs_are_refused_in_vietnamese():
    with pytest.raises(ValueError, match="không phải kỳ báo cáo tháng"):
        schedule.check_period("month", "2026Q1")
    with pytest.raises(ValueError, match="Ngày chốt"):
        schedule.window("2026M05", 0)
    with pytest.raises(ValueError, match="Loại kỳ"):
        schedule.check_periodicity("week")
