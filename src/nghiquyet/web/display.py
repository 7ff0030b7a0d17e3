"""What the pages show for a target, a reading or a period: words and numbers, no queries.

Every function here works on objects the view already loaded (a TargetEvaluation, a Reading),
so building a table never touches the database again.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nghiquyet.indicators import periods
from nghiquyet.resolutions import evaluation, progress
from nghiquyet.units.models import UnitKind

from .formats import format_compact, format_number, format_percent

EN_METHOD_LABELS = {
    "cagr": "Compound growth (CAGR)",
    "linear": "Linear",
    "cumulative": "Cumulative",
    "cap": "Cumulative, ceiling",
    "years": "Share of years met",
}


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def status_label(status: str) -> str:
    """The status in words (never colour alone), in the active language."""
    return evaluation.status_label(status)


def verdict_label(verdict: str | None) -> str:
    return evaluation.verdict_label(verdict)


def method_label(method: str | None) -> str:
    if not method:
        return ""
    if _english():
        return EN_METHOD_LABELS.get(method, method)
    return progress.METHOD_LABELS.get(method, method)


def unit_kind_label(kind: str) -> str:
    """The unit kind in the active language (the units app's choices and catalogue)."""
    try:
        return str(UnitKind(kind).label)
    except ValueError:
        return kind


def period_label(code: str) -> str:
    try:
        return periods.label(code, "en" if _english() else "vi")
    except (ValueError, AttributeError, TypeError):
        return str(code)


# --------------------------------------------------------------------------- targets


def _uom(indicator) -> str:
    return (indicator.unit_of_measure or "").strip()


def _rate_unit(target) -> str:
    """Unit of a yearly change: "%/năm" for growth, points (or the indicator's unit) per year."""
    if target.kind == "avg_growth":
        return _("%/year")
    uom = _uom(target.indicator)
    if target.indicator.value_type == "percent" or uom == "%":
        return _("percentage points/year")
    return _("%(unit)s/year") % {"unit": uom} if uom else _("per year")


def target_expression(target) -> str:
    """The goal in words: "≥ 62%", "tăng bình quân 9–10 %/năm", "lũy kế cả nhiệm kỳ ≥ 500 đảng viên"."""
    lo, hi = target.target_min, target.target_max
    places = max(target.indicator.decimals, 2)
    comparator = target.comparator
    rate_kind = target.kind in ("avg_growth", "avg_change")
    falling = rate_kind and target.direction == "decrease" and all(v is None or v <= 0 for v in (lo, hi))
    if falling:
        # "giảm bình quân 4 điểm %/năm" reads better than "bình quân ≤ -4": flip sign and comparator.
        lo, hi = (-hi if hi is not None else None), (-lo if lo is not None else None)
        comparator = {"gte": "lte", "lte": "gte"}.get(comparator, comparator)
    if comparator == "range" and lo is not None and hi is not None:
        core = f"{format_compact(lo, places)}–{format_compact(hi, places)}"
    else:
        symbol = {"gte": "≥", "lte": "≤", "eq": "="}.get(comparator, "")
        value = hi if comparator == "lte" and hi is not None else (lo if lo is not None else hi)
        core = f"{symbol} {format_compact(value, places)}".strip()
    if rate_kind:
        if falling:
            return _("decrease on average by %(goal)s %(unit)s") % {"goal": core, "unit": _rate_unit(target)}
        return _("increase on average by %(goal)s %(unit)s") % {"goal": core, "unit": _rate_unit(target)}
    uom = _uom(target.indicator)
    if uom == "%":
        with_unit = f"{core}%"
    else:
        with_unit = f"{core} {uom}".strip()
    if target.kind == "cumulative":
        return _("total over the term %(goal)s") % {"goal": with_unit}
    if target.kind == "every_year":
        return _("every year %(goal)s") % {"goal": with_unit}
    return with_unit


def _is_estimated(item, year: int) -> bool:
    readings = getattr(item, "readings", None) or {}
    reading = readings.get(year) if isinstance(readings, dict) else None
    return bool(reading is not None and getattr(reading, "kind", None) == "estimated")


def realised_text(target, result) -> str:
    """The realised quantity when it is not simply the latest figure (rates, totals, years)."""
    dec = target.indicator.decimals
    if result.realised is None:
        return ""
    if target.kind == "avg_growth":
        return _("average growth %(rate)s%%/year") % {"rate": format_number(result.realised, 1)}
    if target.kind == "avg_change":
        return _("average change %(rate)s %(unit)s") % {
            "rate": format_number(result.realised, max(dec, 2)), "unit": _rate_unit(target),
        }
    if target.kind == "cumulative":
        return _("total so far %(total)s") % {"total": format_number(result.realised, dec)}
    if target.kind == "every_year" and result.years_judged:
        return _("%(met)s of %(judged)s years met") % {"met": result.years_met, "judged": result.years_judged}
    return ""


def target_row(item, year: int) -> dict[str, Any]:
    """One row of the resolution table (and the head of the target page)."""
    target, result = item.target, item.result
    indicator = target.indicator
    return {
        "target": target,
        "indicator": indicator,
        "decimals": indicator.decimals,
        "uom": _uom(indicator),
        "expression": target_expression(target),
        "baseline_value": result.baseline_value if result.baseline_value is not None else target.baseline_value,
        "baseline_year": result.baseline_year if result.baseline_year is not None else target.baseline_year,
        "plan_value": result.plan_value,
        "plan_actual": result.plan_actual,
        "plan_ratio": result.plan_ratio,
        "plan_verdict": result.plan_verdict,
        "plan_verdict_label": verdict_label(result.plan_verdict),
        "latest_value": result.latest_value,
        "latest_year": result.latest_year,
        "latest_estimated": _is_estimated(item, result.latest_year) if result.latest_year else False,
        "realised_text": realised_text(target, result),
        "term_progress": result.term_progress,
        "pace": result.pace,
        "anticipated": result.anticipated,
        "status": result.status,
        "status_label": status_label(result.status),
        "status_class": progress.STATUS_CLASSES.get(result.status, ""),
        "forecast": result.forecast,
        "forecast_verdict_label": verdict_label(result.forecast_verdict),
        "final_verdict_label": verdict_label(result.final_verdict),
        "result": result,
        "year": year,
    }


def group_rows(rows: list[dict[str, Any]], fields: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """Consecutive rows grouped by field (lĩnh vực), as Vietnamese reports present them.

    The resolution's order is kept; a target without a field stays in the group before it.
    """
    groups: list[dict[str, Any]] = []
    for row in rows:
        t = row["target"]
        field_id = t.field_id or row["indicator"].field_id
        if groups and (field_id is None or groups[-1]["field_id"] == field_id):
            groups[-1]["rows"].append(row)
            continue
        field = (fields or {}).get(field_id) if field_id else None
        groups.append({"field_id": field_id, "field": field, "rows": [row]})
    return groups


def method_facts(target, result) -> list[tuple[str, str]]:
    """The rates behind the verdict, labelled, for the target page's method panel."""
    dec = target.indicator.decimals
    facts: list[tuple[str, str]] = []
    if result.method:
        facts.append((_("Method"), method_label(result.method)))
    def rate(v: float | None) -> str:
        if v is None:
            return "—"
        if target.kind == "avg_growth" or result.method == "cagr":
            return format_number(v, 2) + _("%/year")
        if target.kind == "cumulative" or result.method == "linear":
            return f"{format_number(v, max(dec, 2))} {_rate_unit(target)}"
        return format_number(v, max(dec, 2))

    if result.observed_rate is not None and target.kind != "every_year":
        facts.append((_("Observed rate"), rate(result.observed_rate)))
    if result.required_rate is not None and target.kind != "every_year":
        facts.append((_("Required rate"), rate(result.required_rate)))
    if target.kind == "every_year" and result.years_judged:
        facts.append((_("Years meeting the target"), f"{result.years_met}/{result.years_judged}"))
    facts.append((_("Progress to term (share of the way covered)"), format_percent(result.term_progress)))
    facts.append((_("Expected progress by now"), format_percent(result.expected_progress)))
    facts.append((_("Pace (progress / expected)"), format_number(result.pace, 2)))
    facts.append((_("Anticipated progress R"), format_number(result.anticipated, 2)))
    facts.append((
        _("Forecast for %(year)s") % {"year": result.target_year},
        format_number(result.forecast, dec) + (f" ({verdict_label(result.forecast_verdict)})" if result.forecast_verdict else ""),
    ))
    if result.missing_years:
        facts.append((_("Years without figures"), ", ".join(str(y) for y in result.missing_years)))
    return facts


def method_text(target, result) -> str:
    """How the realised value is computed for this kind of target, in one sentence."""
    texts = {
        "level": _("The realised value is the latest figure, compared with the target level."),
        "count_units": _("The realised value is the number of units in scope meeting the standard (the sum of a yes/no indicator)."),
        "avg_growth": _("The realised value is the compound average annual growth from the baseline: ((x_t / x0)^(1 / years) − 1) × 100."),
        "avg_change": _("The realised value is the average yearly change from the baseline: (x_t − x0) / years."),
        "cumulative": _("The realised value is the sum of the yearly figures since the baseline year."),
        "every_year": _("Every year's figure is judged against the threshold on its own."),
    }
    method_texts = {
        "cagr": _("R compares the observed compound growth rate with the rate required to reach the target on time."),
        "linear": _("R compares the observed average yearly change with the change required to reach the target on time."),
        "cumulative": _("R compares the average yearly flow so far with the flow required to reach the total."),
        "cap": _("R compares the allowed average yearly flow with the flow so far (a ceiling not to exceed)."),
        "years": _("R is the share of the judged years that met the threshold."),
    }
    thresholds = _("Status: met when the target is already secured; otherwise R ≥ 0.95 on track, 0.60–0.95 needs acceleration, 0–0.60 off track, below 0 regressing (UN ESCAP method).")
    parts = [texts.get(target.kind, "")]
    if result.method in method_texts:
        parts.append(method_texts[result.method])
    parts.append(thresholds)
    return " ".join(p for p in parts if p)


def plan_rows(target, item, term_start: int, term_end: int) -> list[dict[str, Any]]:
    """Each year of the term: plan, figure, ratio and verdict (the same rule as progress.py)."""
    plans = dict(getattr(item, "plans", None) or {})
    series = dict(getattr(item, "series", None) or {})
    rows = []
    for year in range(term_start, term_end + 1):
        plan, actual = plans.get(year), series.get(year)
        if plan is None and actual is None:
            continue
        ratio, verdict = progress.plan_judgement(actual, plan, target.direction)
        rows.append({
            "year": year, "plan": plan, "actual": actual, "ratio": ratio,
            "verdict": verdict, "verdict_label": verdict_label(verdict),
        })
    return rows


# --------------------------------------------------------------------------- readings

SOURCE_BADGES = {
    "own": "badge-own",
    "children": "badge-children",
    "months": "badge-children",
    "predecessors": "badge-children",
    "none": "badge-muted",
}


def source_label(source: str) -> str:
    labels = {
        "own": _("entered"),
        "children": _("aggregated from lower units"),
        "months": _("aggregated from months"),
        "predecessors": _("aggregated from units before the merger"),
        "none": _("no data"),
    }
    return labels.get(source, source)


def reading_info(reading) -> dict[str, Any]:
    source = reading.source if reading.value is not None else "none"
    return {
        "value": reading.value,
        "source": source,
        "source_label": source_label(source),
        "badge": SOURCE_BADGES.get(source, "badge-muted"),
        "own_value": reading.own_value,
        "children_value": reading.children_value,
        "children_count": reading.children_count,
        "conflict": bool(reading.conflict),
        "estimated": reading.kind == "estimated",
    }


def child_row(unit, reading) -> dict[str, Any]:
    info = reading_info(reading)
    info["unit"] = unit
    return info
