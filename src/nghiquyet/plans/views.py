"""Task and plan pages. Views only translate HTTP: access → form → service → render.

Scope: a task is visible to users who can see its lead unit, its assigning unit or its plan's
issuer (plans/permissions.py); anything else is a 404. Lists load their tasks with a constant
number of queries and compute statuses in Python (plans/status.py), "quá hạn" first. Every
list is exportable to Excel with ?format=xlsx.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import PurePath
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.accounts import access
from nghiquyet.core import xlsx
from nghiquyet.core.text import fold
from nghiquyet.people.models import Person
from nghiquyet.resolutions import evaluation
from nghiquyet.units.models import OrgUnit

from . import export, forms, permissions, queries, services, status
from .labels import STATUS_NAMES
from .models import Extension, Plan, Task, TaskSource, TaskUpdate

PAGE_SIZE = 100


def _today() -> dt.date:
    return timezone.localdate()


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


def _xlsx(content: bytes, name: str) -> HttpResponse:
    return xlsx.response(content, f"{name}.xlsx")


def _wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def _status_choices() -> list[tuple[str, str]]:
    return [(s, str(STATUS_NAMES[s])) for s in status.STATUSES]


def _count_cards(c: status.Counts) -> list[dict]:
    return [
        {"key": status.OVERDUE, "label": STATUS_NAMES[status.OVERDUE], "count": c.overdue, "css": status.CSS_CLASSES[status.OVERDUE]},
        {"key": status.IN_PROGRESS, "label": STATUS_NAMES[status.IN_PROGRESS], "count": c.in_progress, "css": status.CSS_CLASSES[status.IN_PROGRESS]},
        {"key": status.DONE_LATE, "label": STATUS_NAMES[status.DONE_LATE], "count": c.done_late, "css": status.CSS_CLASSES[status.DONE_LATE]},
        {"key": status.DONE_ON_TIME, "label": STATUS_NAMES[status.DONE_ON_TIME], "count": c.done_on_time, "css": status.CSS_CLASSES[status.DONE_ON_TIME]},
    ]


def _export_note(today: dt.date) -> str:
    return f"Trạng thái tính đến ngày {today:%d/%m/%Y} theo QĐ 42/2014/QĐ-TTg (sửa đổi bởi QĐ 23/2018/QĐ-TTg)."


# --------------------------------------------------------------------------- task lists


def task_list(request: HttpRequest) -> HttpResponse:
    """All visible tasks, filtered by status, unit (subtree), leader, plan, source, text."""
    user, today = request.user, _today()
    visible = Task.objects.filter(permissions.task_q(user))
    qs = visible
    unit_id, leader_id, plan_id = _int(request, "don_vi"), _int(request, "lanh_dao"), _int(request, "ke_hoach")
    unit = OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is not None:
        qs = qs.filter(lead_unit__path__startswith=unit.path)
    if leader_id:
        qs = qs.filter(leader_id=leader_id)
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    source = request.GET.get("nguon", "")
    if source in TaskSource.values:
        qs = qs.filter(source=source)
    text = request.GET.get("q", "").strip()
    # Statuses, counts, filters and order over every visible task from plain columns; full
    # Task objects only for the rows shown (see queries.light_states).
    rows = queries.light_states(qs, today)
    if text:
        words = fold(text).split()
        rows = [s for s in rows if all(w in fold(f"{s.task.code} {s.task.title}") for w in words)]
    totals = queries.counts(rows)
    wanted = request.GET.get("trang_thai", "")
    if wanted in status.STATUSES:
        rows = [s for s in rows if s.status == wanted or (wanted == status.IN_PROGRESS and s.status == status.ONGOING)]
    if _wants_xlsx(request):
        heading = "DANH SÁCH NHIỆM VỤ" + (f" — {STATUS_NAMES[wanted]}".upper() if wanted in STATUS_NAMES else "")
        return _xlsx(export.tasks_workbook(heading, _export_note(today), queries.hydrate(rows, today)),
                     f"nhiem-vu-{today:%Y%m%d}")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    page.object_list = queries.hydrate(list(page.object_list), today)
    # Filter choices: among the tasks the user can see (three small queries).
    units = OrgUnit.objects.filter(pk__in=visible.values("lead_unit_id")).order_by("path")
    leaders = Person.objects.filter(pk__in=visible.values("leader_id")).order_by("full_name")
    plans = Plan.objects.filter(pk__in=visible.values("plan_id")).select_related("issuer").order_by("issuer__path", "number")
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "plans/task_list.html", {
        "nav": "tasks", "page": page, "rows": page.object_list, "today": today, "totals": totals,
        "cards": _count_cards(totals), "status_choices": _status_choices(), "wanted": wanted,
        "units": units, "leaders": leaders, "plans": plans, "sources": TaskSource.choices,
        "unit": unit, "leader_id": leader_id, "plan_id": plan_id, "source": source, "text": text,
        "query": query.urlencode(), "any_sample": any(s.task.is_sample for s in page.object_list),
        "can_create": _can_create(user),
    })


def unit_counts(request: HttpRequest) -> HttpResponse:
    """The Government's report: per lead unit, total / done on time / late / in time / overdue."""
    user, today = request.user, _today()
    qs = Task.objects.filter(permissions.task_q(user))
    plan_id = _int(request, "ke_hoach")
    plan = None
    if plan_id:
        plan = Plan.objects.filter(permissions.plan_q(user)).filter(pk=plan_id).distinct().first()
        if plan is None:
            raise Http404
        qs = qs.filter(plan=plan)
    task_states = queries.light_states(qs, today)
    rows = queries.counts_by_unit(task_states)
    total = queries.counts(task_states)
    if _wants_xlsx(request):
        heading = "TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ" + (f" — {plan.number or plan.title}" if plan else "")
        note = _export_note(today) + " Tỷ lệ tính trên số nhiệm vụ đã đến hạn (đã hoàn thành + quá hạn)."
        return _xlsx(export.counts_workbook(heading, note, rows, total), f"nhiem-vu-theo-don-vi-{today:%Y%m%d}")
    plans = Plan.objects.filter(permissions.plan_q(user)).distinct().select_related("issuer").order_by("issuer__path", "number")
    return render(request, "plans/unit_counts.html", {
        "nav": "tasks", "rows": rows, "total": total, "today": today, "plan": plan, "plans": plans,
        "any_sample": any(s.task.is_sample for s in task_states),
    })


