"""The pages' view of `resolutions.evaluation`: which year to show, and status summaries."""

from __future__ import annotations

from typing import Any

from nghiquyet.resolutions import evaluation, progress
from nghiquyet.resolutions.models import Resolution

RESOLUTION_STATUSES = progress.STATUSES
status_label = evaluation.status_label
evaluate = evaluation.evaluate_resolution
evaluate_one = evaluation.evaluate_target


default_year = evaluation.default_year


def evaluate_many(resolutions: list[Resolution]) -> list[evaluation.ResolutionEvaluation]:
    """Each resolution at its default year, in a constant number of queries per distinct year."""
    return evaluation.evaluate_resolutions(resolutions)


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
