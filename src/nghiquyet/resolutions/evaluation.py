"""Evaluate a resolution's targets from the stored figures: the ORM side of progress.py.

`evaluate_resolution` reads everything it needs in a small, constant number of queries
whatever the number of targets: the targets with their indicator and judged unit (one
query), their annual plans (one prefetch), then every yearly figure of every target in one
`indicators.services.read_values` call (a few queries). The arithmetic is all in
`progress.evaluate`; this module only gathers the inputs and shapes the outputs.

The figures of a target are read at `target.unit` (its scope unit, else the issuer's
administrative unit) for every year from min(baseline_year, term_start) to `at_year`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

from nghiquyet.indicators import periods
from nghiquyet.indicators.models import RollupValue
from nghiquyet.indicators.services import Reading, read_values

from . import progress
from .models import Resolution, Target

# Vietnamese in locale/vi (the same words as progress.STATUS_LABELS / VERDICT_LABELS).
STATUS_NAMES = {
    "met": pgettext_lazy("target status", "Met"),
    "on_track": pgettext_lazy("target status", "On track"),
    "needs_acceleration": pgettext_lazy("target status", "Needs acceleration"),
    "off_track": pgettext_lazy("target status", "Off track"),
    "regressing": pgettext_lazy("target status", "Regressing"),
    "no_data": pgettext_lazy("target status", "No data"),
}
VERDICT_NAMES = {
    "exceeded": pgettext_lazy("verdict", "Exceeded"),
    "met": pgettext_lazy("verdict", "Met"),
    "not_met": pgettext_lazy("verdict", "Not met"),
}
RECORD_KEYS = (
    "code", "kind", "baseline", "target", "latest_year", "latest_value", "plan_ratio",
    "term_progress", "anticipated", "status", "forecast",
)


def summary_words() -> dict[str, str]:
    """progress.SUMMARY_WORDS in the active language (Vietnamese by default)."""
    return {
        "empty": gettext("No target to judge for {year}."),
        "reached": gettext("{reached}/{total} targets met or exceeded the plan for {year}"),
        "failed": gettext("{n} not met"),
        "no_data": gettext("{n} without figures"),
        "no_plan": gettext("{n} without an annual plan"),
    }


def status_label(status: str) -> str:
    """The status in words, in the active language (never colour alone)."""
    return str(STATUS_NAMES[status])


def verdict_label(verdict: str | None) -> str:
    return str(VERDICT_NAMES[verdict]) if verdict else ""


@dataclass
class TargetEvaluation:
    target: Target
    result: progress.Evaluation
    series: dict[int, float | None]
    plans: dict[int, float]
    readings: dict[int, Reading]

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def status_label(self) -> str:
        return status_label(self.result.status)

    @property
    def status_class(self) -> str:
        return progress.STATUS_CLASSES[self.result.status]

    @property
    def plan_verdict_label(self) -> str:
        return verdict_label(self.result.plan_verdict)

    @property
    def final_verdict_label(self) -> str:
        return verdict_label(self.result.final_verdict)

    @property
    def estimated_years(self) -> list[int]:
        """Years whose figure is still an estimate (ước thực hiện), for a footnote."""
        return sorted(y for y, r in self.readings.items() if r.value is not None and r.is_estimated)

    @property
    def conflict_years(self) -> list[int]:
        """Years where the unit's own figure differs from the sum of its children."""
        return sorted(y for y, r in self.readings.items() if r.conflict)


@dataclass
class ResolutionEvaluation:
    resolution: Resolution
    at_year: int
    items: list[TargetEvaluation]
    summary: str
    status_counts: dict[str, int] = field(default_factory=dict)


def spec_of(target: Target) -> progress.TargetSpec:
    try:
        return progress.TargetSpec(
            kind=target.kind, baseline_year=target.baseline_year, baseline_value=target.baseline_value,
            target_year=target.target_year, target_min=target.target_min, target_max=target.target_max,
            comparator=target.comparator, direction=target.direction,
            term_start=target.resolution.term_start,
        )
    except ValueError as exc:
        raise ValueError(f"Chỉ tiêu {target.code}: {exc}") from exc


