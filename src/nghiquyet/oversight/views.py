"""Pages of this app. Views only translate HTTP: access → form → service → render.

Scope: an inspection is visible when its inspecting body or one of the inspected units is in
the user's scope; an obstacle when the reporting unit or the level it was escalated to is; a
briefing when its holding unit is. Anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.accounts import access
from nghiquyet.core import xlsx
from nghiquyet.core.text import fold
from nghiquyet.plans import queries as task_queries
from nghiquyet.plans.models import Extension, Task, TaskOccurrence
from nghiquyet.resolutions.models import Resolution
from nghiquyet.units.models import COMMUNE_LEVEL_KINDS, OrgUnit, UnitKind

from . import attendance, choices, export, services, states
from .forms import AnswerForm, AssignForm, EscalateForm, RecommendationForm
from .models import Briefing, Inspection, Obstacle, Recommendation
from .views_edit import may_create_inspection, may_report

# --------------------------------------------------------------------------- helpers


def inspection_q(user) -> Q:
    return access.unit_q(user, "body__") | access.unit_q(user, "units__")


def obstacle_q(user) -> Q:
    return access.unit_q(user, "reported_by__") | access.unit_q(user, "escalated_to__")


def _export_query(request: HttpRequest) -> str:
    """The page's filters, kept on its Excel link (the export shows what the page shows)."""
    query = request.GET.copy()
    query.pop("xuat", None)
    return query.urlencode()


_xlsx = xlsx.response


def task_url(task: Task | None) -> str | None:
    if task is None:
        return None
    try:
        return reverse("plans:task", args=[task.pk])
    except NoReverseMatch:
        return f"/nhiem-vu/{task.pk}/"


def status_of_task(task: Task | None, today: dt.date) -> str | None:
    """The task's status on `today`, computed by the plans engine (extensions included)."""
    return None if task is None else task_queries.state_of(task, today).status


def task_prefetch(prefix: str) -> list:
    """What plans.queries.state_of reads, fetched with the list (constant number of queries)."""
    return [
        Prefetch(f"{prefix}extensions", queryset=Extension.objects.order_by("requested_on", "pk")),
        Prefetch(f"{prefix}occurrences", queryset=TaskOccurrence.objects.order_by("period")),
    ]


@dataclass
class RecRow:
    rec: Recommendation
    state: str
    label: str
    css: str
    url: str | None
    deadline: dt.date | None

    @property
    def closed_on(self) -> dt.date | None:
        return self.rec.closed_on


def rec_rows(recs, today: dt.date) -> list[RecRow]:
    rows = []
    for rec in recs:
        task = rec.task
        ts = task_queries.state_of(task, today) if task else None
        state = states.recommendation_state(ts.status if ts else None)
        deadline = ts.deadline if ts else rec.deadline
        rows.append(RecRow(rec, state, states.LABELS_VI[state], states.CSS_CLASSES[state],
                           task_url(task), deadline))
    return rows


@dataclass
class ObstacleRow:
    obstacle: Obstacle
    state: str
    label: str
    css: str
    url: str | None


def obstacle_row(o: Obstacle, today: dt.date) -> ObstacleRow:
    state = states.obstacle_state(o.escalated_to_id is not None, status_of_task(o.task, today))
    return ObstacleRow(o, state, states.LABELS_VI[state], states.CSS_CLASSES[state], task_url(o.task))


# --------------------------------------------------------------------------- inspections


def _inspections(request: HttpRequest):
    ids = Inspection.objects.filter(inspection_q(request.user)).values("pk")
    return (
        Inspection.objects.filter(pk__in=ids)
        .select_related("body", "resolution")
        .prefetch_related(
            "units",
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("unit", "task")
                     .prefetch_related(*task_prefetch("task__"))),
        )
    )


@dataclass
class InspectionRow:
    inspection: Inspection
    done: int
    total: int
    overdue: int


def _inspection_rows(qs, today: dt.date) -> list[InspectionRow]:
    out = []
    for ins in qs:
        rows = rec_rows(ins.recommendations.all(), today)
        out.append(InspectionRow(
            ins, sum(r.state in states.CLOSED for r in rows), len(rows),
            sum(r.state == states.OVERDUE for r in rows),
        ))
    return out


