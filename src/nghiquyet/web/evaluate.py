"""The pages' view of `resolutions.evaluation`: which year to show, and status summaries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q

from nghiquyet.indicators.models import RollupValue
from nghiquyet.resolutions import evaluation, progress
from nghiquyet.resolutions.models import Resolution, Target

RESOLUTION_STATUSES = progress.STATUSES
status_label = evaluation.status_label
evaluate = evaluation.evaluate_resolution
evaluate_one = evaluation.evaluate_target


def _admin_unit_id(issuer) -> int:
    return issuer.pk if issuer.is_admin or issuer.parent_id is None else issuer.parent_id


def data_years(resolutions: list[Resolution]) -> dict[int, set[int]]:
    """Years with any figure for each resolution's targets at their judged units (2 queries)."""
    pairs: dict[int, set[tuple[int, int]]] = defaultdict(set)
    by_id = {r.pk: r for r in resolutions}
    for res_id, ind_id, scope_id in Target.objects.filter(resolution__in=resolutions).values_list(
        "resolution_id", "indicator_id", "scope_unit_id"
    ):
        unit_id = scope_id or _admin_unit_id(by_id[res_id].issuer)
        pairs[res_id].add((ind_id, unit_id))
    out: dict[int, set[int]] = {r.pk: set() for r in resolutions}
    all_pairs = {p for ps in pairs.values() for p in ps}
    if not all_pairs:
        return out
    lo = min(r.term_start for r in resolutions)
    hi = max(r.term_end for r in resolutions)
    by_indicator: dict[int, set[int]] = defaultdict(set)
    for ind_id, unit_id in all_pairs:
        by_indicator[ind_id].add(unit_id)
    cond = Q()
    for ind_id, unit_ids in by_indicator.items():
        cond |= Q(indicator_id=ind_id, unit_id__in=sorted(unit_ids))
    # Period codes start with their year ("2024", "2024M03", "2024Q3"), so a string range
    # selects a term's years; a term code ("2020-2025") is skipped below.
    found = (
        RollupValue.objects.filter(cond, period__gte=str(lo), period__lt=str(hi + 1), value__isnull=False)
        .values_list("indicator_id", "unit_id", "period").distinct()
    )
    for ind_id, unit_id, period in found:
        if "-" in period or not period[:4].isdigit():
            continue
        year = int(period[:4])
        for res_id, ps in pairs.items():
            if (ind_id, unit_id) in ps:
                out[res_id].add(year)
    return out


def pick_year(resolution: Resolution, years: set[int], today: dt.date | None = None) -> int:
    """The latest year of the term (after its baseline year) with a figure, else this year within the term."""
    inside = [y for y in years if resolution.term_start < y <= resolution.term_end]
    if inside:
        return max(inside)
    return evaluation.default_year(resolution, today)


def default_year(resolution: Resolution) -> int:
    return pick_year(resolution, data_years([resolution])[resolution.pk])


def default_years(resolutions: list[Resolution]) -> dict[int, int]:
    found = data_years(resolutions)
    return {r.pk: pick_year(r, found[r.pk]) for r in resolutions}


def evaluate_many(resolutions: list[Resolution]) -> list[evaluation.ResolutionEvaluation]:
    """Each resolution at its default year, in a constant number of queries per distinct year."""
    years = default_years(resolutions)
    by_year: dict[int, list[Resolution]] = defaultdict(list)
    for r in resolutions:
        by_year[years[r.pk]].append(r)
    done: dict[int, evaluation.ResolutionEvaluation] = {}
    for year, group in by_year.items():
        for ev in evaluation.evaluate_resolutions(group, year):
            done[ev.resolution.pk] = ev
    return [done[r.pk] for r in resolutions]


def year_choices(resolution: Resolution) -> list[int]:
    return list(range(resolution.term_start, resolution.term_end + 1))


def status_bar(status_counts: dict[str, int]) -> list[dict[str, Any]]:
    """Shares of targets per status, for a stacked bar (its text equivalent sits beside it)."""
    total = sum(status_counts.values())
    if not total:
        return []
    return [
        {"status": s, "share": f"{100 * status_counts[s] / total:.2f}%", "count": status_counts[s], "label": status_label(s)}
        for s in RESOLUTION_STATUSES if status_counts.get(s)
    ]


def status_counts_list(status_counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"status": s, "label": status_label(s), "count": status_counts.get(s, 0),
         "css": progress.STATUS_CLASSES[s]}
        for s in RESOLUTION_STATUSES if status_counts.get(s)
    ]
