"""Table-driven tests of the pure rollup arithmetic."""

import pytest

from nghiquyet.indicators import rollup


@pytest.mark.parametrize(
    ("rule", "values", "weights", "expected"),
    [
        ("sum", [1, 2, 3.5], None, 6.5),
        ("sum", [1, None, 3], None, 4),
        ("sum", [], None, None),
        ("sum", [None, None], None, None),
        ("sum", [0, 0], None, 0),  # zeros are figures, not gaps
        ("mean", [10, 20, None], None, 15),
        ("mean", [0], None, 0),
        ("min", [5, 2, 9], None, 2),
        ("max", [5, 2, 9], None, 9),
        ("none", [5, 2], None, None),
        # poverty rate weighted by households: (20*100 + 10*300) / 400
        ("weighted_mean", [20, 10], [100, 300], 12.5),
        # a child without a weight (or a zero weight) does not count
        ("weighted_mean", [20, 10, 50], [100, 300, None], 12.5),
        ("weighted_mean", [20, 10, 50], [100, 300, 0], 12.5),
        ("weighted_mean", [None, 10], [100, 300], 10),
        ("weighted_mean", [20], [0], None),
    ],
)
def test_space_aggregation(rule, values, weights, expected):
    assert rollup.aggregate(rule, values, weights) == pytest.approx(expected) if expected is not None else (
        rollup.aggregate(rule, values, weights) is None
    )


def test_weighted_mean_needs_weights():
    with pytest.raises(ValueError):
        rollup.aggregate("weighted_mean", [1, 2])


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        rollup.aggregate("median", [1])
    with pytest.raises(ValueError):
        rollup.aggregate_time("median", [1])


@pytest.mark.parametrize(
    ("own", "children", "shown", "conflict"),
    [
        (None, None, None, False),
        (None, 12.0, 12.0, False),
        (10.0, None, 10.0, False),
        (10.0, 10.0, 10.0, False),
        (1000.0, 1000.5, 1000.0, False),  # within 0.1 %: rounding
        (1000.0, 1020.0, 1000.0, True),  # the unit's own figure wins, and the page says they differ
        (0.0, 0.0, 0.0, False),
        (0.0, 5.0, 0.0, True),
    ],
)
def test_own_figure_beats_children_and_conflicts_are_flagged(own, children, shown, conflict):
    assert rollup.effective(own, children) == shown
    assert rollup.is_conflict(own, children) is conflict


@pytest.mark.parametrize(
    ("rule", "values", "expected"),
    [
        ("sum", [10, 20, 30], 60),  # a flow: the year is the sum of its months
        ("sum", [10, None, 30], 40),  # a missing month is a gap, not a zero
        ("last", [50, 52, None], 52),  # a stock: the latest month present
        ("last", [None, None, 7], 7),
        ("mean", [1, 2, None, 3], 2),
        ("sum", [None, None], None),
        ("last", [], None),
    ],
)
def test_time_aggregation(rule, values, expected):
    result = rollup.aggregate_time(rule, values)
    assert result == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("rule", "values", "shares", "weights", "expected"),
    [
        # three communes merged into one: additive values add up
        ("sum", [100, 50, 25], [None, None, None], None, 175),
        # a commune split between two successors: this successor takes 40 % of it
        ("sum", [100, 50], [0.4, None], None, 90),
        # a rate is not scaled by the share; weighted by households
        ("weighted_mean", [20, 10], [None, None], [100, 300], 12.5),
        ("weighted_mean", [20, 10], [0.5, None], [200, 300], 12.5),
        ("weighted_mean", [20, 10], [None, None], None, 15),  # no weights known: plain mean
        ("mean", [20, None], [None, None], None, 20),  # a predecessor without data is skipped
        ("max", [3, 9], [None, None], None, 9),
    ],
)
def test_merged_units_combine_their_predecessors(rule, values, shares, weights, expected):
    assert rollup.combine_predecessors(rule, values, shares, weights) == pytest.approx(expected)