def inspection_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = _inspections(request)
    kind = request.GET.get("loai", "")
    if kind in ("inspection", "supervision"):
        qs = qs.filter(kind=kind)
    rows = _inspection_rows(qs, today)
    if request.GET.get("xuat") == "xlsx":
        return _xlsx(export.inspections_workbook(rows), "kiem-tra-giam-sat.xlsx")
    return render(request, "oversight/inspection_list.html", {
        "new_url": reverse("oversight:inspection_create") if may_create_inspection(request.user) else "",
        "new_label": "Tạo cuộc kiểm tra, giám sát", "rows": rows, "kind": kind, "nav": "oversight", "today": today, "export_query": _export_query(request),
        "has_sample": any(r.inspection.is_sample for r in rows),
    })


def _get_inspection(request: HttpRequest, pk: int) -> Inspection:
    ins = _inspections(request).filter(pk=pk).first()
    if ins is None:
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")
    return ins


def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    ins = _get_inspection(request, pk)
    user = request.user
    may_recommend = access.can_manage(user, ins.body)
    form = None
    if may_recommend:
        inspected = OrgUnit.objects.filter(inspections_received=ins).order_by("path")
        form = RecommendationForm(request.POST if request.method == "POST" else None, units=inspected,
                                  initial={"deadline": today + dt.timedelta(days=90)})
    if request.method == "POST":
        access.require(may_recommend, user, request,
                       "Chỉ người quản lý của cơ quan kiểm tra, giám sát mới được ghi kiến nghị.")
        if form.is_valid():
            try:
                rec = services.add_recommendation(ins, form.cleaned_data["unit"], form.cleaned_data["text"],
                                                  form.cleaned_data["deadline"], user)
            except services.OversightError as exc:
                form.add_error(None, str(exc))
            else:
                url = reverse("oversight:inspection", args=[ins.pk])
                return redirect(f"{url}?kien-nghi={rec.pk}#rec-{rec.pk}")
    rows = rec_rows(ins.recommendations.all(), today)
    if request.GET.get("xuat") == "xlsx":
        return _xlsx(export.inspection_workbook(ins, rows), f"kiem-tra-giam-sat-{ins.pk}.xlsx")
    new_id = request.GET.get("kien-nghi", "")
    return render(request, "oversight/inspection_detail.html", {
        "inspection": ins, "rows": rows, "nav": "oversight", "today": today, "form": form,
        "new_row": next((r for r in rows if str(r.rec.pk) == new_id), None),
        "units": list(ins.units.all()),
        "done": sum(r.state in states.CLOSED for r in rows),
        "overdue": sum(r.state == states.OVERDUE for r in rows),
    })


# --------------------------------------------------------------------------- obstacles


def _obstacles(request: HttpRequest):
    ids = Obstacle.objects.filter(obstacle_q(request.user)).values("pk")
    return (
        Obstacle.objects.filter(pk__in=ids)
        .select_related("reported_by", "escalated_to", "assignee_unit", "assignee", "field", "task")
        .prefetch_related(*task_prefetch("task__"))
    )


# Lists show what needs attention first.
_OBSTACLE_ORDER = (states.HANDLING_OVERDUE, states.WAITING, states.REPORTED, states.HANDLING,
                   states.ANSWERED_LATE, states.ANSWERED)


def obstacle_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = sorted((obstacle_row(o, today) for o in _obstacles(request)),
                  key=lambda r: (_OBSTACLE_ORDER.index(r.state), -r.obstacle.reported_on.toordinal()))
    state = request.GET.get("trang-thai", "")
    if state == "mo":
        rows = [r for r in rows if r.state not in states.CLOSED]
    elif state == "qua-han":
        rows = [r for r in rows if r.state == states.HANDLING_OVERDUE]
    if request.GET.get("xuat") == "xlsx":
        return _xlsx(export.obstacles_workbook(rows), "kho-khan-vuong-mac.xlsx")
    return render(request, "oversight/obstacle_list.html", {
        "new_url": reverse("oversight:obstacle_report") if may_report(request.user) else "",
        "new_label": "Báo cáo khó khăn, vướng mắc", "rows": rows, "state": state, "nav": "oversight", "today": today, "export_query": _export_query(request),
        "has_sample": any(r.obstacle.is_sample for r in rows),
    })


def _resolver_units(obstacle: Obstacle):
    """Units the escalation level may give the obstacle to: itself, its bodies, the units just below,
    as they were when it was escalated (a level abolished since still has its pending cases)."""
    admin = obstacle.escalated_to.admin_unit
    day = obstacle.escalated_on or obstacle.reported_on
    return OrgUnit.objects.subtree(admin).filter(depth__lte=admin.depth + 1).valid_on(day).order_by("path")