def series_years(target: Target, at_year: int) -> range:
    """min(baseline_year, term_start) … at_year."""
    starts = [y for y in (target.baseline_year, target.resolution.term_start) if y is not None]
    return range(min(starts), at_year + 1)


def data_years(resolutions: Iterable[Resolution]) -> dict[int, set[int]]:
    """Years with any figure for each resolution's targets at their judged units (2 queries).

    Reads the maintained rollup rows, so it costs an index range scan, not a scan of figures.
    """
    resolutions = list(resolutions)
    pairs: dict[int, set[tuple[int, int]]] = {r.pk: set() for r in resolutions}
    for target in Target.objects.filter(resolution__in=resolutions).select_related(
        "scope_unit", "resolution__issuer__parent"
    ).only("resolution_id", "indicator_id", "scope_unit", "resolution__issuer"):
        pairs[target.resolution_id].add((target.indicator_id, target.unit.pk))
    out: dict[int, set[int]] = {r.pk: set() for r in resolutions}
    by_indicator: dict[int, set[int]] = defaultdict(set)
    for ps in pairs.values():
        for ind_id, unit_id in ps:
            by_indicator[ind_id].add(unit_id)
    if not by_indicator:
        return out
    cond = Q()
    for ind_id, unit_ids in by_indicator.items():
        cond |= Q(indicator_id=ind_id, unit_id__in=sorted(unit_ids))
    lo = min(r.term_start for r in resolutions)
    hi = max(r.term_end for r in resolutions)
    # Period codes start with their year ("2024", "2024M03"), so a string range selects the years.
    found = (
        RollupValue.objects.filter(cond, period__gte=str(lo), period__lt=str(hi + 1), value__isnull=False)
        .values_list("indicator_id", "unit_id", "period").distinct()
    )
    for ind_id, unit_id, period in found:
        if not periods.is_valid(period) or periods.parse(period).kind == "term":
            continue
        for res_id, ps in pairs.items():
            if (ind_id, unit_id) in ps:
                out[res_id].add(periods.parse(period).year)
    return out


def default_years(resolutions: Iterable[Resolution], today: dt.date | None = None) -> dict[int, int]:
    """The year each resolution is judged at by default.

    The latest year after the term's first year, up to this year, that has a figure; without
    one, this year kept within the term. A district resolution of 2020–2025 read in 2026 thus
    opens at 2024, its last year with figures, not at an empty 2025.
    """
    resolutions = list(resolutions)
    this_year = (today or timezone.localdate()).year
    found = data_years(resolutions)
    out = {}
    for r in resolutions:
        inside = [y for y in found[r.pk] if r.term_start < y <= min(r.term_end, this_year)]
        out[r.pk] = max(inside) if inside else max(r.term_start, min(this_year, r.term_end))
    return out


def default_year(resolution: Resolution, today: dt.date | None = None) -> int:
    return default_years([resolution], today)[resolution.pk]


def evaluate_targets(targets: Iterable[Target], at_year: int) -> list[TargetEvaluation]:
    """Evaluate targets (of any resolutions) at `at_year` with one bulk read of their figures.

    For a constant number of queries, pass targets loaded with
    select_related("indicator", "scope_unit", "resolution__issuer__parent"); annual plans are
    prefetched here unless already prefetched.
    """
    targets = list(targets)
    prefetch_related_objects(targets, "annual_plans")
    plan: list[tuple[Target, int, range]] = []
    keys: set[tuple[int, int, str]] = set()
    for target in targets:
        unit_id = target.unit.pk
        years = series_years(target, at_year)
        plan.append((target, unit_id, years))
        keys.update((target.indicator_id, unit_id, periods.year_code(y)) for y in years)
    found = read_values(keys)
    out = []
    for target, unit_id, years in plan:
        readings = {y: found[(target.indicator_id, unit_id, periods.year_code(y))] for y in years}
        series = {y: r.value for y, r in readings.items()}
        plans = {p.year: p.value for p in target.annual_plans.all()}
        result = progress.evaluate(spec_of(target), series, plans, at_year)
        out.append(TargetEvaluation(target=target, result=result, series=series, plans=plans, readings=readings))
    return out