def leader_tasks(request: HttpRequest, person_id: int) -> HttpResponse:
    user, today = request.user, _today()
    person = get_object_or_404(Person.objects.select_related("unit"), pk=person_id)
    qs = Task.objects.filter(permissions.task_q(user)).filter(leader=person)
    rows = queries.states(queries.with_related(qs), today)
    if not rows and not (person.unit and access.can_view_unit(user, person.unit)):
        raise Http404
    if _wants_xlsx(request):
        heading = f"NHIỆM VỤ DO ĐỒNG CHÍ {person.full_name.upper()} PHỤ TRÁCH"
        return _xlsx(export.tasks_workbook(heading, _export_note(today), rows), f"nhiem-vu-lanh-dao-{person.pk}")
    totals = queries.counts(rows)
    return render(request, "plans/leader_tasks.html", {
        "nav": "tasks", "person": person, "rows": rows, "today": today, "totals": totals,
        "cards": _count_cards(totals), "any_sample": any(s.task.is_sample for s in rows),
    })


def my_tasks(request: HttpRequest) -> HttpResponse:
    today = _today()
    rows = queries.reminders_for_user(request.user, today)
    if _wants_xlsx(request):
        return _xlsx(export.tasks_workbook("NHIỆM VỤ CỦA TÔI: SẮP ĐẾN HẠN VÀ QUÁ HẠN", _export_note(today), rows), "nhiem-vu-cua-toi")
    return render(request, "plans/my_tasks.html", {
        "nav": "tasks", "overdue": [s for s in rows if s.status == status.OVERDUE],
        "soon": [s for s in rows if s.status != status.OVERDUE], "today": today,
        "any_sample": any(s.task.is_sample for s in rows),
    })


# --------------------------------------------------------------------------- one task


