"""Chart series for a target page: realised values, the path to the target, the forecast.

Pure arithmetic (no Django): it turns a `progress.Evaluation` and the yearly series into the
points ECharts draws, using the same rates `progress.py` documents, so the picture and the
verdict agree:

- level, count_units: the path from (t0, x0) to (T, X) is compound when the evaluation used
  method "cagr" (x0·(X/x0)^((y−t0)/n)), else straight; the forecast continues from (t, x_t)
  at the observed rate (compound for "cagr", linear otherwise) to T.
- avg_growth: the chart shows the indicator's level; the path is x0·(1+g)^(y−t0) with g the
  target rate (the near edge of a range), and a second path for the far edge of a range;
  the forecast is x_t·(1+r)^(y−t) with r the realised rate.
- avg_change: path x0 + X·(y−t0) (X in points per year), forecast x_t + r·(y−t).
- cumulative: the realised line is the running total S_y from t0 (S_t0 = 0) and the yearly
  flows are bars; the path runs straight from 0 to X; the forecast adds the average flow.
- every_year: the threshold X is a flat line over t0+1…T; the forecast is the straight line
  `progress.py` uses (through the baseline or first judged year and x_t).
Annual plans are drawn as markers (for cumulative targets, beside the yearly flows).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

Point = tuple[int, float | None]


def _finite(v: float | None) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _round(v: float | None, places: int = 6) -> float | None:
    v = _finite(v)
    return None if v is None else round(v, places)


def straight(y0: int, v0: float, y1: int, v1: float, years: list[int]) -> list[Point]:
    if y1 == y0:
        return [(y, v1) for y in years]
    slope = (v1 - v0) / (y1 - y0)
    return [(y, v0 + slope * (y - y0)) for y in years]


def compound(y0: int, v0: float, y1: int, v1: float, years: list[int]) -> list[Point]:
    """Geometric interpolation; falls back to a straight line when a level is not positive."""
    if v0 <= 0 or v1 <= 0 or y1 == y0:
        return straight(y0, v0, y1, v1, years)
    ratio = v1 / v0
    return [(y, v0 * ratio ** ((y - y0) / (y1 - y0))) for y in years]


def growth_path(y0: int, v0: float, rate_percent: float, years: list[int]) -> list[Point]:
    g = rate_percent / 100
    if 1 + g <= 0:
        return []
    return [(y, v0 * (1 + g) ** (y - y0)) for y in years]


def target_chart(
    *,
    kind: str,
    series: Mapping[int, float | None],
    plans: Mapping[int, float | None],
    at_year: int,
    term_start: int,
    target_year: int,
    baseline_year: int | None,
    baseline_value: float | None,
    target_value: float | None,
    target_min: float | None = None,
    target_max: float | None = None,
    comparator: str = "gte",
    direction: str = "increase",
    method: str | None = None,
    latest_year: int | None = None,
    latest_value: float | None = None,
    realised: float | None = None,
    observed_rate: float | None = None,
    forecast: float | None = None,
    decimals: int = 1,
) -> dict[str, Any]:
    """Everything the page's ECharts needs, as JSON-ready lists keyed by year."""
    observed: dict[int, float] = {}
    for y, v in series.items():
        value = _finite(v)
        if value is not None and int(y) <= at_year:
            observed[int(y)] = value
    anchors = [y for y in (baseline_year, term_start) if y is not None]
    first = min(anchors + list(observed))
    years = list(range(first, max(target_year, term_start, *observed) + 1))
    t0, x0, T, X = baseline_year, _finite(baseline_value), target_year, _finite(target_value)

    realised_pts: list[Point] = []
    flows: list[Point] = []
    path: list[Point] = []
    path_upper: list[Point] = []
    threshold: list[Point] = []
    forecast_pts: list[Point] = []

    if kind == "cumulative":
        start = t0 if t0 is not None else first
        running = 0.0
        realised_pts.append((start, 0.0))
        for y in range(start + 1, max(observed, default=start) + 1):
            if y in observed:
                running += observed[y]
                flows.append((y, observed[y]))
            realised_pts.append((y, running))
        if X is not None:
            path = straight(start, 0.0, T, X, list(range(start, T + 1)))
        if latest_year is not None and realised is not None and forecast is not None and latest_year < T:
            forecast_pts = straight(latest_year, realised, T, forecast, list(range(latest_year, T + 1)))
    else:
        base = dict(observed)
        if t0 is not None and x0 is not None:
            base.setdefault(t0, x0)
        realised_pts = sorted(base.items())
        if kind == "every_year":
            if X is not None:
                threshold = [(y, X) for y in range(((t0 + 1) if t0 is not None else first), T + 1)]
            if latest_year is not None and latest_value is not None and forecast is not None and latest_year < T:
                forecast_pts = straight(latest_year, latest_value, T, forecast, list(range(latest_year, T + 1)))
        elif t0 is not None and x0 is not None and X is not None:
            path_years = list(range(t0, T + 1))
            if kind == "avg_growth":
                path = growth_path(t0, x0, X, path_years)
                if comparator == "range" and target_min is not None and target_max is not None:
                    far = target_max if direction == "increase" else target_min
                    if far != X:
                        path_upper = growth_path(t0, x0, far, path_years)
            elif kind == "avg_change":
                path = [(y, x0 + X * (y - t0)) for y in path_years]
            elif method == "cagr":
                path = compound(t0, x0, T, X, path_years)
            else:
                path = straight(t0, x0, T, X, path_years)
            if latest_year is not None and latest_value is not None and latest_year < T:
                f_years = list(range(latest_year, T + 1))
                if kind == "avg_growth" and realised is not None:
                    forecast_pts = growth_path(latest_year, latest_value, realised, f_years)
                elif kind == "avg_change" and realised is not None:
                    forecast_pts = [(y, latest_value + realised * (y - latest_year)) for y in f_years]
                elif forecast is not None and method == "cagr":
                    forecast_pts = compound(latest_year, latest_value, T, forecast, f_years)
                elif forecast is not None:
                    forecast_pts = straight(latest_year, latest_value, T, forecast, f_years)
        elif kind in ("level", "count_units") and X is not None:
            threshold = [(T, X)]  # no baseline: show only where the target stands

    plan_pts = sorted((int(y), _finite(v)) for y, v in plans.items() if _finite(v) is not None)

    def column(points: list[Point]) -> list[float | None]:
        by_year = {y: v for y, v in points}
        return [_round(by_year.get(y)) for y in years]

    return {
        "kind": kind,
        "years": [str(y) for y in years],
        "at_year": at_year,
        "target_year": T,
        "decimals": decimals,
        "realised": column(realised_pts),
        "flows": column(flows),
        "path": column(path),
        "path_upper": column(path_upper),
        "threshold": column(threshold),
        "forecast": column(forecast_pts),
        "plans": column(plan_pts),
        "target": _round(X),
    }
