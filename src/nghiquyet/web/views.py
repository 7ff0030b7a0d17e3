"""Pages: home, resolution, target, unit, indicator, search. Views only translate HTTP.

Every page reads through `indicators.services` and `resolutions.evaluation`, and does a
bounded number of queries whatever the number of rows (the tests assert it).

Scope (accounts.access): every page needs log-in (LoginRequiredMiddleware) and shows only what
the user's memberships cover. A resolution is visible when its issuer lies in the user's scope;
a unit when it does; indicator definitions are visible to all, their targets only within scope.
Anything else is a 404 (logged as a refusal when it exists), so ids cannot be probed.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from nghiquyet.accounts import access
from nghiquyet.core import xlsx
from nghiquyet.core.text import fold
from nghiquyet.indicators import periods
from nghiquyet.indicators.models import Field, Indicator, RollupValue
from nghiquyet.indicators.services import children_readings, get_value
from nghiquyet.plans.queries import reminders_for_user
from nghiquyet.resolutions.models import Resolution, Target
from nghiquyet.units.models import ADMIN_KINDS, OrgUnit, Succession

from . import chart, display
from .evaluate import (
    default_year,
    evaluate,
    evaluate_many,
    evaluate_one,
    status_bar,
    status_counts_list,
    year_choices,
)

SEARCH_LIMIT = 30
HOME_LIMIT = 30


# --------------------------------------------------------------------------- helpers


def _year_param(request: HttpRequest, resolution: Resolution) -> int | None:
    """?nam=YEAR when it is a number inside the term; None otherwise (use the default)."""
    raw = request.GET.get("nam", "").strip()
    if not raw.isdigit():
        return None
    year = int(raw)
    if resolution.term_start <= year <= resolution.term_end:
        return year
    return None


def _ancestors(unit: OrgUnit) -> list[OrgUnit]:
    ids = unit.ancestor_ids()
    if not ids:
        return []
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


# --------------------------------------------------------------------------- home


def home(request: HttpRequest) -> HttpResponse:
    resolutions = list(
        Resolution.objects.filter(access.resolution_q(request.user))
        .select_related("issuer", "issuer__parent")
        .annotate(target_count=Count("targets"))
        .order_by("-term_start", "number")[:HOME_LIMIT]
    )
    cards = [
        {
            "resolution": ev.resolution, "year": ev.at_year, "evaluation": ev,
            "bar": status_bar(ev.status_counts), "counts": status_counts_list(ev.status_counts),
        }
        for ev in evaluate_many(resolutions)
    ]
    return render(request, "web/home.html", {
        "cards": cards, "nav": "home", "any_sample": any(c["resolution"].is_sample for c in cards),
        # The same list the daily reminder e-mail sends (plans.reminders).
        "reminders": reminders_for_user(request.user),
        "can_import": access.has_any_role(request.user, access.MANAGE_ROLES),
    })


# --------------------------------------------------------------------------- resolution


def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    res = access.get_in_scope_or_404(
        Resolution.objects.select_related("issuer", "issuer__parent", "parent", "parent__issuer"),
        request.user, "issuer__", request=request, pk=pk,
    )
    year = _year_param(request, res) or default_year(res)
    ev = evaluate(res, year)
    rows = [display.target_row(item, year) for item in ev.items]
    field_ids = {r["target"].field_id or r["indicator"].field_id for r in rows} - {None}
    groups = display.group_rows(rows, Field.objects.in_bulk(field_ids) if field_ids else {})
    sample_figures = any(r.is_sample for item in ev.items for r in item.readings.values())
    return render(request, "web/resolution.html", {
        "resolution": res, "year": year, "years": year_choices(res), "evaluation": ev,
        "groups": groups, "rows": rows, "counts": status_counts_list(ev.status_counts),
        "bar": status_bar(ev.status_counts), "sample_figures": sample_figures,
        "issuer_unit": res.issuer.admin_unit, "nav": "home",
        "children": list(res.children.filter(access.resolution_q(request.user)).select_related("issuer")),
    })


def resolution_export(request: HttpRequest, pk: int) -> HttpResponse:
    res = access.get_in_scope_or_404(
        Resolution.objects.select_related("issuer", "issuer__parent"), request.user, "issuer__",
        request=request, pk=pk,
    )
    year = _year_param(request, res) or default_year(res)
    from .export import resolution_workbook

    content = resolution_workbook(res, year)
    name = f"danh-gia-{fold(res.number).replace(' ', '-').replace('/', '-')}-{year}.xlsx"
    return xlsx.response(content, name)


# --------------------------------------------------------------------------- target


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_in_scope_or_404(
        Target.objects.select_related(
            "resolution", "resolution__issuer", "resolution__issuer__parent", "indicator", "field",
            "scope_unit", "indicator__field",
        ),
        request.user, "resolution__issuer__", request=request, pk=pk,
    )
    res = target.resolution
    year = _year_param(request, res) or default_year(res)
    item = evaluate_one(target, year)
    result = item.result
    row = display.target_row(item, year)
    unit = target.unit
    period = periods.year_code(year)
    own = item.readings.get(year) or get_value(target.indicator_id, unit.id, period)
    # Children lie in the target's unit's subtree; filter anyway so no figure escapes the scope.
    children = [
        (u, r) for u, r in children_readings(target.indicator_id, unit, period)
        if access.can_view_unit(request.user, u)
    ]
    child_rows = [display.child_row(u, r) for u, r in children]
    chart_data = chart.target_chart(
        kind=target.kind, series=item.series, plans=item.plans, at_year=year,
        term_start=res.term_start, target_year=target.target_year,
        baseline_year=result.baseline_year, baseline_value=result.baseline_value,
        target_value=result.target_value, target_min=target.target_min, target_max=target.target_max,
        comparator=target.comparator, direction=target.direction, method=result.method,
        latest_year=result.latest_year, latest_value=result.latest_value, realised=result.realised,
        observed_rate=result.observed_rate, forecast=result.forecast, decimals=target.indicator.decimals,
    )
    chart_data["labels"] = chart_labels(target)
    sample_figures = any(r.is_sample for r in item.readings.values()) or any(r.is_sample for _, r in children)
    return render(request, "web/target.html", {
        "target": target, "resolution": res, "unit": unit, "year": year, "years": year_choices(res),
        "item": item, "result": result, "row": row, "own": display.reading_info(own), "period": period,
        "child_rows": child_rows, "chart_data": chart_data, "sample_figures": sample_figures,
        "method_text": display.method_text(target, result), "facts": display.method_facts(target, result),
        "plans": display.plan_rows(target, item, res.term_start, res.term_end),
        "conflicts": sum(1 for c in child_rows if c["conflict"]), "nav": "home",
        "indicator": target.indicator, "ancestors": _ancestors(unit),
    })


def chart_labels(target: Target) -> dict[str, str]:
    """Series names for the chart legend, in the active language."""
    cumulative = target.kind == "cumulative"
    return {
        "realised": _("Cumulative total") if cumulative else _("Realised"),
        "flows": _("Yearly figure"),
        "path": _("Path to the target"),
        "path_upper": _("Path (upper bound)"),
        "threshold": _("Threshold"),
        "forecast": _("Forecast"),
        "plans": _("Annual plan"),
        "target": _("Target"),
        "unit": target.indicator.unit_of_measure or "",
    }


# --------------------------------------------------------------------------- units


def unit_list(request: HttpRequest) -> HttpResponse:
    """Top of the user's tree: the roots (for a superuser the nation, else the units of the
    user's memberships) and their admin children."""
    root_ids = access.scope_roots(request.user)
    if root_ids is None:
        roots = list(OrgUnit.objects.filter(parent__isnull=True).order_by("name"))
        top_q = OrgUnit.objects.filter(depth__lte=1).exclude(parent__isnull=True)
    else:
        roots = list(OrgUnit.objects.filter(pk__in=root_ids).order_by("path"))
        top_q = OrgUnit.objects.filter(parent_id__in=root_ids)
    top = list(top_q.filter(kind__in=ADMIN_KINDS).order_by("valid_to", "name").select_related("parent"))
    by_parent: dict[int, list[OrgUnit]] = defaultdict(list)
    for u in top:
        by_parent[u.parent_id].append(u)
    return render(request, "web/unit_list.html", {
        "groups": [(r, by_parent.get(r.id, [])) for r in roots], "nav": "units",
    })


