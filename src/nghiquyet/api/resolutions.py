"""Resolutions and their targets, judged by resolutions.evaluation (never recomputed here).

A resolution is seen by whoever sees its issuer: a body (Đảng ủy, HĐND) hangs under its
administrative unit, so everyone who sees the unit sees the resolutions of its bodies.
"""


from django.db.models import Count, QuerySet
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from nghiquyet.accounts import access
from nghiquyet.core.text import fold
from nghiquyet.resolutions import evaluation
from nghiquyet.resolutions.models import Resolution, Target

from .common import READ_ERRORS, IdPath, clean, in_scope, visible_unit
from .pagination import Pagination
from .schemas import (
    MAX_ID,
    Field,
    ResolutionDetailOut,
    ResolutionOut,
    Schema,
    TargetEvaluationOut,
    TargetOut,
)

router = Router(tags=["Nghị quyết và chỉ tiêu"])

MIN_YEAR, MAX_YEAR = 1900, 2999


class ResolutionFilter(Schema):
    q: str = Field("", max_length=200, description="Tìm theo số hoặc trích yếu, không phân biệt dấu.")
    issuer: int | None = Field(
        None, ge=1, le=MAX_ID, description="Đơn vị ban hành, kể cả các cơ quan (Đảng ủy, HĐND…) thuộc đơn vị đó."
    )
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="Nhiệm kỳ có chứa năm này.")


class YearQuery(Schema):
    year: int | None = Field(
        None, ge=MIN_YEAR, le=MAX_YEAR, description="Năm đánh giá; mặc định: năm gần nhất có số liệu trong nhiệm kỳ."
    )


def scoped_resolutions(user) -> QuerySet[Resolution]:
    return Resolution.objects.filter(access.resolution_q(user)).select_related("issuer")


def visible_resolution(request, resolution_id: int) -> Resolution:
    qs = Resolution.objects.select_related("issuer").annotate(targets_count=Count("targets"))
    return in_scope(request, qs, "issuer__", "nghị quyết", pk=resolution_id)


def visible_target(request, target_id: int) -> Target:
    qs = Target.objects.select_related("indicator", "field", "scope_unit", "resolution__issuer__parent")
    return in_scope(request, qs, "resolution__issuer__", "chỉ tiêu", pk=target_id)


def _unit_ref(unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def resolution_dict(r: Resolution) -> dict:
    return {
        "id": r.pk, "number": r.number, "title": r.title, "issuer": _unit_ref(r.issuer), "issuer_kind": r.issuer_kind,
        "term_start": r.term_start, "term_end": r.term_end, "adopted_on": r.adopted_on, "parent_id": r.parent_id,
        "is_sample": r.is_sample, "source": r.source, "targets_count": getattr(r, "targets_count", 0),
    }


def target_dict(item: evaluation.TargetEvaluation, year: int) -> dict:
    t, r = item.target, item.result
    ind = t.indicator
    return {
        "id": t.pk, "resolution_id": t.resolution_id, "code": t.code, "text": t.text, "kind": t.kind,
        "indicator": {"id": ind.pk, "code": ind.code, "name": ind.name, "unit_of_measure": ind.unit_of_measure},
        "unit": _unit_ref(t.unit), "comparator": t.comparator, "direction": t.direction,
        "baseline_year": t.baseline_year, "baseline_value": t.baseline_value, "target_year": t.target_year,
        "target": evaluation.target_value(t), "year": year,
        "status": r.status, "status_label": item.status_label, "realised": r.realised,
        "latest_year": r.latest_year, "latest_value": r.latest_value, "plan_year": r.plan_year,
        "plan_value": r.plan_value, "plan_ratio": r.plan_ratio, "plan_verdict": r.plan_verdict,
        "progress": r.term_progress, "expected_progress": r.expected_progress, "pace": r.pace,
        "anticipated": r.anticipated, "method": r.method, "forecast": r.forecast,
        "forecast_verdict": r.forecast_verdict, "final_verdict": r.final_verdict, "years_met": r.years_met,
        "years_judged": r.years_judged, "missing_years": list(r.missing_years), "notes": list(r.notes),
        "series": [
            {
                "year": y, "value": v, "plan": item.plans.get(y),
                "estimated": item.readings[y].is_estimated if v is not None else False,
                "conflict": item.readings[y].conflict,
            }
            for y, v in sorted(item.series.items())
        ],
    }


YEAR_MARGIN = 10  # years judged around a term: enough for late reports, bounded so a read stays small


def judged_year(resolution: Resolution, year: int | None) -> int:
    """The year asked for, or the resolution's default; a year far from the term is a 422."""
    if year is None:
        return evaluation.default_year(resolution)
    lo, hi = resolution.term_start - YEAR_MARGIN, resolution.term_end + YEAR_MARGIN
    if not lo <= year <= hi:
        raise HttpError(422, f"Năm đánh giá của nghị quyết nhiệm kỳ {resolution.term} phải từ {lo} đến {hi}.")
    return year


def _evaluate(targets: list[Target], year: int) -> list[evaluation.TargetEvaluation]:
    try:
        return evaluation.evaluate_targets(targets, year)
    except ValueError as exc:  # a target defined inconsistently: say which, do not crash
        raise HttpError(422, f"Không đánh giá được: {exc}") from exc


@router.get("/resolutions", response={200: list[ResolutionOut], **READ_ERRORS}, summary="Danh sách nghị quyết")
@paginate(Pagination)
def list_resolutions(request, filters: Query[ResolutionFilter]):
    qs = scoped_resolutions(request.auth).annotate(targets_count=Count("targets"))
    q = clean(filters.q)
    if q:
        for word in fold(q).split():
            qs = qs.filter(search_name__contains=word)
    if filters.issuer is not None:
        unit = visible_unit(request, filters.issuer)
        qs = qs.filter(issuer__path__startswith=unit.path)
    if filters.year is not None:
        qs = qs.filter(term_start__lte=filters.year, term_end__gte=filters.year)
    return qs.order_by("-term_start", "number")


@router.get("/resolutions/{resolution_id}", response={200: ResolutionDetailOut, **READ_ERRORS}, summary="Một nghị quyết")
def get_resolution(request, resolution_id: int = IdPath()):
    resolution = visible_resolution(request, resolution_id)
    return {**resolution_dict(resolution), "default_year": evaluation.default_year(resolution)}


@router.get(
    "/resolutions/{resolution_id}/targets", response={200: TargetEvaluationOut, **READ_ERRORS},
    summary="Các chỉ tiêu của nghị quyết, có đánh giá",
)
def resolution_targets(request, resolution_id: int = IdPath(), params: Query[YearQuery] = None):
    resolution = visible_resolution(request, resolution_id)
    year = judged_year(resolution, params.year if params else None)
    try:
        ev = evaluation.evaluate_resolution(resolution, year)
    except ValueError as exc:  # a target defined inconsistently: say which, do not crash
        raise HttpError(422, f"Không đánh giá được: {exc}") from exc
    return {
        "resolution": resolution_dict(resolution), "year": year, "summary": ev.summary,
        "status_counts": ev.status_counts, "targets": [target_dict(i, year) for i in ev.items],
    }


@router.get("/targets/{target_id}", response={200: TargetOut, **READ_ERRORS}, summary="Một chỉ tiêu, có đánh giá")
def get_target(request, target_id: int = IdPath(), params: Query[YearQuery] = None):
    target = visible_target(request, target_id)
    year = judged_year(target.resolution, params.year if params else None)
    return target_dict(_evaluate([target], year)[0], year)
