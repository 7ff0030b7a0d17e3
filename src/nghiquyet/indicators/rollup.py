"""Rollup arithmetic: how a unit's value follows from its children's, its months' or its predecessors'.

Pure functions, no ORM. The services module fetches rows and calls these; the same rules
serve single writes, bulk loads and reads.

Rules
- Space (children → parent), by `Indicator.space_aggregation`:
  sum; mean (unweighted, over children that reported); weighted_mean (Σ v·w / Σ w over children
  that reported both the value and a positive weight); min; max; none (never aggregated).
- A unit's shown value is its own entered figure when there is one, else the children's aggregate
  (`effective`). When both exist and differ by more than `CONFLICT_TOLERANCE` (relative), the pair is
  flagged as a data-quality conflict.
- Time (months → quarter, 6 months, 9 months, year), by `Indicator.time_aggregation`:
  sum for flows (the sum of the sub-periods present: a year read in September is "so far"),
  last for stocks (the latest sub-period present), mean (of the sub-periods present).
- Predecessors (units that merged into a new one): the new unit's value for a period before the
  merger combines its predecessors' values by the space rule; a predecessor split between several
  successors contributes `share` of an additive (sum) value, and its full value to a rate.
"""

from __future__ import annotations

from collections.abc import Sequence

CONFLICT_TOLERANCE = 0.001  # 0.1 %: rounding in hand-made reports should not raise a flag

SPACE_RULES = ("sum", "mean", "weighted_mean", "min", "max", "none")
TIME_RULES = ("sum", "last", "mean")


def aggregate(rule: str, values: Sequence[float | None], weights: Sequence[float | None] | None = None) -> float | None:
    """Aggregate children's values by a space rule; None when nothing can be said."""
    if rule not in SPACE_RULES:
        raise ValueError(f"unknown space aggregation {rule!r}")
    if rule == "none":
        return None
    if rule == "weighted_mean":
        if weights is None:
            raise ValueError("weighted_mean needs weights")
        pairs = [(v, w) for v, w in zip(values, weights, strict=True) if v is not None and w is not None and w > 0]
        total = sum(w for _, w in pairs)
        return sum(v * w for v, w in pairs) / total if total else None
    present = [v for v in values if v is not None]
    if not present:
        return None
    if rule == "sum":
        return float(sum(present))
    if rule == "mean":
        return sum(present) / len(present)
    if rule == "min":
        return min(present)
    return max(present)


def effective(own: float | None, children: float | None) -> float | None:
    """What a unit shows: its own figure wins over the aggregate of its children."""
    return own if own is not None else children


def is_conflict(own: float | None, children: float | None, tolerance: float = CONFLICT_TOLERANCE) -> bool:
    """True when a unit entered a figure and its children's aggregate says something else."""
    if own is None or children is None:
        return False
    scale = max(abs(own), abs(children))
    return abs(own - children) > tolerance * scale if scale else False


def aggregate_time(rule: str, values: Sequence[float | None]) -> float | None:
    """Aggregate sub-period values given in chronological order by a time rule."""
    if rule not in TIME_RULES:
        raise ValueError(f"unknown time aggregation {rule!r}")
    present = [v for v in values if v is not None]
    if not present:
        return None
    if rule == "sum":
        return float(sum(present))
    if rule == "last":
        return present[-1]
    return sum(present) / len(present)


def combine_predecessors(
    rule: str,
    values: Sequence[float | None],
    shares: Sequence[float | None],
    weights: Sequence[float | None] | None = None,
) -> float | None:
    """Value of a merged unit for a period before the merger, from its predecessors' values.

    `shares` is the part of each predecessor taken over (None = all). Only additive values
    (sum) are scaled by the share; rates and levels are kept as they are.
    """
    if rule == "sum":
        scaled = [None if v is None else v * (1.0 if s is None else s) for v, s in zip(values, shares, strict=True)]
        return aggregate("sum", scaled)
    if rule == "weighted_mean" and weights is not None:
        scaled_w = [None if w is None else w * (1.0 if s is None else s) for w, s in zip(weights, shares, strict=True)]
        return aggregate("weighted_mean", values, scaled_w)
    if rule == "weighted_mean":
        return aggregate("mean", values)
    return aggregate(rule, values)