def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    obstacle = _obstacles(request).filter(pk=pk).first()
    if obstacle is None:
        raise Http404("Không tìm thấy khó khăn, vướng mắc.")
    user = request.user
    may_answer = services.can_answer(user, obstacle) and not obstacle.answered_on
    may_assign = (obstacle.escalated_to_id is not None and obstacle.task_id is None
                  and access.can_manage(user, obstacle.escalated_to))
    may_escalate = (obstacle.escalated_to_id is None and obstacle.task_id is None
                    and services.can_report_obstacle(user, obstacle.reported_by))
    action = request.POST.get("action", "answer") if request.method == "POST" else None
    escalate_form = None
    if may_escalate:
        escalate_form = EscalateForm(request.POST if action == "escalate" else None,
                                     levels=choices.escalation_levels([obstacle.reported_by]))
    if action == "escalate":
        access.require(may_escalate, user, request,
                       "Bạn không có quyền chuyển khó khăn, vướng mắc này lên cấp trên.")
        if escalate_form.is_valid():
            try:
                services.escalate_obstacle(obstacle, escalate_form.cleaned_data["level"], user)
            except services.OversightError as exc:
                escalate_form.add_error(None, str(exc))
            else:
                messages.success(request, _("The obstacle was escalated to %(level)s.")
                                 % {"level": escalate_form.cleaned_data["level"].name})
                return redirect("oversight:obstacle", pk=obstacle.pk)
    answer_form = AnswerForm(request.POST if action == "answer" else None, initial={"answered_on": today})
    assign_form = None
    if may_assign:
        assign_form = AssignForm(request.POST if action == "assign" else None,
                                 units=_resolver_units(obstacle),
                                 initial={"unit": obstacle.escalated_to, "resolve_by": today + dt.timedelta(days=30)})
    if action == "answer":
        if not may_answer:
            raise PermissionDenied("Bạn không có quyền trả lời khó khăn, vướng mắc này.")
        if answer_form.is_valid():
            try:
                services.answer_obstacle(obstacle, answer_form.cleaned_data["answer"], user,
                                         on=answer_form.cleaned_data["answered_on"])
            except services.OversightError as exc:
                answer_form.add_error(None, str(exc))
            else:
                messages.success(request, _("The answer was recorded; the task to resolve it is done."))
                return redirect("oversight:obstacle", pk=obstacle.pk)
    elif action == "assign":
        if assign_form is None:
            raise PermissionDenied("Bạn không có quyền giao xử lý khó khăn, vướng mắc này.")
        if assign_form.is_valid():
            try:
                services.assign_obstacle(obstacle, unit=assign_form.cleaned_data["unit"],
                                         resolve_by=assign_form.cleaned_data["resolve_by"], user=user)
            except services.OversightError as exc:
                assign_form.add_error(None, str(exc))
            else:
                messages.success(request, _("Assigned: a task was created for the unit that resolves it."))
                return redirect("oversight:obstacle", pk=obstacle.pk)
    return render(request, "oversight/obstacle_detail.html", {
        "obstacle": obstacle, "row": obstacle_row(obstacle, today), "form": answer_form,
        "assign_form": assign_form, "escalate_form": escalate_form, "may_answer": may_answer,
        "nav": "oversight", "today": today,
    })


# --------------------------------------------------------------------------- briefings


def _briefings(request: HttpRequest):
    return Briefing.objects.filter(access.unit_q(request.user, "unit__"))


@dataclass
class ResolutionSummary:
    resolution: Resolution
    totals: attendance.Totals
    last_held: dt.date | None


def briefing_list(request: HttpRequest) -> HttpResponse:
    """One line per resolution: how many of its units held a briefing, and the shares."""
    briefings = list(_briefings(request).select_related("resolution", "resolution__issuer", "unit"))
    by_res: dict[int, list[Briefing]] = {}
    for b in briefings:
        by_res.setdefault(b.resolution_id, []).append(b)
    summaries = []
    for items in by_res.values():
        res = items[0].resolution
        table = briefing_table(request.user, res, items)
        summaries.append(ResolutionSummary(res, table.total, max(b.held_on for b in items)))
    summaries.sort(key=lambda s: (-s.resolution.term_start, s.resolution.number))
    if request.GET.get("xuat") == "xlsx":
        return _xlsx(export.briefing_summary_workbook(summaries), "hoc-tap-quan-triet.xlsx")
    return render(request, "oversight/briefing_list.html", {
        "new_url": reverse("oversight:briefing_record") if may_report(request.user) else "",
        "new_label": "Ghi nhận hội nghị quán triệt", "summaries": summaries, "nav": "oversight",
        "has_sample": any(b.is_sample for b in briefings),
    })


