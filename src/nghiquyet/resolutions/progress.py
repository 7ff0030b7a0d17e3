"""The target calculus: realised value, plan ratio, progress, pace, R, status, forecast, verdicts.

Pure arithmetic, no Django import: `evaluate(spec, series, plans, at_year)` judges one target
(chỉ tiêu) from the yearly figures of its indicator at the judged unit. DESIGN.md §5 is the
contract; docs/target-calculus.md repeats every formula below with a worked example per kind.

Notation
--------
t0  start year = `baseline_year`, else `term_start`, else the first year with a figure.
x0  baseline = `baseline_value`, else the figure of t0, else the first figure after t0
    (then t0 moves to that year and the note ``baseline_from_series`` is added).
T   `target_year`.  H = min(at_year, T): figures after H are ignored for the judgement
    (figures after `at_year` are always ignored).
t   the latest year ≤ H with a figure, x_t its figure.  e = t − t0 years elapsed, n = T − t0.
d   +1 when `direction` is "increase" (up is good), −1 for "decrease".
X   the goal: the target value that must be reached.  gte → target_min; lte → target_max;
    eq → target_min; range → the near edge (target_min for increase, target_max for decrease)
    (each falls back to the other bound when one is missing).

Verdict of a value v against the target (`judge`), đạt / vượt / không đạt
--------------------------------------------------------------------------
tol(X) = max(0.0005·|X|, 1e-9): a value within 0.05 % of the goal counts as equal, so what a
report shows rounded to one decimal of a percent never reads "không đạt 100,0 %".
  gte:   v > X + tol → exceeded;  v ≥ X − tol → met;  else not_met
  lte:   v < X − tol → exceeded;  v ≤ X + tol → met;  else not_met
  eq:    |v − X| ≤ tol → met;  else not_met
  range: within [min, max] (± tol) → met; beyond the far edge in the good direction
         (above max for increase, below min for decrease) → exceeded; else not_met.
"Satisfied" means met or exceeded.

Realised value per kind (the quantity judged against X)
-------------------------------------------------------
  level        x_t
  count_units  x_t (the rollup of a yes/no indicator with sum = number of units meeting the
               standard). X is the TOTAL count wanted at T: "có thêm 5 xã" with 3 at t0 ⇒ X = 8.
  avg_growth   CAGR in percent per year: 100·((x_t/x0)^(1/e) − 1). Target in %/year
               ("9–10 %/năm" ⇒ range 9..10; "giảm bình quân 5 %/năm" ⇒ −5, decrease).
               Undefined when x0 ≤ 0 or x_t ≤ 0 (note ``growth_undefined``, status no_data).
  avg_change   (x_t − x0)/e in points per year; targets negative for a decrease
               ("tỷ lệ hộ nghèo giảm bình quân 4 %/năm" ⇒ −4, decrease, lte).
  cumulative   S_t = Σ x_y for y in t0+1 … t (each year's figure is that year's flow);
               missing years add nothing and are listed in `missing_years`.
  every_year   x_t, and each year y in t0+1 … H is judged on its own; `years_met` of
               `years_judged`.

Annual plan (kế hoạch năm): `plan_ratio`, `plan_verdict`
---------------------------------------------------------
AnnualPlan values are in the INDICATOR's units (the planned figure of that year: a level, a
count, or for `cumulative` that year's flow), as Vietnamese reports compare "thực hiện / kế
hoạch". The year judged is `at_year` (plan_year). For `every_year` without an AnnualPlan
the goal X is that year's plan (note ``implicit_plan``).
  increase: plan_ratio = actual / plan;  decrease: plan_ratio = plan / actual (less is better)
  plan_verdict: ratio ≥ 1.0005 → exceeded; ratio ≥ 0.9995 → met; else not_met (the same
  0.05 % tolerance). When the ratio is undefined (a zero or negative value) the verdict
  compares actual and plan directly with d; plan_ratio is then None.
  plan_verdict is None when the figure of `at_year` or its plan is missing.

Progress, pace, anticipated progress R (ESCAP), forecast
---------------------------------------------------------
term_progress  the share of the way from baseline to target already covered (may be < 0 or
               > 1):
                 level, count_units  (x_t − x0)/(X − x0)   (X = x0: 1 if satisfied else 0)
                 avg_growth          (x_t − x0)/(P_T − x0),  P_T = x0·(1 + X/100)^n
                 avg_change          (x_t − x0)/(X·n)
                 cumulative          S_t / X
                 every_year          years_met / (T − t0)
expected_progress  where the path would be by now: e/n; for avg_growth the compound path
               ((1+g)^e − 1)/((1+g)^n − 1), g = X/100; for every_year years_judged/(T − t0).
pace           term_progress / expected_progress (1 = exactly on the path; for every_year
               it is the share of the judged years that met the target).
anticipated R  ratio of the realised rate to the rate required to reach X from x0 in n years
               (UN ESCAP SDG progress assessment; Open SDG sdg-build: R = d·CAGR_obs/|CAGR_req|).
               `method` says which rate was used:
                 "cagr"   level with x0, x_t, X all > 0:  CAGR_obs = (x_t/x0)^(1/e) − 1,
                          CAGR_req = (X/x0)^(1/n) − 1;  avg_growth: CAGR_obs over |X/100|.
                 "linear" level or count_units otherwise (zero baselines, counts) and
                          avg_change: R = d·((x_t − x0)/e) / |(X − x0)/n|  (avg_change:
                          d·realised/|X|).
                 "cumulative"  flows to reach a total: R = (S_t/e) / (X/n).
                 "cap"    cumulative with direction decrease (a budget not to exceed):
                          R = (X/n) / (S_t/e); no flow at all ⇒ R None, status on_track.
                 "years"  every_year: R = years_met / years_judged.
               R is None when e = 0 or the required rate is 0 (then a target not yet met is
               "regressing" if it moved the wrong way, else "off_track"; note ``zero_required``).
status         met               the latest figure already secures the target: the realised
                                 value computed as if x_T = x_t satisfies it (level, count:
                                 x_t satisfied; avg_growth: 100·((x_t/x0)^(1/n) − 1);
                                 avg_change: (x_t − x0)/n; cumulative gte/range: S_t); for
                                 every_year and caps only at T. At or after T: the final verdict.
               on_track          R ≥ 0.95
               needs_acceleration 0.60 ≤ R < 0.95
               off_track         0 ≤ R < 0.60
               regressing        R < 0
               no_data           fewer than the two points R needs (and not met)
               At or after T a target whose final verdict is not_met is off_track (regressing
               if R < 0), never on_track.
forecast       the indicator's figure expected at T if the realised rate continues:
                 cagr: x_t·(1 + CAGR_obs)^(T − t); linear and avg_change: x_t + rate·(T − t);
                 avg_growth: x_t·(1 + realised/100)^(T − t); cumulative: S_t + (S_t/e)·(T − t)
                 (the projected total); every_year: the straight line through the baseline (or
                 the first judged year) and x_t, extended to T. At t = T it is the figure of T.
forecast_verdict  the verdict of the realised value the forecast implies (for avg_growth and
               avg_change the realised rate itself; for every_year not_met once a year failed).
final_verdict  at_year ≥ T and the figure of T known: judge(realised at T); every_year: not_met
               as soon as one year failed, met (exceeded if every year exceeded) when all years
               t0+1 … T met; None before T.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KINDS = ("level", "avg_growth", "avg_change", "cumulative", "every_year", "count_units")
COMPARATORS = ("gte", "lte", "eq", "range")
DIRECTIONS = ("increase", "decrease")
STATUSES = ("met", "on_track", "needs_acceleration", "off_track", "regressing", "no_data")
VERDICTS = ("exceeded", "met", "not_met")
SATISFIED = ("exceeded", "met")

ON_TRACK = 0.95
NEEDS_ACCELERATION = 0.60
TOLERANCE = 0.0005  # relative: 0.05 %, half the last digit of a percent shown with one decimal
EPSILON = 1e-9

STATUS_LABELS = {
    "met": "Đã đạt",
    "on_track": "Đúng lộ trình",
    "needs_acceleration": "Cần đẩy nhanh",
    "off_track": "Khó đạt",
    "regressing": "Đi ngược",
    "no_data": "Chưa có số liệu",
}
# CSS classes (the stylesheet colours them; the word is always shown beside the colour).
STATUS_CLASSES = {
    "met": "status-met",
    "on_track": "status-on-track",
    "needs_acceleration": "status-needs-acceleration",
    "off_track": "status-off-track",
    "regressing": "status-regressing",
    "no_data": "status-no-data",
}
# The same traffic light as hex colours, for charts (ECharts) that cannot use CSS classes.
STATUS_COLOURS = {
    "met": "#1b7f3b",
    "on_track": "#2e9e5b",
    "needs_acceleration": "#d89614",
    "off_track": "#d4551f",
    "regressing": "#b3261e",
    "no_data": "#8a8f98",
}
VERDICT_LABELS = {"exceeded": "Vượt", "met": "Đạt", "not_met": "Không đạt"}
METHOD_LABELS = {
    "cagr": "Tăng trưởng kép (CAGR)",
    "linear": "Tuyến tính",
    "cumulative": "Lũy kế",
    "cap": "Lũy kế, mức trần",
    "years": "Tỷ lệ số năm đạt",
}


@dataclass(frozen=True)
class TargetSpec:
    kind: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int
    target_min: float | None
    target_max: float | None
    comparator: str = "gte"
    direction: str = "increase"
    term_start: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Loại chỉ tiêu không hợp lệ: {self.kind!r}")
        if self.comparator not in COMPARATORS:
            raise ValueError(f"Phép so sánh không hợp lệ: {self.comparator!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"Chiều đánh giá không hợp lệ: {self.direction!r}")
        if self.target_min is None and self.target_max is None:
            raise ValueError("Chỉ tiêu chưa có giá trị mục tiêu")
        if self.comparator == "range":
            if self.target_min is None or self.target_max is None:
                raise ValueError("Chỉ tiêu dạng khoảng cần cả giá trị nhỏ nhất và lớn nhất")
            if self.target_min > self.target_max:
                raise ValueError("Giá trị nhỏ nhất của khoảng lớn hơn giá trị lớn nhất")

    @property
    def sign(self) -> int:
        return 1 if self.direction == "increase" else -1

    @property
    def start_year(self) -> int | None:
        return self.baseline_year if self.baseline_year is not None else self.term_start

    @property
    def goal(self) -> float:
        """X: the value that must be reached (the near edge of a range)."""
        lo, hi = self.target_min, self.target_max
        if self.comparator == "lte":
            return hi if hi is not None else lo  # type: ignore[return-value]
        if self.comparator == "range":
            return lo if self.direction == "increase" else hi  # type: ignore[return-value]
        return lo if lo is not None else hi  # type: ignore[return-value]


@dataclass(frozen=True)
class Evaluation:
    kind: str
    at_year: int
    method: str | None
    baseline_year: int | None
    baseline_value: float | None
    target_year: int
    target_value: float
    realised: float | None
    latest_year: int | None
    latest_value: float | None
    observed_rate: float | None
    required_rate: float | None
    plan_year: int
    plan_value: float | None
    plan_actual: float | None
    plan_ratio: float | None
    plan_verdict: str | None
    term_progress: float | None
    expected_progress: float | None
    pace: float | None
    anticipated: float | None
    status: str
    forecast: float | None
    forecast_verdict: str | None
    final_verdict: str | None
    years_met: int | None = None
    years_judged: int | None = None
    missing_years: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.status]

    @property
    def plan_verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.plan_verdict or "", "")

    @property
    def final_verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.final_verdict or "", "")


# ---------------------------------------------------------------- helpers


def tolerance(x: float) -> float:
    return max(TOLERANCE * abs(x), EPSILON)


def judge(value: float | None, spec: TargetSpec) -> str | None:
    """đạt / vượt / không đạt of `value` (in the kind's realised units) against the target."""
    if value is None:
        return None
    c = spec.comparator
    if c == "range":
        lo, hi = spec.target_min, spec.target_max
        assert lo is not None and hi is not None
        if spec.direction == "increase":
            if value > hi + tolerance(hi):
                return "exceeded"
            return "met" if value >= lo - tolerance(lo) else "not_met"
        if value < lo - tolerance(lo):
            return "exceeded"
        return "met" if value <= hi + tolerance(hi) else "not_met"
    x = spec.goal
    tol = tolerance(x)
    if c == "gte":
        if value > x + tol:
            return "exceeded"
        return "met" if value >= x - tol else "not_met"
    if c == "lte":
        if value < x - tol:
            return "exceeded"
        return "met" if value <= x + tol else "not_met"
    return "met" if abs(value - x) <= tol else "not_met"


def satisfied(verdict: str | None) -> bool:
    return verdict in SATISFIED


def status_for(r: float | None) -> str:
    if r is None:
        return "no_data"
    if r >= ON_TRACK:
        return "on_track"
    if r >= NEEDS_ACCELERATION:
        return "needs_acceleration"
    if r >= 0:
        return "off_track"
    return "regressing"


def plan_judgement(actual: float | None, plan: float | None, direction: str) -> tuple[float | None, str | None]:
    """(plan_ratio, plan_verdict) of a year's figure against its annual plan."""
    if actual is None or plan is None:
        return None, None
    increase = direction == "increase"
    num, den = (actual, plan) if increase else (plan, actual)
    if num >= 0 and den > 0:
        ratio = num / den
        if ratio >= 1 + TOLERANCE:
            return ratio, "exceeded"
        return ratio, "met" if ratio >= 1 - TOLERANCE else "not_met"
    # A zero or negative figure: no meaningful ratio, compare the values themselves.
    gain = (actual - plan) if increase else (plan - actual)
    tol = tolerance(plan)
    if gain > tol:
        return None, "exceeded"
    return None, "met" if gain >= -tol else "not_met"


def _clean(series: Mapping[int, float | None], upto: int) -> dict[int, float]:
    out: dict[int, float] = {}
    for year, value in series.items():
        if value is None or year > upto:
            continue
        v = float(value)
        if math.isfinite(v):
            out[int(year)] = v
    return out


def _div(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def _cagr(first: float, last: float, years: float) -> float | None:
    """Compound annual growth as a fraction, None when undefined."""
    if first <= 0 or last <= 0 or years <= 0:
        return None
    return (last / first) ** (1 / years) - 1


@dataclass
class _Result:
    """Mutable scratch for one evaluation; frozen into an Evaluation at the end."""

    method: str | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    realised: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    term_progress: float | None = None
    expected_progress: float | None = None
    pace: float | None = None
    anticipated: float | None = None
    met_now: bool = False
    forecast: float | None = None
    forecast_verdict: str | None = None
    final_verdict: str | None = None
    years_met: int | None = None
    years_judged: int | None = None
    missing_years: tuple[int, ...] = ()
    zero_required: bool = False
    no_flow: bool = False


def _missing(start: int | None, end: int | None, years: Iterable[int]) -> tuple[int, ...]:
    if start is None or end is None:
        return ()
    have = set(years)
    return tuple(y for y in range(start + 1, end + 1) if y not in have)


def _baseline(spec: TargetSpec, obs: dict[int, float], notes: list[str]) -> tuple[int | None, float | None]:
    t0, x0 = spec.start_year, spec.baseline_value
    if t0 is None:
        if not obs:
            return None, x0
        t0 = min(obs)
        if x0 is None:
            x0 = obs[t0]
        notes.append("baseline_from_series")
        return t0, float(x0)
    if x0 is None:
        if t0 in obs:
            x0 = obs[t0]
        else:
            later = [y for y in obs if y > t0]
            if not later:
                return t0, None
            t0 = min(later)
            x0 = obs[t0]
        notes.append("baseline_from_series")
    return t0, float(x0)


# ---------------------------------------------------------------- kinds


def _stock(spec: TargetSpec, obs: dict[int, float], at_year: int, notes: list[str]) -> _Result:
    """level, count_units, avg_growth, avg_change: a stock compared with its baseline."""
    res = _Result()
    T, kind, d = spec.target_year, spec.kind, spec.sign
    t0, x0 = _baseline(spec, obs, notes)
    res.baseline_year, res.baseline_value = t0, x0
    after = [y for y in obs if t0 is None or y >= t0]
    if not after:
        return res
    t = max(after)
    xt = obs[t]
    res.latest_year, res.latest_value = t, xt
    res.missing_years = _missing(t0, t, obs)
    if x0 is None or t0 is None:
        if kind in ("level", "count_units"):
            res.realised = xt
            res.met_now = satisfied(judge(xt, spec))
        return res
    e, n = t - t0, T - t0
    X = spec.goal
    at_end = at_year >= T and t == T

    if kind in ("level", "count_units"):
        res.realised = xt
        res.met_now = satisfied(judge(xt, spec))
        res.term_progress = _div(xt - x0, X - x0) if X != x0 else (1.0 if res.met_now else 0.0)
        res.expected_progress = _div(e, n) if e > 0 else None
        if kind == "level" and x0 > 0 and xt > 0 and X > 0 and e > 0 and n > 0:
            res.method = "cagr"
            obs_rate = _cagr(x0, xt, e)
            req_rate = _cagr(x0, X, n)
            assert obs_rate is not None and req_rate is not None
            res.observed_rate, res.required_rate = 100 * obs_rate, 100 * req_rate
            res.forecast = xt * (1 + obs_rate) ** (T - t)
            res.anticipated = _div(d * obs_rate, abs(req_rate))
        elif e > 0 and n > 0:
            res.method = "linear"
            obs_rate, req_rate = (xt - x0) / e, (X - x0) / n
            res.observed_rate, res.required_rate = obs_rate, req_rate
            res.forecast = xt + obs_rate * (T - t)
            res.anticipated = _div(d * obs_rate, abs(req_rate))
        if t >= T:
            res.forecast = xt
        res.forecast_verdict = judge(res.forecast, spec)
        if at_end:
            res.final_verdict = judge(xt, spec)
        res.zero_required = res.method is not None and res.required_rate == 0
    elif kind == "avg_growth":
        g = X / 100
        res.required_rate = X
        if x0 <= 0 or xt <= 0:
            notes.append("growth_undefined")
            return res
        res.method = "cagr"
        if n > 0:
            res.met_now = satisfied(judge(100 * _cagr(x0, xt, n), spec))  # type: ignore[operator]
            path_end = x0 * (1 + g) ** n
            res.term_progress = _div(xt - x0, path_end - x0)
            if e > 0:
                growth = (1 + g) ** n - 1
                res.expected_progress = ((1 + g) ** e - 1) / growth if growth != 0 else e / n
        if e > 0:
            rate = _cagr(x0, xt, e)
            assert rate is not None
            res.realised = res.observed_rate = 100 * rate
            res.anticipated = _div(d * rate, abs(g))
            res.forecast = xt * (1 + rate) ** max(T - t, 0)
            res.forecast_verdict = judge(res.realised, spec)
            if at_end:
                res.final_verdict = judge(res.realised, spec)
        res.zero_required = g == 0
    else:  # avg_change
        res.method = "linear"
        res.required_rate = X
        if n > 0:
            res.met_now = satisfied(judge((xt - x0) / n, spec))
            res.term_progress = _div(xt - x0, X * n)
            res.expected_progress = e / n if e > 0 else None
        if e > 0:
            rate = (xt - x0) / e
            res.realised = res.observed_rate = rate
            res.anticipated = _div(d * rate, abs(X))
            res.forecast = xt + rate * max(T - t, 0)
            res.forecast_verdict = judge(rate, spec)
            if at_end:
                res.final_verdict = judge(rate, spec)
        res.zero_required = X == 0
    res.pace = _div(res.term_progress, res.expected_progress)
    return res


def _cumulative(spec: TargetSpec, obs: dict[int, float], at_year: int, notes: list[str]) -> _Result:
    res = _Result()
    T, X = spec.target_year, spec.goal
    t0 = spec.start_year
    if t0 is None:
        if not obs:
            return res
        t0 = min(obs) - 1
    res.baseline_year, res.baseline_value = t0, spec.baseline_value
    flows = {y: v for y, v in obs.items() if y > t0}
    if not flows:
        return res
    t = max(flows)
    total = sum(flows.values())
    e, n = t - t0, T - t0
    res.latest_year, res.latest_value, res.realised = t, flows[t], total
    res.missing_years = _missing(t0, t, flows)
    res.term_progress = _div(total, X)
    res.expected_progress = _div(e, n)
    res.pace = _div(res.term_progress, res.expected_progress)
    rate = total / e
    res.observed_rate, res.required_rate = rate, _div(X, n)
    res.forecast = total + rate * max(T - t, 0)
    cap = spec.direction == "decrease"
    if cap:
        res.method = "cap"
        if rate > 0:
            res.anticipated = _div(res.required_rate, rate)
        else:
            res.no_flow = True
    else:
        res.method = "cumulative"
        res.anticipated = _div(rate, res.required_rate)
        res.zero_required = not res.required_rate
        # Flows only add up: once the total is reached it stays reached.
        res.met_now = spec.comparator in ("gte", "range") and satisfied(judge(total, spec))
    res.forecast_verdict = judge(res.forecast, spec)
    if at_year >= T and t == T:
        res.final_verdict = judge(total, spec)
    return res


def _every_year(spec: TargetSpec, obs: dict[int, float], at_year: int, notes: list[str]) -> _Result:
    res = _Result(method="years")
    T = spec.target_year
    t0 = spec.start_year
    if t0 is None:
        if not obs:
            return res
        t0 = min(obs) - 1
    res.baseline_year = t0
    res.baseline_value = spec.baseline_value if spec.baseline_value is not None else obs.get(t0)
    judged = {y: judge(v, spec) for y, v in sorted(obs.items()) if y > t0}
    res.years_judged = len(judged)
    res.years_met = sum(1 for v in judged.values() if satisfied(v))
    n = T - t0
    res.term_progress = _div(res.years_met, n)
    if not judged:
        return res
    t = max(judged)
    xt = obs[t]
    res.latest_year, res.latest_value, res.realised = t, xt, xt
    res.missing_years = _missing(t0, t, judged)
    res.expected_progress = _div(res.years_judged, n)
    res.pace = res.anticipated = res.years_met / res.years_judged
    failed = any(v == "not_met" for v in judged.values())
    # Straight line through the baseline (or the first judged year) and the latest figure.
    if res.baseline_value is not None and t > t0:
        first_year, first = t0, res.baseline_value
    else:
        first_year = min(judged)
        first = obs[first_year]
    slope = (xt - first) / (t - first_year) if t > first_year else 0.0
    res.forecast = xt + slope * max(T - t, 0)
    res.forecast_verdict = "not_met" if failed else judge(res.forecast, spec)
    if at_year >= T:
        if failed:
            res.final_verdict = "not_met"
        elif all(y in judged for y in range(t0 + 1, T + 1)):
            all_exceeded = all(v == "exceeded" for v in judged.values())
            res.final_verdict = "exceeded" if all_exceeded else "met"
    return res


# ---------------------------------------------------------------- public API


def evaluate(spec: TargetSpec, series: Mapping[int, float | None], plans: Mapping[int, float], at_year: int) -> Evaluation:
    """Judge one target at `at_year` from the yearly figures of its indicator (see module doc)."""
    notes: list[str] = []
    T = spec.target_year
    horizon = min(at_year, T)
    known = _clean(series, at_year)
    obs = {y: v for y, v in known.items() if y <= horizon}
    if at_year > T:
        notes.append("after_target_year")

    if spec.kind == "cumulative":
        res = _cumulative(spec, obs, at_year, notes)
    elif spec.kind == "every_year":
        res = _every_year(spec, obs, at_year, notes)
    else:
        res = _stock(spec, obs, at_year, notes)
    if res.missing_years:
        notes.append("missing_years")

    # Status (thresholds in the module doc).
    r = res.anticipated
    if res.final_verdict is not None:
        if satisfied(res.final_verdict):
            status = "met"
        else:
            status = "regressing" if r is not None and r < 0 else "off_track"
    elif res.met_now:
        status = "met"
    elif r is not None:
        status = status_for(r)
    elif res.no_flow:
        status = "on_track"
    elif res.zero_required and res.latest_year is not None:
        notes.append("zero_required")
        moved = (res.latest_value or 0) - (res.baseline_value or 0)
        status = "regressing" if spec.sign * moved < 0 else "off_track"
    else:
        status = "no_data"

    # Annual plan of at_year.
    plan_value = plans.get(at_year)
    if plan_value is None and spec.kind == "every_year":
        plan_value = spec.goal
        notes.append("implicit_plan")
    plan_actual = known.get(at_year)
    plan_ratio, plan_verdict = plan_judgement(plan_actual, plan_value, spec.direction)

    return Evaluation(
        kind=spec.kind,
        at_year=at_year,
        method=res.method,
        baseline_year=res.baseline_year,
        baseline_value=res.baseline_value,
        target_year=T,
        target_value=spec.goal,
        realised=res.realised,
        latest_year=res.latest_year,
        latest_value=res.latest_value,
        observed_rate=res.observed_rate,
        required_rate=res.required_rate,
        plan_year=at_year,
        plan_value=float(plan_value) if plan_value is not None else None,
        plan_actual=plan_actual,
        plan_ratio=plan_ratio,
        plan_verdict=plan_verdict,
        term_progress=res.term_progress,
        expected_progress=res.expected_progress,
        pace=res.pace,
        anticipated=res.anticipated,
        status=status,
        forecast=res.forecast,
        forecast_verdict=res.forecast_verdict,
        final_verdict=res.final_verdict,
        years_met=res.years_met,
        years_judged=res.years_judged,
        missing_years=res.missing_years,
        notes=tuple(notes),
    )


def count_statuses(evaluations: Iterable[Evaluation]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for ev in evaluations:
        counts[ev.status] += 1
    return counts


SUMMARY_WORDS = {
    "empty": "Chưa có chỉ tiêu nào để đánh giá năm {year}.",
    "reached": "Có {reached}/{total} chỉ tiêu đạt và vượt kế hoạch năm {year}",
    "failed": "{n} chỉ tiêu không đạt",
    "no_data": "{n} chỉ tiêu chưa có số liệu",
    "no_plan": "{n} chỉ tiêu chưa có kế hoạch năm",
}


def summarize(evaluations: list[Evaluation], year: int, words: dict[str, str] | None = None) -> str:
    """The report sentence on the annual plan of `year`.

    "Có 15/20 chỉ tiêu đạt và vượt kế hoạch năm 2025; 5 chỉ tiêu không đạt." — followed, when
    there are any, by "; k chỉ tiêu chưa có số liệu" (no figure for the year) and "; m chỉ
    tiêu chưa có kế hoạch năm" (a figure but no annual plan to judge it against).
    `words` replaces SUMMARY_WORDS (the Django layer passes translated ones).
    """
    words = words or SUMMARY_WORDS
    total = len(evaluations)
    if not total:
        return words["empty"].format(year=year)
    reached = sum(1 for ev in evaluations if satisfied(ev.plan_verdict))
    failed = sum(1 for ev in evaluations if ev.plan_verdict == "not_met")
    no_data = sum(1 for ev in evaluations if ev.plan_verdict is None and ev.plan_actual is None)
    no_plan = total - reached - failed - no_data
    parts = [words["reached"].format(reached=reached, total=total, year=year)]
    for key, n in (("failed", failed), ("no_data", no_data), ("no_plan", no_plan)):
        if n:
            parts.append(words[key].format(n=n))
    return "; ".join(parts) + "."