def _task_or_404(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(queries.with_related(Task.objects.filter(permissions.task_q(request.user))), pk=pk)


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    today = _today()
    state = queries.state_of(task, today)
    user = request.user
    can_update = permissions.can_update_task(user, task)
    can_decide = permissions.can_decide(user, task)
    extensions = list(task.extensions.all().select_related("requested_by", "decided_by"))
    return render(request, "plans/task_detail.html", {
        "nav": "tasks", "task": task, "state": state, "today": today,
        "updates": list(task.updates.select_related("by")),
        "extensions": extensions, "support_units": list(task.support_units.all()),
        "occurrences": list(reversed(state.items)) if task.recurrence in status.PERIODIC else [],
        "can_update": can_update, "can_decide": can_decide,
        "update_form": forms.UpdateForm(), "extension_form": forms.ExtensionRequestForm(),
        "occurrence_form": forms.OccurrenceForm(initial={"completed_on": today}),
        "reopen_form": forms.ReopenForm(),
        "can_extend": can_update and task.recurrence == "none" and task.deadline and not task.completed_on
                      and not state.pending_extension,
        "history": list(task.history.select_related("history_user").order_by("-history_date")[:20]),
    })


def _post(request: HttpRequest, task: Task, action) -> HttpResponse:
    """Run a service; show its Vietnamese message on refusal; back to the task page."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("plans:task", pk=task.pk)


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)


def _updatable(request: HttpRequest, pk: int) -> Task:
    task = _task_or_404(request, pk)
    if not permissions.can_update_task(request.user, task):
        raise PermissionDenied
    return task


@require_POST
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = _updatable(request, pk)
    form = forms.UpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plans:task", pk=task.pk)
    d = form.cleaned_data
    return _post(request, task, lambda: services.add_update(
        task, request.user, d["text"], d["percent"], d["attachment"], d["completed_on"]))


@require_POST
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = _updatable(request, pk)
    form = forms.ExtensionRequestForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plans:task", pk=task.pk)
    d = form.cleaned_data
    return _post(request, task, lambda: services.request_extension(task, request.user, d["new_deadline"], d["reason"]))


@require_POST
def extension_decide(request: HttpRequest, pk: int, ext_id: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    ext = get_object_or_404(Extension, pk=ext_id, task=task)
    if not permissions.can_decide(request.user, task):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plans:task", pk=task.pk)
    d = form.cleaned_data
    return _post(request, task, lambda: services.decide_extension(ext, request.user, d["decision"] == "approve", d["note"]))


@require_POST
def occurrence_done(request: HttpRequest, pk: int, period: str) -> HttpResponse:
    task = _updatable(request, pk)
    form = forms.OccurrenceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plans:task", pk=task.pk)
    d = form.cleaned_data
    return _post(request, task, lambda: services.complete_occurrence(task, period, d["completed_on"], request.user, d["note"]))


@require_POST
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    if not permissions.can_decide(request.user, task):
        raise PermissionDenied
    form = forms.ReopenForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plans:task", pk=task.pk)
    return _post(request, task, lambda: services.reopen_task(task, request.user, form.cleaned_data["reason"]))


def attachment(request: HttpRequest, update_id: int) -> FileResponse:
    """An update's attachment, only to users who can see the task (media is never public)."""
    update = get_object_or_404(TaskUpdate.objects.select_related("task"), pk=update_id)
    _task_or_404(request, update.task_id)
    if not update.attachment:
        raise Http404
    name = PurePath(update.attachment.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(update.attachment.open("rb"), as_attachment=True, filename=name, content_type=content_type)


# --------------------------------------------------------------------------- plans


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(
        Plan.objects.filter(permissions.plan_q(request.user)).distinct()
        .select_related("issuer", "resolution").order_by("issuer__path", "-issued_on", "number")
    )
    by_plan: dict[int, list] = {p.pk: [] for p in plans}
    today = _today()
    tasks = Task.objects.filter(permissions.task_q(request.user), plan_id__in=by_plan)
    for s in queries.light_states(tasks, today):
        by_plan[s.task.plan_id].append(s)
    rows = [{"plan": p, "counts": queries.counts(by_plan[p.pk]), "ratio": _ratio(p)} for p in plans]
    return render(request, "plans/plan_list.html", {
        "nav": "tasks", "rows": rows, "any_sample": any(p.is_sample for p in plans),
        "can_create": _can_create(request.user),
    })


def _can_create(user) -> bool:
    """Show "new plan" / "assign a task": the user manages some unit (cheap: memberships are cached)."""
    return access.has_any_role(user, access.MANAGE_ROLES)


def _ratio(plan: Plan) -> float | None:
    if plan.budget_planned and plan.budget_disbursed is not None:
        return float(plan.budget_disbursed) / float(plan.budget_planned)
    return None


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = request.user, _today()
    plan = get_object_or_404(
        Plan.objects.filter(permissions.plan_q(user)).distinct().select_related("issuer", "resolution", "parent"), pk=pk,
    )
    tasks = queries.with_related(Task.objects.filter(permissions.task_q(user), plan=plan))
    rows = queries.states(tasks, today)
    if _wants_xlsx(request):
        heading = f"NHIỆM VỤ CỦA {(plan.number or '').upper()} — {plan.title}"
        return _xlsx(export.tasks_workbook(heading, _export_note(today), rows), f"nhiem-vu-ke-hoach-{plan.pk}")
    totals = queries.counts(rows)
    targets = list(plan.targets.select_related("indicator", "field", "scope_unit", "resolution__issuer__parent").order_by("resolution_id", "order", "code"))
    year = evaluation.default_year(plan.resolution) if plan.resolution else today.year
    evaluated = evaluation.evaluate_targets(targets, year) if targets else []
    return render(request, "plans/plan_detail.html", {
        "nav": "tasks", "plan": plan, "rows": rows, "totals": totals, "cards": _count_cards(totals),
        "milestones": [
            {"milestone": m, "state": queries.Item(None, m.due_on, m.done_on, status.task_status(m.due_on, m.done_on, today))}
            for m in plan.milestones.all()
        ], "targets": evaluated, "year": year, "today": today,
        "ratio": _ratio(plan), "children": list(plan.children.select_related("issuer").order_by("number")),
        "can_manage": permissions.can_assign(user, plan.issuer), "issuer_ended": services.has_ended(plan.issuer),
    })


def home_reminders(request: HttpRequest) -> dict:
    """For the lead's home page: `{% include "plans/includes/reminders.html" %}` with these."""
    rows = queries.reminders_for_user(request.user, _today())
    return {"reminders": rows, "today": _today()}



# --------------------------------------------------------------------------- entering plans and tasks
# Managers of the issuing / assigning unit only: the buttons are hidden for everyone else, and
# every view re-checks scope (404) and the right to write (403) before calling a service.


def _refusal(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _plan_in_scope(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.filter(permissions.plan_q(request.user)).distinct().select_related("issuer", "resolution", "parent"),
        pk=pk,
    )


def _managed_plan(request: HttpRequest, pk: int) -> Plan:
    plan = _plan_in_scope(request, pk)
    access.require(permissions.can_assign(request.user, plan.issuer), request.user, request,
                   f"sửa kế hoạch {plan.pk} của {plan.issuer.code}")
    return plan


def _plan_args(d: dict) -> dict:
    return {
        "issuer": d["issuer"], "kind": d["kind"], "title": d["title"], "number": d["number"],
        "issued_on": d["issued_on"], "resolution": d["resolution"], "targets": list(d["targets"]),
        "parent": d["parent"], "start_year": d["start_year"], "end_year": d["end_year"],
        "budget_planned": d["budget_planned"], "budget_disbursed": d["budget_disbursed"], "summary": d["summary"],
    }


def plan_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(_can_create(user), user, request, "tạo kế hoạch")
    form = forms.PlanForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(user=user, **_plan_args(form.cleaned_data))
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("The plan was created."))
            return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"nav": "tasks", "form": form, "plan": None})


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    initial = {
        "kind": plan.kind, "issuer": plan.issuer, "number": plan.number, "title": plan.title,
        "issued_on": plan.issued_on, "resolution": plan.resolution, "targets": list(plan.targets.all()),
        "parent": plan.parent, "start_year": plan.start_year, "end_year": plan.end_year,
        "budget_planned": plan.budget_planned, "budget_disbursed": plan.budget_disbursed, "summary": plan.summary,
    }
    form = forms.PlanForm(request.POST or None, user=request.user, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(plan, user=request.user, **_plan_args(form.cleaned_data))
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"nav": "tasks", "form": form, "plan": plan})


