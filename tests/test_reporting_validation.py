"""Checks of entered figures (reporting/validation.py, pure)."""

from __future__ import annotations

import pytest

from nghiquyet.reporting.validation import (
    IndicatorSpec,
    ParseError,
    Rule,
    change_warning,
    check_value,
    format_number,
    parse_number,
    validate,
)

HH = IndicatorSpec(1, "so-ho", "Tổng số hộ", "count", min_value=0, decimals=0, unit_of_measure="hộ")
POOR = IndicatorSpec(2, "so-ho-ngheo", "Số hộ nghèo", "count", decimals=0, unit_of_measure="hộ")
RATE = IndicatorSpec(3, "tl", "Tỷ lệ", "percent")
FLAG = IndicatorSpec(4, "ntm", "Đạt chuẩn", "bool")
MONEY = IndicatorSpec(5, "thu", "Thu ngân sách", "money", min_value=0, max_value=1000)
FREE = IndicatorSpec(6, "x", "Tăng trưởng", "number")
CAPPED = IndicatorSpec(7, "cap", "Tỷ lệ vượt", "percent", max_value=150)
SPECS = {s.id: s for s in (HH, POOR, RATE, FLAG, MONEY, FREE, CAPPED)}


@pytest.mark.parametrize(
    ("raw", "value"),
    [(None, None), ("", None), ("  ", None), ("-", None), (12, 12.0), (2.5, 2.5), ("12", 12.0),
     ("12,5", 12.5), ("2.5", 2.5), ("1.234", 1234.0), ("1.234.567", 1234567.0), ("1.234,5", 1234.5),
     ("1,234.5", 1234.5), ("-3,25", -3.25), ("1 234", 1234.0), ("\u00a01\u00a0234,5", 1234.5), (True, 1.0)],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["abc", "12a", "1,2,3", "1.2.3", "1..2", "--1", ".", ",", float("nan")])
def test_parse_number_refuses(raw):
    with pytest.raises(ParseError):
        parse_number(raw)


@pytest.mark.parametrize(
    ("spec", "value", "problem"),
    [
        (HH, 10, None), (HH, 10.5, "số nguyên"), (HH, -1, "nhỏ hơn 0"),
        (POOR, -2, "nhỏ hơn 0"),  # a count without a minimum is still ≥ 0
        (RATE, 0, None), (RATE, 100, None), (RATE, 100.1, "lớn hơn 100"), (RATE, -0.1, "nhỏ hơn 0"),
        (FLAG, 1, None), (FLAG, 0, None), (FLAG, 2, "0 (không) hoặc 1"), (FLAG, 0.5, "0 (không) hoặc 1"),
        (MONEY, 1000, None), (MONEY, 1000.5, "lớn hơn 1.000"), (FREE, -50, None), (FREE, 1e12, None),
        (CAPPED, 140, None), (CAPPED, 151, "lớn hơn 150"),
    ],
)
def test_check_value(spec, value, problem):
    problems = check_value(spec, value)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


RULE = Rule(2, "lte", 1, "Số hộ nghèo không vượt quá tổng số hộ")


@pytest.mark.parametrize(
    ("values", "bad"),
    [({1: 100, 2: 30}, False), ({1: 100, 2: 100}, False), ({1: 100, 2: 101}, True),
     ({1: None, 2: 101}, False), ({2: 101}, False)],
)
def test_cross_rule(values, bad):
    out = validate(SPECS, values, rules=[RULE])
    assert (2 in out.errors) is bad
    if bad:
        assert out.errors[2][0].startswith("Số hộ nghèo không vượt quá tổng số hộ: Số hộ nghèo (101) phải ≤ Tổng số hộ (100)")


@pytest.mark.parametrize(
    ("cmp", "left", "right", "ok"),
    [("lte", 1, 1, True), ("lt", 1, 1, False), ("gte", 1, 1, True), ("gt", 2, 1, True), ("gt", 1, 1, False),
     ("eq", 0.1 + 0.2, 0.3, True), ("eq", 1, 2, False)],
)
def test_comparators(cmp, left, right, ok):
    out = validate(SPECS, {5: left, 6: right}, rules=[Rule(5, cmp, 6)])
    assert out.ok is ok


def test_rule_skipped_when_a_side_is_already_wrong():
    out = validate(SPECS, {1: 100, 2: 100.5}, rules=[RULE])
    assert out.errors[2] == ["Phải là số nguyên."]


@pytest.mark.parametrize(
    ("value", "previous", "threshold", "warned"),
    [(130, 100, 30, False), (130.1, 100, 30, True), (69.9, 100, 30, True), (70, 100, 30, False),
     (5, 0, 30, False), (None, 100, 30, False), (500, None, 30, False), (500, 100, None, False),
     (-200, -100, 30, True)],
)
def test_change_warning(value, previous, threshold, warned):
    assert (change_warning(value, previous, threshold) is not None) is warned


def test_warning_text_and_never_blocks():
    out = validate(SPECS, {1: 200}, previous={1: 100}, threshold_percent=30)
    assert out.ok
    assert out.warnings[1] == ["Cảnh báo: tăng 100% so với kỳ trước (100); kiểm tra lại nếu không đúng."]


def test_required_only_on_submit():
    assert validate(SPECS, {1: 10}, required=[1, 2]).ok
    out = validate(SPECS, {1: 10}, required=[1, 2], for_submit=True)
    assert out.errors == {2: ["Bắt buộc nhập trước khi gửi báo cáo."]}


def test_unknown_indicator_is_an_error():
    out = validate(SPECS, {99: 1})
    assert out.errors[None] == ["Chỉ số mã 99 không có trong biểu mẫu này."]


@pytest.mark.parametrize(("value", "text"), [(1234.5, "1.234,5"), (1000, "1.000"), (0.25, "0,25"), (-3, "-3"), (None, "—")])
def test_format_number(value, text):
    assert format_number(value) == text
