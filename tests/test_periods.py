"""Reporting periods: parsing, dates, ordering, containment, navigation and labels."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from nghiquyet.indicators import periods as P

D = dt.date


@pytest.mark.parametrize(
    ("code", "canonical", "kind", "year", "index", "end_year"),
    [
        ("2025", "2025", "year", 2025, None, None),
        ("2025S1", "2025S1", "semester", 2025, 1, None),
        ("2025S2", "2025S2", "semester", 2025, 2, None),
        ("2025N9", "2025N9", "nine_months", 2025, 9, None),
        ("2025Q1", "2025Q1", "quarter", 2025, 1, None),
        ("2025Q4", "2025Q4", "quarter", 2025, 4, None),
        ("2025M01", "2025M01", "month", 2025, 1, None),
        ("2025M12", "2025M12", "month", 2025, 12, None),
        ("2020-2025", "2020-2025", "term", 2020, None, 2025),
        # forgiving input, canonical output
        (" 2025m9 ", "2025M09", "month", 2025, 9, None),
        ("2025q3", "2025Q3", "quarter", 2025, 3, None),
        ("2025s2", "2025S2", "semester", 2025, 2, None),
        ("2020–2025", "2020-2025", "term", 2020, None, 2025),  # en dash as printed in documents
        ("2020 - 2025", "2020-2025", "term", 2020, None, 2025),
        ("2021-2026", "2021-2026", "term", 2021, None, 2026),  # People's Council terms
    ],
)
def test_parse_valid_codes(code, canonical, kind, year, index, end_year):
    p = P.parse(code)
    assert (p.code, p.kind, p.year, p.index, p.end_year) == (canonical, kind, year, index, end_year)
    assert P.is_valid(code)
    assert P.normalize(code) == canonical
    assert P.parse(p) is p


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("2025M13", "tháng"),
        ("2025M00", "tháng"),
        ("2025Q5", "quý"),
        ("2025Q0", "quý"),
        ("2025S3", "6 tháng"),
        ("2025S0", "6 tháng"),
        ("2025N6", "N9"),
        ("20xx", "dạng đúng"),
        ("", "dạng đúng"),
        ("25", "dạng đúng"),
        ("2025M123", "dạng đúng"),
        ("2025H1", "dạng đúng"),
        ("2025-2020", "năm cuối"),  # reversed term
        ("2025-2025", "năm cuối"),  # empty term
        ("2000-2025", "quá 10 năm"),
        ("0999", "năm phải từ"),
        ("2025/2026", "dạng đúng"),
    ],
)
def test_parse_rejects_bad_codes_with_a_vietnamese_message(code, why):
    with pytest.raises(ValueError) as err:
        P.parse(code)
    assert "Mã kỳ báo cáo không hợp lệ" in str(err.value)
    assert why in str(err.value)
    assert not P.is_valid(code)


@pytest.mark.parametrize("bad", [None, 2025, 2025.0, ["2025"]])
def test_non_strings_are_invalid(bad):
    assert not P.is_valid(bad)
    with pytest.raises(ValueError):
        P.parse(bad)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2025S1", D(2025, 1, 1), D(2025, 6, 30)),
        ("2025S2", D(2025, 7, 1), D(2025, 12, 31)),
        ("2025N9", D(2025, 1, 1), D(2025, 9, 30)),
        ("2025Q1", D(2025, 1, 1), D(2025, 3, 31)),
        ("2025Q3", D(2025, 7, 1), D(2025, 9, 30)),
        ("2025M02", D(2025, 2, 1), D(2025, 2, 28)),
        ("2024M02", D(2024, 2, 1), D(2024, 2, 29)),  # leap year
        ("2025M09", D(2025, 9, 1), D(2025, 9, 30)),
        ("2020-2025", D(2020, 1, 1), D(2025, 12, 31)),
    ],
)
def test_start_and_end(code, start, end):
    assert P.start(code) == start
    assert P.end(code) == end
    assert P.parse(code).start == start and P.parse(code).end == end


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2025", "Năm 2025", "Year 2025"),
        ("2025S1", "6 tháng đầu năm 2025", "First half of 2025"),
        ("2025S2", "6 tháng cuối năm 2025", "Second half of 2025"),
        ("2025N9", "9 tháng năm 2025", "Nine months of 2025"),
        ("2025Q1", "Quý I năm 2025", "Q1 2025"),
        ("2025Q2", "Quý II năm 2025", "Q2 2025"),
        ("2025Q3", "Quý III năm 2025", "Q3 2025"),
        ("2025Q4", "Quý IV năm 2025", "Q4 2025"),
        ("2025M09", "Tháng 9 năm 2025", "September 2025"),
        ("2025m9", "Tháng 9 năm 2025", "September 2025"),
        ("2020-2025", "Nhiệm kỳ 2020–2025", "Term 2020–2025"),
    ],
)
def test_labels(code, vi, en):
    assert P.label(code) == vi
    assert P.label(code, "en") == en
    assert P.parse(code).label == vi


@pytest.mark.parametrize(
    ("kind", "vi"),
    [("year", "Năm"), ("semester", "6 tháng"), ("nine_months", "9 tháng"), ("quarter", "Quý"),
     ("month", "Tháng"), ("term", "Nhiệm kỳ")],
)
def test_kind_labels(kind, vi):
    assert P.kind_label(kind) == vi
    assert P.kind_label(kind, "en")


def test_unknown_kind_and_language_are_refused():
    with pytest.raises(ValueError):
        P.kind_label("week")
    with pytest.raises(ValueError):
        P.label("2025", "fr")


ORDERED = [
    "2024", "2020-2024",
    "2025M01", "2025M02", "2025M03", "2025Q1",
    "2025M04", "2025M05", "2025M06", "2025Q2", "2025S1",
    "2025M07", "2025M08", "2025M09", "2025Q3", "2025N9",
    "2025M10", "2025M11", "2025M12", "2025Q4", "2025S2", "2025", "2021-2025", "2020-2025",
    "2026M01",
]


def test_sort_key_orders_by_end_date_then_shorter_first():
    shuffled = ORDERED[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=P.sort_key) == ORDERED
    assert P.sort_codes(["2025", "2025m9", "2025Q3"]) == ["2025M09", "2025Q3", "2025"]


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2025", "2025", True),  # reflexive
        ("2025", "2025M01", True),
        ("2025", "2025S2", True),
        ("2025", "2025N9", True),
        ("2025", "2026M01", False),
        ("2025", "2024M12", False),
        ("2025N9", "2025M01", True),
        ("2025N9", "2025M09", True),
        ("2025N9", "2025M10", False),
        ("2025N9", "2025Q3", True),
        ("2025N9", "2025Q4", False),
        ("2025N9", "2025S1", True),
        ("2025N9", "2025S2", False),
        ("2025N9", "2025", False),
        ("2025Q3", "2025M09", True),
        ("2025Q3", "2025M06", False),
        ("2025Q3", "2025N9", False),
        ("2025S1", "2025Q2", True),
        ("2025S1", "2025Q3", False),
        ("2025S2", "2025Q3", True),
        ("2025S1", "2025N9", False),
        ("2025M09", "2025Q3", False),
        ("2020-2025", "2020", True),  # the congress year belongs to the term
        ("2020-2025", "2025", True),
        ("2020-2025", "2019", False),
        ("2020-2025", "2026M01", False),
        ("2020-2025", "2023Q2", True),
        ("2020-2025", "2021-2025", True),
        ("2020-2025", "2015-2020", False),
        ("2025", "2020-2025", False),
    ],
)
def test_contains(outer, inner, expected):
    assert P.contains(outer, inner) is expected


@pytest.mark.parametrize(
    ("code", "first", "last", "count"),
    [
        ("2025M09", "2025M09", "2025M09", 1),
        ("2025Q3", "2025M07", "2025M09", 3),
        ("2025S2", "2025M07", "2025M12", 6),
        ("2025N9", "2025M01", "2025M09", 9),
        ("2025", "2025M01", "2025M12", 12),
        ("2020-2025", "2020M01", "2025M12", 72),
    ],
)
def test_months(code, first, last, count):
    ms = P.months(code)
    assert (ms[0], ms[-1], len(ms)) == (first, last, count)
    assert all(P.contains(code, m) for m in ms)


def test_years():
    assert P.years("2020-2025") == [2020, 2021, 2022, 2023, 2024, 2025]
    assert P.years("2025Q3") == [2025]


@pytest.mark.parametrize(
    ("code", "year", "quarter", "semester"),
    [
        ("2025M01", "2025", "2025Q1", "2025S1"),
        ("2025M03", "2025", "2025Q1", "2025S1"),
        ("2025M04", "2025", "2025Q2", "2025S1"),
        ("2025M08", "2025", "2025Q3", "2025S2"),
        ("2025M12", "2025", "2025Q4", "2025S2"),
        ("2025Q3", "2025", "2025Q3", "2025S2"),
        ("2025S1", "2025", None, "2025S1"),
        ("2025N9", "2025", None, None),
        ("2025", "2025", None, None),
        ("2020-2025", None, None, None),
    ],
)
def test_parent_year_quarter_and_semester_of(code, year, quarter, semester):
    assert P.parent_year(code) == year
    assert P.quarter_of(code) == quarter
    assert P.semester_of(code) == semester


@pytest.mark.parametrize(
    ("code", "prev", "nxt"),
    [
        ("2025", "2024", "2026"),
        ("2025S1", "2024S2", "2025S2"),
        ("2025S2", "2025S1", "2026S1"),
        ("2025N9", "2024N9", "2026N9"),
        ("2025Q1", "2024Q4", "2025Q2"),
        ("2025Q4", "2025Q3", "2026Q1"),
        ("2025M01", "2024M12", "2025M02"),
        ("2025M12", "2025M11", "2026M01"),
        ("2020-2025", "2015-2020", "2025-2030"),
        ("2021-2026", "2016-2021", "2026-2031"),
    ],
)
def test_previous_and_next(code, prev, nxt):
    assert P.previous(code) == prev
    assert P.next_period(code) == nxt
    assert P.next_period(P.previous(code)) == P.normalize(code)


@pytest.mark.parametrize(
    ("a", "b", "kind", "expected"),
    [
        ("2020", "2025", None, ["2020", "2021", "2022", "2023", "2024", "2025"]),
        ("2025", "2025", "quarter", ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]),
        ("2025", "2025", "semester", ["2025S1", "2025S2"]),
        ("2024", "2025", "nine_months", ["2024N9", "2025N9"]),
        ("2025M11", "2026M02", None, ["2025M11", "2025M12", "2026M01", "2026M02"]),
        ("2025Q3", "2025Q3", "month", ["2025M07", "2025M08", "2025M09"]),
        ("2025N9", "2025N9", "quarter", ["2025Q1", "2025Q2", "2025Q3"]),
        ("2025M08", "2025M10", "quarter", []),  # no whole quarter inside
        ("2020-2025", "2020-2025", "year", ["2020", "2021", "2022", "2023", "2024", "2025"]),
        ("2026", "2025", None, []),  # reversed range
    ],
)
def test_periods_between(a, b, kind, expected):
    assert P.periods_between(a, b, kind) == expected


def test_periods_between_refuses_terms_and_unknown_kinds():
    with pytest.raises(ValueError):
        P.periods_between("2020", "2030", "term")
    with pytest.raises(ValueError):
        P.periods_between("2020", "2030", "week")


@pytest.mark.parametrize(
    ("day", "kind", "expected"),
    [
        (D(2025, 9, 30), "year", "2025"),
        (D(2025, 6, 30), "semester", "2025S1"),
        (D(2025, 7, 1), "semester", "2025S2"),
        (D(2025, 9, 30), "nine_months", "2025N9"),
        (D(2025, 7, 1), "quarter", "2025Q3"),
        (D(2025, 9, 5), "month", "2025M09"),
    ],
)
def test_containing(day, kind, expected):
    assert P.containing(day, kind) == expected
    assert P.start(expected) <= day <= P.end(expected)


@pytest.mark.parametrize(("day", "kind"), [(D(2025, 10, 1), "nine_months"), (D(2025, 1, 1), "term")])
def test_containing_undefined(day, kind):
    with pytest.raises(ValueError):
        P.containing(day, kind)


@pytest.mark.parametrize(
    ("fn", "args", "expected"),
    [
        (P.year_code, (2025,), "2025"),
        (P.month_code, (2025, 9), "2025M09"),
        (P.month_code, (2025, 12), "2025M12"),
        (P.quarter_code, (2025, 3), "2025Q3"),
        (P.semester_code, (2025, 1), "2025S1"),
        (P.nine_months_code, (2025,), "2025N9"),
        (P.term_code, (2020, 2025), "2020-2025"),
    ],
)
def test_constructors(fn, args, expected):
    assert fn(*args) == expected


@pytest.mark.parametrize(
    ("fn", "args"),
    [(P.month_code, (2025, 13)), (P.month_code, (2025, 0)), (P.quarter_code, (2025, 5)),
     (P.semester_code, (2025, 3)), (P.term_code, (2025, 2020)), (P.year_code, (99999,))],
)
def test_constructors_reject_bad_values(fn, args):
    with pytest.raises(ValueError):
        fn(*args)


def test_period_is_hashable_and_frozen():
    p = P.parse("2025Q3")
    assert {p: 1}[P.parse("2025q3")] == 1
    assert str(p) == "2025Q3"
    with pytest.raises(AttributeError):
        p.year = 2024  # type: ignore[misc]


def test_module_has_no_django_import():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(P))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.startswith("django")]