def _targets_of(resolutions: list[Resolution]):
    return (
        Target.objects.filter(resolution__in=resolutions)
        .select_related("indicator", "field", "scope_unit", "resolution__issuer__parent")
        .prefetch_related("annual_plans")
        .order_by("resolution_id", "order", "code")
    )


def _assemble(resolution: Resolution, at_year: int, items: list[TargetEvaluation]) -> ResolutionEvaluation:
    results = [item.result for item in items]
    return ResolutionEvaluation(
        resolution=resolution, at_year=at_year, items=items,
        summary=progress.summarize(results, at_year, summary_words()), status_counts=progress.count_statuses(results),
    )


def evaluate_resolution(resolution: Resolution, at_year: int) -> ResolutionEvaluation:
    """All targets of `resolution` judged at `at_year`, with the summary sentence."""
    items = evaluate_targets(_targets_of([resolution]), at_year)
    return _assemble(resolution, at_year, items)


def evaluate_resolutions(resolutions: Iterable[Resolution], at_year: int | None = None) -> list[ResolutionEvaluation]:
    """Several resolutions at once (a home page), in the same constant number of queries.

    `at_year` None judges each resolution at its `default_years` year.
    """
    resolutions = list(resolutions)
    by_resolution: dict[int, list[Target]] = {r.pk: [] for r in resolutions}
    for target in _targets_of(resolutions):
        by_resolution[target.resolution_id].append(target)
    years = default_years(resolutions) if at_year is None else {r.pk: at_year for r in resolutions}
    items_by_year: dict[int, list[TargetEvaluation]] = {}
    for year in set(years.values()):
        chosen = [t for r in resolutions if years[r.pk] == year for t in by_resolution[r.pk]]
        items_by_year[year] = evaluate_targets(chosen, year)
    out = []
    for r in resolutions:
        items = [i for i in items_by_year[years[r.pk]] if i.target.resolution_id == r.pk]
        out.append(_assemble(r, years[r.pk], items))
    return out


def evaluate_target(target: Target, at_year: int) -> TargetEvaluation:
    return evaluate_targets([target], at_year)[0]


def _num(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def target_value(target: Target) -> float | list[float] | None:
    """The target as stated: one number, or [min, max] for a range ("9–10 %/năm")."""
    if target.comparator == "range":
        return [target.target_min, target.target_max]  # type: ignore[list-item]
    return target.target_max if target.comparator == "lte" and target.target_max is not None else (
        target.target_min if target.target_min is not None else target.target_max
    )


def evaluation_records(ev: ResolutionEvaluation) -> list[dict[str, Any]]:
    """One flat record per target for JSON / CSV / Excel output (`nghiquyet evaluate`).

    Ratios (plan_ratio, term_progress, anticipated) are plain ratios, 1.0 = 100 %; numbers are
    rounded to 4 decimals. The keys of RECORD_KEYS come first, then extras.
    """
    rows = []
    for item in ev.items:
        t, r = item.target, item.result
        rows.append({
            "code": t.code,
            "kind": t.kind,
            "baseline": _num(r.baseline_value),
            "target": target_value(t),
            "latest_year": r.latest_year,
            "latest_value": _num(r.latest_value),
            "plan_ratio": _num(r.plan_ratio),
            "term_progress": _num(r.term_progress),
            "anticipated": _num(r.anticipated),
            "status": r.status,
            "forecast": _num(r.forecast),
            # extras
            "text": t.text,
            "unit_of_measure": t.indicator.unit_of_measure,
            "status_label": status_label(r.status),
            "plan_verdict": r.plan_verdict,
            "plan_year": r.plan_year,
            "plan_value": _num(r.plan_value),
            "realised": _num(r.realised),
            "baseline_year": r.baseline_year,
            "target_year": r.target_year,
            "comparator": t.comparator,
            "direction": t.direction,
            "pace": _num(r.pace),
            "method": r.method,
            "final_verdict": r.final_verdict,
        })
    return rows