FIGURE_LIMIT = 200


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_in_scope_or_404(OrgUnit.objects.select_related("parent"), request.user, request=request, pk=pk)
    ancestors = _ancestors(unit)
    successors = list(
        Succession.objects.filter(old_unit=unit).select_related("new_unit").order_by("date", "new_unit__name")
    )
    predecessors = list(
        Succession.objects.filter(new_unit=unit).exclude(old_unit=unit)
        .select_related("old_unit").order_by("date", "old_unit__name")
    )
    children = list(OrgUnit.objects.filter(parent=unit).order_by("valid_to", "kind", "name"))
    admin_children = [c for c in children if c.is_admin]
    bodies = [c for c in children if not c.is_admin]

    figures = _latest_figures(unit)

    # Resolutions issued by this unit, an ancestor or a predecessor (or by a body of one of them),
    # and targets scoped to this unit.
    concerned_ids = {unit.id, *(a.id for a in ancestors)}
    for s in predecessors:
        concerned_ids.add(s.old_unit_id)
        concerned_ids.update(s.old_unit.ancestor_ids())
    resolutions = list(
        Resolution.objects.filter(
            Q(issuer_id__in=concerned_ids) | Q(issuer__parent_id__in=concerned_ids) | Q(targets__scope_unit=unit)
        )
        .filter(access.resolution_q(request.user))
        .distinct()
        .select_related("issuer")
        .order_by("-term_start", "number")
    )
    scoped_targets = list(
        Target.objects.filter(scope_unit=unit).filter(access.resolution_q(request.user, "resolution__"))
        .select_related("resolution", "indicator").order_by("resolution", "order", "code")
    )
    return render(request, "web/unit.html", {
        "unit": unit, "ancestors": ancestors, "successors": successors, "predecessors": predecessors,
        "admin_children": admin_children, "bodies": bodies, "figures": figures,
        "resolutions": resolutions, "scoped_targets": scoped_targets, "nav": "units",
        "sample_figures": any(f["is_sample"] for f in figures),
        # per-row badges only when sample and real figures are mixed; else the banner says it
        "mixed_sample": 0 < sum(f["is_sample"] for f in figures) < len(figures),
        "kind_label": display.unit_kind_label(unit.kind),
    })


