"""people/tenure.py: durations, overlaps, years and the direction of a rotation (pure, table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from nghiquyet.people import tenure

D = dt.date


@pytest.mark.parametrize(("start", "stop", "months"), [
    (D(2021, 3, 1), D(2023, 3, 1), 24),
    (D(2021, 3, 1), D(2021, 3, 31), 0),  # not yet a month
    (D(2021, 3, 15), D(2021, 4, 14), 0),
    (D(2021, 3, 15), D(2021, 4, 15), 1),
    (D(2021, 1, 31), D(2021, 2, 28), 1),  # clamped: 31/01 + 1 month = 28/02
    (D(2021, 1, 31), D(2021, 2, 27), 0),
    (D(2024, 1, 31), D(2024, 2, 29), 1),  # leap year: 29/02 exists
    (D(2024, 1, 31), D(2024, 2, 28), 0),
    (D(2024, 2, 29), D(2025, 2, 28), 12),  # from a leap day, one year later clamps to 28/02
    (D(2024, 2, 29), D(2025, 2, 27), 11),
    (D(2020, 12, 1), D(2021, 1, 1), 1),  # across a year
    (D(2021, 5, 1), D(2021, 5, 1), 0),
    (D(2021, 5, 1), D(2020, 5, 1), 0),  # stop before start
])
def test_months_between(start, stop, months):
    assert tenure.months_between(start, stop) == months


@pytest.mark.parametrize(("start", "end", "today", "months"), [
    (D(2021, 3, 1), D(2023, 2, 28), D(2026, 1, 1), 24),  # inclusive end: 01/03/2021–28/02/2023 = 2 years
    (D(2021, 1, 1), D(2021, 12, 31), D(2026, 1, 1), 12),
    (D(2024, 1, 1), D(2024, 2, 29), D(2026, 1, 1), 2),  # leap February
    (D(2023, 1, 1), D(2023, 2, 28), D(2026, 1, 1), 2),
    (D(2022, 4, 1), None, D(2025, 6, 30), 39),  # running: up to today inclusive
    (D(2022, 4, 1), None, D(2025, 6, 29), 38),
    (D(2025, 8, 1), None, D(2025, 8, 15), 0),
    (D(2022, 4, 1), D(2030, 1, 1), D(2023, 4, 1), 12),  # a future end counts up to today
])
def test_duration_months(start, end, today, months):
    assert tenure.duration_months(start, end, today) == months


@pytest.mark.parametrize(("end", "valid_to", "expected"), [
    (None, None, None),  # still running, unit alive
    (None, D(2025, 7, 1), D(2025, 6, 30)),  # the commune merged: ends the day before
    (D(2024, 5, 31), D(2025, 7, 1), D(2024, 5, 31)),  # ended before the merger
    (D(2025, 12, 31), D(2025, 7, 1), D(2025, 6, 30)),  # a recorded end after the unit's end is cut
    (D(2025, 6, 30), D(2025, 7, 1), D(2025, 6, 30)),
])
def test_effective_end(end, valid_to, expected):
    assert tenure.effective_end(end, valid_to) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((D(2020, 1, 1), D(2020, 12, 31)), (D(2021, 1, 1), None), False),  # back to back
    ((D(2020, 1, 1), D(2020, 12, 31)), (D(2020, 12, 31), None), True),  # one shared day
    ((D(2020, 1, 1), None), (D(2030, 1, 1), None), True),  # both running
    ((D(2021, 1, 1), D(2021, 6, 30)), (D(2020, 1, 1), D(2020, 12, 31)), False),
    ((D(2021, 1, 1), D(2021, 6, 30)), (D(2021, 3, 1), D(2021, 3, 31)), True),  # nested
    ((D(2021, 1, 1), None), (D(2020, 1, 1), D(2020, 12, 31)), False),
])
def test_overlaps(a, b, expected):
    assert tenure.overlaps(*a, *b) is expected
    assert tenure.overlaps(*b, *a) is expected  # symmetric


@pytest.mark.parametrize(("start", "end", "day", "expected"), [
    (D(2020, 9, 1), D(2025, 6, 30), D(2025, 6, 30), True),
    (D(2020, 9, 1), D(2025, 6, 30), D(2025, 7, 1), False),
    (D(2020, 9, 1), None, D(2030, 1, 1), True),
    (D(2020, 9, 1), None, D(2020, 8, 31), False),
])
def test_active_on(start, end, day, expected):
    assert tenure.active_on(start, end, day) is expected


@pytest.mark.parametrize(("from_kind", "to_kind", "expected"), [
    ("district", "commune", tenure.DOWN),  # huyện → xã: xuống cơ sở
    ("district", "township", tenure.DOWN),  # → thị trấn Ba Tơ (merged into xã Ba Tơ in 2025)
    ("province", "commune", tenure.DOWN),
    ("province", "district", tenure.DOWN),
    ("commune", "district", tenure.UP),  # xã → huyện: lên cấp trên
    ("ward", "province", tenure.UP),
    ("commune", "commune", tenure.SIDEWAYS),
    ("commune", "ward", tenure.SIDEWAYS),  # same level, different kind
    ("township", "commune", tenure.SIDEWAYS),
    ("district", "district", tenure.SIDEWAYS),
    (None, "commune", tenure.UNKNOWN),  # origin not recorded
    ("party_committee", "commune", tenure.UNKNOWN),  # a body must be resolved to its unit first
    ("commune", "", tenure.UNKNOWN),
])
def test_direction(from_kind, to_kind, expected):
    assert tenure.direction(from_kind, to_kind) == expected


def test_direction_to_an_old_commune_that_later_merged():
    """A 2022 rotation from the district to an old commune is "down" whatever happened in 2025:
    the direction uses the kinds the units had; the stay ends the day before the merger."""
    assert tenure.direction("district", "commune") == tenure.DOWN
    last = tenure.effective_end(None, D(2025, 7, 1))
    assert last == D(2025, 6, 30)
    assert tenure.duration_months(D(2022, 4, 1), last, D(2026, 11, 28)) == 39
    assert not tenure.is_running(last, D(2026, 11, 28))


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2021, 1, 31), 1, D(2021, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2021, 12, 15), 1, D(2022, 1, 15)),
    (D(2021, 3, 31), -1, D(2021, 2, 28)),
    (D(2021, 3, 31), 0, D(2021, 3, 31)),
])
def test_add_months(day, months, expected):
    assert tenure.add_months(day, months) == expected


@pytest.mark.parametrize(("months", "expected"), [(0, (0, 0)), (11, (0, 11)), (12, (1, 0)), (27, (2, 3)), (-5, (0, 0))])
def test_split_months(months, expected):
    assert tenure.split_months(months) == expected


def test_years_spanned():
    assert tenure.years_spanned(D(2021, 3, 1), D(2023, 2, 28), D(2026, 1, 1)) == [2021, 2022, 2023]
    assert tenure.years_spanned(D(2025, 8, 1), None, D(2026, 1, 1)) == [2025, 2026]
    assert tenure.years_spanned(D(2025, 8, 1), D(2025, 7, 1), D(2026, 1, 1)) == [2025]


def test_group_and_count_by_year():
    moves = [(D(2022, 7, 1), tenure.SIDEWAYS), (D(2021, 3, 1), tenure.DOWN), (D(2022, 1, 1), tenure.UP),
             (D(2021, 6, 1), tenure.DOWN)]
    groups = tenure.group_by_year(moves, lambda m: m[0])
    assert list(groups) == [2021, 2022]
    assert [m[0] for m in groups[2022]] == [D(2022, 1, 1), D(2022, 7, 1)]  # ordered inside a year
    rows = tenure.count_by_year((m[0].year, m[1]) for m in moves)
    assert [(r.year, r.total) for r in rows] == [(2021, 2), (2022, 2)]
    assert rows[0].counts == {tenure.DOWN: 2, tenure.UP: 0, tenure.SIDEWAYS: 0, tenure.UNKNOWN: 0}
    assert rows[1].counts[tenure.UP] == 1 and rows[1].counts[tenure.SIDEWAYS] == 1
    assert tenure.count_by_year([]) == []
    with pytest.raises(ValueError, match="Hướng"):
        tenure.count_by_year([(2021, "diagonal")])
