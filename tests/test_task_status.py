"""plans/status.py: task status on every side of its deadline, occurrences, counts (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from nghiquyet.plans import status as s

D = dt.date
DL = D(2026, 3, 31)  # a deadline


@pytest.mark.parametrize(
    ("deadline", "completed", "today", "expected"),
    [
        # not done
        (DL, None, D(2026, 3, 1), s.IN_PROGRESS),  # well before
        (DL, None, D(2026, 3, 30), s.IN_PROGRESS),  # the day before
        (DL, None, D(2026, 3, 31), s.IN_PROGRESS),  # on the deadline day: still within
        (DL, None, D(2026, 4, 1), s.OVERDUE),  # the day after
        (DL, None, D(2027, 1, 1), s.OVERDUE),
        # done
        (DL, D(2026, 3, 30), D(2026, 3, 30), s.DONE_ON_TIME),  # the day before
        (DL, D(2026, 3, 31), D(2026, 3, 31), s.DONE_ON_TIME),  # ON the deadline day = on time
        (DL, D(2026, 3, 31), D(2026, 6, 1), s.DONE_ON_TIME),  # looked at later: still on time
        (DL, D(2026, 4, 1), D(2026, 4, 1), s.DONE_LATE),  # one day late
        (DL, D(2026, 5, 2), D(2026, 4, 1), s.DONE_LATE),  # completion after "today" (data as given)
        (DL, D(2025, 1, 1), D(2026, 1, 1), s.DONE_ON_TIME),  # done early
        # no deadline
        (None, None, D(2030, 1, 1), s.ONGOING),
        (None, D(2026, 1, 5), D(2030, 1, 1), s.DONE_ON_TIME),
    ],
)
def test_task_status(deadline, completed, today, expected):
    assert s.task_status(deadline, completed, today) == expected


@pytest.mark.parametrize(
    ("completed", "today", "expected"),
    [(None, D(2099, 1, 1), s.ONGOING), (D(2026, 5, 1), D(2026, 6, 1), s.DONE_ON_TIME)],
)
def test_ongoing_task_is_never_overdue(completed, today, expected):
    # "Thường xuyên": even with a (stale) deadline, never overdue.
    assert s.task_status(D(2020, 1, 1), completed, today, ongoing=True) == expected


@pytest.mark.parametrize(
    ("approved", "today", "completed", "expected_deadline", "expected"),
    [
        ([], D(2026, 4, 10), None, DL, s.OVERDUE),
        ([D(2026, 4, 30)], D(2026, 4, 10), None, D(2026, 4, 30), s.IN_PROGRESS),  # extension approved
        ([D(2026, 4, 30)], D(2026, 4, 30), None, D(2026, 4, 30), s.IN_PROGRESS),  # new deadline day
        ([D(2026, 4, 30)], D(2026, 5, 1), None, D(2026, 4, 30), s.OVERDUE),  # past the new deadline
        ([D(2026, 4, 30)], D(2026, 5, 1), D(2026, 4, 30), D(2026, 4, 30), s.DONE_ON_TIME),
        ([D(2026, 4, 30)], D(2026, 5, 1), D(2026, 4, 15), D(2026, 4, 30), s.DONE_ON_TIME),  # late vs original
        ([D(2026, 4, 30), D(2026, 6, 30)], D(2026, 6, 1), None, D(2026, 6, 30), s.IN_PROGRESS),  # two extensions
        ([None], D(2026, 4, 10), None, DL, s.OVERDUE),
    ],
)
def test_extension_moves_the_deadline(approved, today, completed, expected_deadline, expected):
    deadline = s.effective_deadline(DL, approved)
    assert deadline == expected_deadline
    assert s.task_status(deadline, completed, today) == expected


def test_refused_extension_does_not_move_it():
    # Callers pass only approved deadlines: a refused request is simply not in the list.
    assert s.effective_deadline(DL, []) == DL
    assert s.task_status(s.effective_deadline(DL, []), D(2026, 4, 15), D(2026, 4, 15)) == s.DONE_LATE


@pytest.mark.parametrize(
    ("deadline", "completed", "today", "soon"),
    [
        (D(2026, 12, 5), None, D(2026, 11, 28), True),  # 7 days ahead: included
        (D(2026, 12, 6), None, D(2026, 11, 28), False),  # 8 days
        (D(2026, 11, 28), None, D(2026, 11, 28), True),  # today
        (D(2026, 11, 27), None, D(2026, 11, 28), False),  # overdue, not "soon"
        (D(2026, 12, 1), D(2026, 11, 20), D(2026, 11, 28), False),  # done
        (None, None, D(2026, 11, 28), False),
    ],
)
def test_due_soon(deadline, completed, today, soon):
    assert s.is_due_soon(deadline, completed, today) is soon


@pytest.mark.parametrize(
    ("deadline", "completed", "today", "late"),
    [(DL, None, D(2026, 4, 3), 3), (DL, D(2026, 4, 1), D(2026, 9, 1), 1), (DL, None, DL, 0), (None, None, DL, 0)],
)
def test_days_late(deadline, completed, today, late):
    assert s.days_late(deadline, completed, today) == late


# --------------------------------------------------------------------------- occurrences


@pytest.mark.parametrize(
    ("period", "due_day", "deadline"),
    [
        ("2026M01", None, D(2026, 1, 31)),
        ("2026M02", None, D(2026, 2, 28)),
        ("2028M02", None, D(2028, 2, 29)),  # leap year
        ("2028M02", 31, D(2028, 2, 29)),  # 31st clamped to Feb 29
        ("2026M02", 30, D(2026, 2, 28)),
        ("2026M04", 31, D(2026, 4, 30)),  # 31st in a 30-day month
        ("2026M12", 20, D(2026, 12, 20)),
        ("2026Q1", None, D(2026, 3, 31)),
        ("2026Q2", 15, D(2026, 6, 15)),
        ("2026Q4", 31, D(2026, 12, 31)),
        ("2026", None, D(2026, 12, 31)),
        ("2026", 15, D(2026, 12, 15)),
    ],
)
def test_occurrence_deadline(period, due_day, deadline):
    assert s.occurrence_deadline(period, due_day) == deadline


def test_occurrence_deadline_rejects_bad_day():
    with pytest.raises(ValueError, match="Ngày đến hạn"):
        s.occurrence_deadline("2026M01", 32)


def test_monthly_occurrences_across_the_year_end():
    occ = s.occurrences(s.MONTHLY, D(2025, 11, 10), D(2026, 2, 3), due_day=25)
    assert [(o.period, o.deadline) for o in occ] == [
        ("2025M11", D(2025, 11, 25)), ("2025M12", D(2025, 12, 25)),
        ("2026M01", D(2026, 1, 25)), ("2026M02", D(2026, 2, 25)),
    ]


def test_first_occurrence_due_before_assignment_is_skipped():
    # Assigned on the 20th, due the 15th: the first occurrence is next month's.
    occ = s.occurrences(s.MONTHLY, D(2026, 1, 20), D(2026, 3, 1), due_day=15)
    assert [o.period for o in occ] == ["2026M02", "2026M03"]
    # Even when today is still in the assignment month, the first occurrence is listed.
    occ = s.occurrences(s.MONTHLY, D(2026, 1, 20), D(2026, 1, 25), due_day=15)
    assert [o.period for o in occ] == ["2026M02"]


def test_monthly_last_day_in_february_and_31st_months():
    occ = s.occurrences(s.MONTHLY, D(2028, 1, 1), D(2028, 4, 30), due_day=31)
    assert [o.deadline for o in occ] == [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31), D(2028, 4, 30)]


def test_quarterly_and_yearly_occurrences():
    q = s.occurrences(s.QUARTERLY, D(2025, 11, 1), D(2026, 5, 1))
    assert [(o.period, o.deadline) for o in q] == [("2025Q4", D(2025, 12, 31)), ("2026Q1", D(2026, 3, 31)), ("2026Q2", D(2026, 6, 30))]
    y = s.occurrences(s.YEARLY, D(2021, 3, 1), D(2023, 1, 10), due_day=15)
    assert [(o.period, o.deadline) for o in y] == [("2021", D(2021, 12, 15)), ("2022", D(2022, 12, 15)), ("2023", D(2023, 12, 15))]


def test_recurrence_ends():
    occ = s.occurrences(s.QUARTERLY, D(2025, 1, 1), D(2026, 11, 28), until=D(2025, 6, 30))
    assert [o.period for o in occ] == ["2025Q1", "2025Q2"]
    assert s.occurrences(s.MONTHLY, D(2025, 5, 1), D(2026, 1, 1), until=D(2025, 4, 1)) == []
    # Non-periodic kinds have no occurrences.
    assert s.occurrences(s.NONE, D(2025, 1, 1), D(2026, 1, 1)) == []
    assert s.occurrences(s.RECURRING_ONGOING, D(2025, 1, 1), D(2026, 1, 1)) == []


def test_each_occurrence_has_its_own_status():
    today = D(2026, 3, 10)
    occ = s.occurrences(s.MONTHLY, D(2025, 12, 1), today, due_day=5)
    done = {"2025M12": D(2025, 12, 5), "2026M01": D(2026, 1, 9)}  # Dec on the day, Jan late
    rows = s.occurrence_statuses(occ, done, today)
    assert [(r.occurrence.period, r.status) for r in rows] == [
        ("2025M12", s.DONE_ON_TIME), ("2026M01", s.DONE_LATE), ("2026M02", s.OVERDUE), ("2026M03", s.OVERDUE),
    ]
    assert s.summary_status(r.status for r in rows) == s.OVERDUE
    rows = s.occurrence_statuses(occ, {**done, "2026M02": D(2026, 2, 5), "2026M03": D(2026, 3, 4)}, today)
    assert s.summary_status(r.status for r in rows) == s.DONE_LATE
    today = D(2026, 3, 4)  # March not due yet
    rows = s.occurrence_statuses(s.occurrences(s.MONTHLY, D(2026, 2, 1), today, due_day=5), {"2026M02": D(2026, 2, 1)}, today)
    assert [r.status for r in rows] == [s.DONE_ON_TIME, s.IN_PROGRESS]
    assert s.summary_status(r.status for r in rows) == s.IN_PROGRESS


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [([], s.IN_PROGRESS), ([s.DONE_ON_TIME], s.DONE_ON_TIME), ([s.DONE_ON_TIME, s.DONE_LATE], s.DONE_LATE),
     ([s.DONE_LATE, s.IN_PROGRESS], s.IN_PROGRESS), ([s.IN_PROGRESS, s.OVERDUE], s.OVERDUE)],
)
def test_summary_status(statuses, expected):
    assert s.summary_status(statuses) == expected


# --------------------------------------------------------------------------- counts


def test_counts_match_the_government_report_2017():
    # 2017: 14,068 on time, 1,983 late, 5,640 in time, 223 overdue → 98.62% done of tasks due.
    statuses = (
        [s.DONE_ON_TIME] * 14068 + [s.DONE_LATE] * 1983 + [s.IN_PROGRESS] * 5640 + [s.OVERDUE] * 223
    )
    c = s.count(statuses)
    assert (c.total, c.done, c.due) == (21914, 16051, 16274)
    # The report printed 98.62% (truncated, 98.6297…) and 1.38% (= 100 − 98.62).
    assert int(c.done_rate * 10000) / 100 == 98.62
    assert c.done_rate + c.overdue_rate == pytest.approx(1.0)
    assert round(c.on_time_rate * 100, 2) == 86.44


def test_counts_columns_and_ongoing():
    c = s.count([s.OVERDUE, s.ONGOING, s.IN_PROGRESS, s.DONE_LATE, s.DONE_ON_TIME, s.DONE_ON_TIME])
    assert (c.total, c.done_on_time, c.done_late, c.in_progress, c.overdue) == (6, 2, 1, 2, 1)
    assert c.done_rate == 3 / 4
    assert s.count([]).done_rate is None
    assert (s.count([s.OVERDUE]) + s.count([s.DONE_LATE])).due == 2
    with pytest.raises(ValueError):
        s.count(["bogus"])


def test_sort_key_puts_overdue_first():
    items = [(s.DONE_ON_TIME, D(2026, 1, 1)), (s.IN_PROGRESS, D(2026, 1, 1)), (s.OVERDUE, D(2026, 2, 1)),
             (s.OVERDUE, D(2025, 1, 1)), (s.ONGOING, None)]
    assert sorted(items, key=lambda i: s.sort_key(*i))[:2] == [(s.OVERDUE, D(2025, 1, 1)), (s.OVERDUE, D(2026, 2, 1))]