def _latest_figures(unit: OrgUnit) -> list[dict]:
    """The latest yearly (else any) figure per indicator at this unit, from maintained rollups."""
    rows = list(
        RollupValue.objects.filter(unit=unit, value__isnull=False)
        .values_list("indicator_id", "period", "kind", "value", "own_value", "children_value", "conflict", "sample")
    )
    best: dict[int, tuple] = {}
    for row in rows:
        ind_id, period, kind = row[0], row[1], row[2]
        try:
            p = periods.parse(period)
        except ValueError:
            continue
        # prefer years over sub-periods, later over earlier, official over estimated
        key = (p.kind in ("year",), periods.sort_key(period), kind == "official")
        if ind_id not in best or key > best[ind_id][0]:
            best[ind_id] = (key, row)
    if not best:
        return []
    ids = sorted(best)[:FIGURE_LIMIT]
    indicators = Indicator.objects.in_bulk(ids)
    out = []
    for ind_id in ids:
        _, (_, period, kind, value, own_value, children_value, conflict, sample) = best[ind_id]
        ind = indicators[ind_id]
        out.append({
            "indicator": ind, "period": period, "period_label": periods.label(period), "kind": kind,
            "value": value, "own_value": own_value, "children_value": children_value,
            "conflict": conflict, "source": "own" if own_value is not None else "children",
            "is_sample": sample,
        })
    out.sort(key=lambda f: ((f["indicator"].field_id or 0), f["indicator"].code))
    return out


# --------------------------------------------------------------------------- indicators


def indicator_list(request: HttpRequest) -> HttpResponse:
    # Definitions are not secret; the count is of the targets the user may see.
    in_scope = None if access.is_superadmin(request.user) else access.resolution_q(request.user, "targets__resolution__")
    indicators = list(
        Indicator.objects.select_related("field")
        .annotate(target_count=Count("targets", filter=in_scope))
        .order_by("field__order", "code")
    )
    return render(request, "web/indicator_list.html", {"indicators": indicators, "nav": "indicators"})


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("field", "weight_indicator"), pk=pk)
    targets = list(
        indicator.targets.filter(access.resolution_q(request.user, "resolution__"))
        .select_related("resolution", "resolution__issuer", "scope_unit")
        .order_by("-resolution__term_start", "resolution__number", "order")
    )
    return render(request, "web/indicator.html", {
        "indicator": indicator, "targets": targets, "nav": "indicators",
    })


# --------------------------------------------------------------------------- search


def _token_filter(field: str, query: str) -> Q:
    """Every folded word of the query must appear in the folded field ("ba to" → Ba Tơ)."""
    cond = Q()
    for word in fold(query).split():
        cond &= Q(**{f"{field}__contains": word})
    return cond


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    units: list[OrgUnit] = []
    resolutions: list[Resolution] = []
    indicators: list[Indicator] = []
    if fold(query):
        units = list(
            OrgUnit.objects.filter(_token_filter("search_name", query)).filter(access.unit_q(request.user))
            .select_related("parent").order_by("valid_to", "depth", "name")[:SEARCH_LIMIT]
        )
        # current admin units first, then bodies, then units that no longer exist
        units.sort(key=lambda u: (u.valid_to is not None, not u.is_admin, u.depth, u.name))
        resolutions = list(
            Resolution.objects.filter(_token_filter("search_name", query))
            .filter(access.resolution_q(request.user))
            .select_related("issuer").order_by("-term_start", "number")[:SEARCH_LIMIT]
        )
        indicators = list(
            Indicator.objects.filter(_token_filter("search_name", query)).order_by("code")[:SEARCH_LIMIT]
        )
    return render(request, "web/search.html", {
        "search_query": query, "units": units, "resolutions": resolutions, "indicators": indicators,
        "total": len(units) + len(resolutions) + len(indicators), "limit": SEARCH_LIMIT,
    })