@dataclass
class BriefingLine:
    unit: OrgUnit
    depth: int
    totals: attendance.Totals
    own: attendance.Totals | None
    sessions: list[Briefing]
    ended: bool


@dataclass
class BriefingTable:
    lines: list[BriefingLine]
    total: attendance.Totals
    as_of: dt.date


# Units asked to hold a briefing: administrative units down to commune level, not villages
# or bodies (a body's briefing — the district Party committee's — counts for its unit).
_EXPECTED_KINDS = {UnitKind.PROVINCE, UnitKind.DISTRICT, *COMMUNE_LEVEL_KINDS}


def briefing_table(user, resolution: Resolution, briefings: list[Briefing]) -> BriefingTable:
    """The resolution's unit tree (within the user's scope) with rolled-up attendance."""
    root = resolution.issuer.admin_unit
    # The reference day: the first day of the term on which the root unit existed.
    as_of = max(d for d in (dt.date(resolution.term_start, 1, 1), resolution.adopted_on, root.valid_from) if d)
    held = {b.unit_id: b.unit for b in briefings}
    candidates = (
        OrgUnit.objects.subtree(root)
        .filter(Q(kind__in=_EXPECTED_KINDS) | Q(pk__in=[u.pk for u in held.values() if u.is_admin]))
        .filter(access.unit_q(user))
        .only("pk", "name", "kind", "parent_id", "path", "depth", "valid_from", "valid_to")
    )
    units = {u.pk: u for u in candidates}

    def listed_ancestor(u: OrgUnit) -> int | None:
        return next((a for a in reversed(u.ancestor_ids()) if a in units), None)

    # A body's briefing (the district Party committee's conference) counts for its unit.
    holder = {uid: uid if uid in units else listed_ancestor(u) for uid, u in held.items()}
    nodes = [attendance.Node(u.pk, listed_ancestor(u), u.valid_from, u.valid_to)
             for u in sorted(units.values(), key=lambda u: (u.depth, fold(u.name)))]
    expected = [n.id for n in nodes if units[n.id].kind in _EXPECTED_KINDS and n.exists_on(as_of)]
    sessions = [attendance.Session(holder[b.unit_id], b.cadres_expected, b.cadres_present, b.members_expected,
                                   b.members_present) for b in briefings if holder.get(b.unit_id) is not None]
    result = attendance.rollup(nodes, sessions, as_of=as_of, expected=expected)
    by_unit: dict[int, list[Briefing]] = {}
    for b in briefings:
        if holder.get(b.unit_id) is not None:
            by_unit.setdefault(holder[b.unit_id], []).append(b)
    lines = []
    top_depth = min((units[i].depth for i in result.listed), default=0)
    for uid in result.listed:
        u = units[uid]
        lines.append(BriefingLine(u, u.depth - top_depth, result[uid], result.own.get(uid),
                                  sorted(by_unit.get(uid, []), key=lambda b: b.held_on),
                                  u.valid_to is not None))
    roots = [n.id for n in nodes if n.parent_id is None]
    return BriefingTable(lines, attendance.merge(result[r] for r in roots), as_of)


def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Per unit of the resolution's tree: the share of cadres and members who studied it."""
    resolution = Resolution.objects.select_related("issuer", "issuer__parent").filter(pk=pk).first()
    if resolution is None:
        raise Http404("Không tìm thấy nghị quyết.")
    briefings = list(_briefings(request).filter(resolution=resolution).select_related("unit"))
    if not briefings and not access.can_view_unit(request.user, resolution.issuer.admin_unit):
        raise Http404("Không tìm thấy nghị quyết.")
    table = briefing_table(request.user, resolution, briefings)
    if request.GET.get("xuat") == "xlsx":
        return _xlsx(export.briefing_workbook(resolution, table), f"hoc-tap-quan-triet-{resolution.pk}.xlsx")
    may_record = may_report(request.user) and access.can_view_resolution(request.user, resolution)
    return render(request, "oversight/briefing_detail.html", {
        "new_url": f"{reverse('oversight:briefing_record')}?nghi-quyet={resolution.pk}" if may_record else "",
        "new_label": "Ghi nhận hội nghị quán triệt", "resolution": resolution, "table": table, "nav": "oversight",
        "has_sample": any(b.is_sample for b in briefings),
    })