@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    form = forms.MilestoneForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_milestone(plan, user=request.user, title=d["title"], due_on=d["due_on"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The milestone was added."))
    else:
        _form_errors(request, form)
    return redirect(f"{reverse('plans:plan', args=[plan.pk])}#milestones-h")


@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    milestone = get_object_or_404(plan.milestones, pk=milestone_id)
    form = forms.MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.complete_milestone(milestone, user=request.user, on=form.cleaned_data["done_on"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
    else:
        _form_errors(request, form)
    return redirect(f"{reverse('plans:plan', args=[plan.pk])}#milestones-h")


def _assigning_level(request: HttpRequest) -> tuple[Plan | None, OrgUnit | None]:
    """The plan (?ke_hoach=) or the assigning unit (?don_vi_giao=) a new task is given from."""
    data = request.POST if request.method == "POST" else request.GET
    user = request.user
    raw_plan, raw_unit = data.get("ke_hoach", "").strip(), data.get("don_vi_giao", "").strip()
    if raw_plan.isdigit():
        plan = _plan_in_scope(request, int(raw_plan))
        access.require(permissions.can_assign(user, plan.issuer), user, request, f"giao nhiệm vụ của kế hoạch {plan.pk}")
        return plan, plan.issuer
    if raw_unit.isdigit():
        unit = access.get_in_scope_or_404(OrgUnit.objects.all(), user, "", request=request, pk=int(raw_unit))
        access.require(permissions.can_assign(user, unit), user, request, f"giao nhiệm vụ thay {unit.code}")
        return None, unit
    return None, None


def task_create(request: HttpRequest) -> HttpResponse:
    """"Giao nhiệm vụ": from a plan page (plan preselected) or from the task list (step one
    picks the plan or the assigning unit, so the lead units offered are that level's)."""
    user = request.user
    access.require(_can_create(user), user, request, "giao nhiệm vụ")
    plan, assigner = _assigning_level(request)
    if assigner is None:
        return render(request, "plans/task_start.html", {"nav": "tasks", "form": forms.StartForm(user=user)})
    ended = services.has_ended(assigner)
    form = forms.TaskForm(request.POST or None, user=user, assigner=assigner,
                          initial={"assigned_on": _today(), "recurrence": "none"})
    if request.method == "POST" and not ended and form.is_valid():
        d = form.cleaned_data
        common = {
            "user": user, "title": d["title"], "assigner": assigner, "plan": plan, "code": d["code"],
            "description": d["description"], "support_units": list(d["support_units"]), "leader": d["leader"],
            "assigned_on": d["assigned_on"], "deadline": d["deadline"], "recurrence": d["recurrence"],
            "due_day": d["due_day"], "deliverable": d["deliverable"],
        }
        try:
            if d["bulk"]:
                tasks = services.assign_to_communes(under=d["bulk_under"], **common)
            else:
                tasks = [services.create_task(lead_unit=d["lead_unit"], **common)]
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            if len(tasks) == 1:
                messages.success(request, _("The task was assigned."))
                return redirect("plans:task", pk=tasks[0].pk)
            messages.success(request, _("%(n)d tasks were assigned, one per commune or ward.") % {"n": len(tasks)})
            query = {"q": d["code"] or d["title"][:60]}
            if plan is not None:
                query["ke_hoach"] = plan.pk
            return redirect(f"{reverse('plans:tasks')}?{urlencode(query)}")
    return render(request, "plans/task_form.html", {
        "nav": "tasks", "form": form, "plan": plan, "assigner": assigner, "task": None, "ended": ended,
        "root": services.admin_root(assigner),
    })


def _decidable(request: HttpRequest, pk: int) -> Task:
    task = _task_or_404(request, pk)
    access.require(permissions.can_decide(request.user, task), request.user, request, f"sửa nhiệm vụ {task.pk}")
    return task


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _decidable(request, pk)
    locked = services.has_reports(task)
    initial = {
        "code": task.code, "title": task.title, "description": task.description, "lead_unit": task.lead_unit,
        "support_units": list(task.support_units.all()), "leader": task.leader, "assigned_on": task.assigned_on,
        "recurrence": task.recurrence, "deadline": task.deadline, "due_day": task.due_day,
        "deliverable": task.deliverable,
    }
    assigner = permissions.assigner_of(task)
    form = forms.TaskForm(request.POST or None, user=request.user, assigner=assigner, task=task,
                          schedule_locked=locked, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_task(
                task, user=request.user, title=d["title"], code=d["code"], description=d["description"],
                lead_unit=d["lead_unit"], support_units=list(d["support_units"]), leader=d["leader"],
                assigned_on=d["assigned_on"], deadline=d["deadline"], recurrence=d["recurrence"],
                due_day=d["due_day"], deliverable=d["deliverable"],
            )
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/task_form.html", {
        "nav": "tasks", "form": form, "plan": task.plan, "assigner": assigner, "task": task,
        "locked": locked, "root": services.admin_root(assigner),
    })


@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _decidable(request, pk)
    plan_id = task.plan_id
    try:
        services.delete_task(task, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("plans:task_edit", pk=task.pk)
    messages.success(request, _("The task was deleted."))
    return redirect("plans:plan", pk=plan_id) if plan_id else redirect("plans:tasks")
