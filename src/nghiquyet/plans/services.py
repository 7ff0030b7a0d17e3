"""Every write to plans and tasks: atomic, permission-checked, recording who.

Views, the API, the oversight app (tasks from inspection recommendations and obstacles), the
demo and commands call these functions; nothing else writes Task, TaskUpdate, Extension or
TaskOccurrence rows. Changes are audited by django-simple-history on Plan, Task, Extension,
TaskOccurrence and Milestone (who, when, old and new values of every field); TaskUpdate rows
are an append-only log of their own.

Bad input raises `django.core.exceptions.ValidationError` with a Vietnamese message and writes
nothing; a user who may see but not change raises `PermissionDenied`. Callers that act for the
system (the demo, a command, imports of past records) pass `user=None, check=False`: that also
skips the checks of where a task may go (existing units under the assigning level, a leader the
user can see), so old plans of abolished districts can still be loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from nghiquyet.accounts import access
from nghiquyet.indicators import periods
from nghiquyet.units.models import ADMIN_KINDS, COMMUNE_LEVEL_KINDS, OrgUnit, UnitKind

from . import permissions, status
from .models import (
    Extension,
    ExtensionStatus,
    Milestone,
    Plan,
    PlanKind,
    Recurrence,
    Task,
    TaskOccurrence,
    TaskSource,
    TaskUpdate,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_SUFFIXES = frozenset({
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".txt", ".zip",
})


def _today() -> dt.date:
    return timezone.localdate()


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _as_user(obj, user) -> None:
    """simple-history takes the user from the request; outside one (CLI, jobs) tell it."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


# --------------------------------------------------------------------------- plans


@transaction.atomic
def save_plan(
    *, user, issuer: OrgUnit, kind: str, title: str, number: str = "", issued_on: dt.date | None = None,
    resolution=None, targets: Iterable = (), parent: Plan | None = None, start_year: int | None = None,
    end_year: int | None = None, budget_planned=None, budget_disbursed=None, summary: str = "",
    is_sample: bool = False, source: str = "", plan: Plan | None = None, check: bool = True,
) -> Plan:
    """Create a plan (or update `plan`): managers of the issuing unit."""
    if check and not permissions.can_assign(user, issuer):
        raise _deny("Chỉ người quản lý của đơn vị ban hành mới được tạo hoặc sửa kế hoạch, chương trình.")
    if kind not in PlanKind.values:
        raise ValidationError(f"Loại kế hoạch không hợp lệ: {kind!r}.")
    if not (title or "").strip():
        raise ValidationError("Hãy nhập tên kế hoạch, chương trình.")
    if start_year and end_year and end_year < start_year:
        raise ValidationError("Năm kết thúc phải không trước năm bắt đầu.")
    for label, value in (("Kinh phí kế hoạch", budget_planned), ("Kinh phí đã giải ngân", budget_disbursed)):
        if value is not None and value < 0:
            raise ValidationError(f"{label} không được âm.")
    fields = {
        "issuer": issuer, "kind": kind, "title": title.strip(), "number": number.strip(), "issued_on": issued_on,
        "resolution": resolution, "parent": parent, "start_year": start_year, "end_year": end_year,
        "budget_planned": budget_planned, "budget_disbursed": budget_disbursed, "summary": summary,
        "is_sample": is_sample, "source": source,
    }
    if plan is None:
        plan = Plan(**fields)
        _as_user(plan, user)
        plan.save()
    else:
        changed = [f for f, v in fields.items() if getattr(plan, f) != v]
        for f in changed:
            setattr(plan, f, fields[f])
        if changed:
            _as_user(plan, user)
            plan.save(update_fields=changed)
    targets = list(targets)
    if {t.pk for t in targets} != set(plan.targets.values_list("pk", flat=True)):
        plan.targets.set(targets)
    return plan


@transaction.atomic
def save_milestone(
    *, user, plan: Plan, title: str, due_on: dt.date | None = None, done_on: dt.date | None = None,
    order: int = 0, milestone: Milestone | None = None, check: bool = True,
) -> Milestone:
    if check and not permissions.can_assign(user, plan.issuer):
        raise _deny("Chỉ người quản lý của đơn vị ban hành mới được sửa mốc tiến độ.")
    if not (title or "").strip():
        raise ValidationError("Hãy nhập tên mốc tiến độ.")
    fields = {"title": title.strip(), "due_on": due_on, "done_on": done_on, "order": order}
    if milestone is None:
        milestone = Milestone(plan=plan, **fields)
    elif all(getattr(milestone, f) == v for f, v in fields.items()):
        return milestone
    else:
        for f, v in fields.items():
            setattr(milestone, f, v)
    _as_user(milestone, user)
    milestone.save()
    return milestone


# Kinds that carry a budget (planned / disbursed, million đồng).
BUDGET_KINDS = frozenset({PlanKind.PROGRAM, PlanKind.PROJECT})
MIN_YEAR, MAX_YEAR = 1945, 2100


def has_ended(unit: OrgUnit, today: dt.date | None = None) -> bool:
    """The unit no longer exists (valid_to is the first day it is gone)."""
    return unit.valid_to is not None and unit.valid_to <= (today or _today())


def _ended_message(unit: OrgUnit, what: str) -> str:
    return (f"{unit.name} đã kết thúc hoạt động từ ngày {_fmt(unit.valid_to)} (sắp xếp đơn vị hành chính): "
            f"không {what} được nữa; hãy chọn đơn vị kế thừa.")


def _check_plan_input(
    *, user, plan: Plan | None, issuer: OrgUnit, kind: str, number: str, issued_on: dt.date | None,
    resolution, targets: list, parent: Plan | None, start_year: int | None, end_year: int | None,
    budget_planned, budget_disbursed, check: bool,
) -> None:
    """What the plan pages must refuse beyond save_plan's checks (scope of choices, coherence)."""
    if issuer is None:
        raise ValidationError("Hãy chọn đơn vị ban hành.")
    if check and (plan is None or issuer.pk != plan.issuer_id) and has_ended(issuer):
        raise ValidationError(_ended_message(issuer, "ban hành kế hoạch mới"))
    number = (number or "").strip()
    if number:
        same = Plan.objects.filter(issuer=issuer, number__iexact=number)
        if plan is not None:
            same = same.exclude(pk=plan.pk)
        if same.exists():
            raise ValidationError(f"{issuer.name} đã có văn bản số {number}.")
    if issued_on and issued_on > _today():
        raise ValidationError(f"Ngày ban hành ({_fmt(issued_on)}) không được sau hôm nay.")
    for year in (start_year, end_year):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(f"Năm {year} không hợp lệ (phải từ {MIN_YEAR} đến {MAX_YEAR}).")
    if kind not in BUDGET_KINDS and (budget_planned is not None or budget_disbursed is not None):
        raise ValidationError("Chỉ chương trình và đề án, dự án mới ghi kinh phí.")
    if budget_disbursed is not None and budget_planned is None:
        raise ValidationError("Hãy nhập kinh phí kế hoạch trước khi ghi số đã giải ngân.")
    if budget_planned is not None and budget_disbursed is not None and budget_disbursed > budget_planned:
        raise ValidationError(
            f"Kinh phí đã giải ngân ({budget_disbursed}) không được lớn hơn kinh phí kế hoạch ({budget_planned})."
        )
    if check and resolution is not None and not access.can_view_resolution(user, resolution):
        raise ValidationError("Nghị quyết đã chọn không thuộc phạm vi của bạn.")
    if targets and resolution is None:
        raise ValidationError("Hãy chọn nghị quyết trước khi chọn chỉ tiêu.")
    for t in targets:
        if t.resolution_id != resolution.pk:
            raise ValidationError(f"Chỉ tiêu {t.code} không thuộc nghị quyết {resolution.number}.")
    if parent is not None:
        from .permissions import plan_q  # the read scope of plans

        if check and not Plan.objects.filter(plan_q(user)).filter(pk=parent.pk).exists():
            raise ValidationError("Kế hoạch cấp trên đã chọn không thuộc phạm vi của bạn.")
        node, seen = parent, set()
        while node is not None and node.pk not in seen:  # no plan may contain itself
            if plan is not None and node.pk == plan.pk:
                raise ValidationError("Một kế hoạch không thể là bộ phận của chính nó (hoặc của kế hoạch con của nó).")
            seen.add(node.pk)
            node = node.parent


@transaction.atomic
def create_plan(
    *, user, issuer: OrgUnit, kind: str, title: str, number: str = "", issued_on: dt.date | None = None,
    resolution=None, targets: Iterable = (), parent: Plan | None = None, start_year: int | None = None,
    end_year: int | None = None, budget_planned=None, budget_disbursed=None, summary: str = "",
    check: bool = True,
) -> Plan:
    """A new plan, program or project of `issuer`, entered by one of its managers.

    Beyond save_plan: the issuer still exists, the number is unique for the issuer, the
    resolution is one the user may see and the targets are that resolution's, the parent plan
    is visible, budgets only for programs and projects (disbursed ≤ planned).
    """
    targets = list(targets)
    if check and issuer is not None and not permissions.can_assign(user, issuer):
        raise _deny("Chỉ người quản lý của đơn vị ban hành mới được tạo kế hoạch, chương trình.")
    _check_plan_input(
        user=user, plan=None, issuer=issuer, kind=kind, number=number, issued_on=issued_on, resolution=resolution,
        targets=targets, parent=parent, start_year=start_year, end_year=end_year, budget_planned=budget_planned,
        budget_disbursed=budget_disbursed, check=check,
    )
    return save_plan(
        user=user, issuer=issuer, kind=kind, title=title, number=number, issued_on=issued_on, resolution=resolution,
        targets=targets, parent=parent, start_year=start_year, end_year=end_year, budget_planned=budget_planned,
        budget_disbursed=budget_disbursed, summary=(summary or "").strip(), check=check,
    )


@transaction.atomic
def update_plan(
    plan: Plan, *, user, issuer: OrgUnit, kind: str, title: str, number: str = "",
    issued_on: dt.date | None = None, resolution=None, targets: Iterable = (), parent: Plan | None = None,
    start_year: int | None = None, end_year: int | None = None, budget_planned=None, budget_disbursed=None,
    summary: str = "", check: bool = True,
) -> Plan:
    """Edit a plan: managers of its issuer (and of the new issuer, when it moves)."""
    targets = list(targets)
    if check and not permissions.can_assign(user, plan.issuer):
        raise _deny("Chỉ người quản lý của đơn vị ban hành mới được sửa kế hoạch, chương trình.")
    if check and issuer is not None and not permissions.can_assign(user, issuer):
        raise _deny("Bạn không quản lý đơn vị ban hành mới đã chọn.")
    _check_plan_input(
        user=user, plan=plan, issuer=issuer, kind=kind, number=number, issued_on=issued_on, resolution=resolution,
        targets=targets, parent=parent, start_year=start_year, end_year=end_year, budget_planned=budget_planned,
        budget_disbursed=budget_disbursed, check=check,
    )
    return save_plan(
        user=user, plan=plan, issuer=issuer, kind=kind, title=title, number=number, issued_on=issued_on,
        resolution=resolution, targets=targets, parent=parent, start_year=start_year, end_year=end_year,
        budget_planned=budget_planned, budget_disbursed=budget_disbursed, summary=(summary or "").strip(),
        is_sample=plan.is_sample, source=plan.source, check=check,
    )


@transaction.atomic
def add_milestone(
    plan: Plan, *, user, title: str, due_on: dt.date | None = None, check: bool = True,
) -> Milestone:
    """A milestone at the end of the plan's list (managers of the issuer)."""
    if due_on and plan.issued_on and due_on < plan.issued_on:
        raise ValidationError(f"Mốc tiến độ ({_fmt(due_on)}) không được trước ngày ban hành ({_fmt(plan.issued_on)}).")
    last = plan.milestones.order_by("-order").values_list("order", flat=True).first() or 0
    return save_milestone(user=user, plan=plan, title=title, due_on=due_on, order=last + 1, check=check)


@transaction.atomic
def complete_milestone(milestone: Milestone, *, user, on: dt.date, check: bool = True) -> Milestone:
    """Record that a milestone was reached on `on` (not in the future, once)."""
    if check and not permissions.can_assign(user, milestone.plan.issuer):
        raise _deny("Chỉ người quản lý của đơn vị ban hành mới được cập nhật mốc tiến độ.")
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if on is None:
        raise ValidationError("Hãy nhập ngày đạt mốc.")
    if milestone.done_on is not None:
        raise ValidationError(f"Mốc “{milestone.title}” đã đạt ngày {_fmt(milestone.done_on)}.")
    if on > _today():
        raise ValidationError(f"Ngày đạt mốc ({_fmt(on)}) không được sau hôm nay.")
    milestone.done_on = on
    _as_user(milestone, user)
    milestone.save(update_fields=["done_on"])
    return milestone


# --------------------------------------------------------------------------- where a task may go

# A province or district does not assign to villages directly; a commune does.
_VILLAGE_KINDS = frozenset({UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP})


def admin_root(unit: OrgUnit) -> OrgUnit:
    """The administrative unit a body belongs to (itself for an administrative unit).

    UBND tỉnh and the Huyện ủy assign to the units of their province / district: the subtree
    of that administrative unit, not the body's own (empty) subtree.
    """
    if unit.kind in ADMIN_KINDS:
        return unit
    ancestors = OrgUnit.objects.filter(pk__in=unit.ancestor_ids(), kind__in=ADMIN_KINDS).order_by("-depth")
    return ancestors.first() or unit


def lead_unit_choices(assigner: OrgUnit, today: dt.date | None = None):
    """Units that may lead a task given by `assigner`: existing units under its administrative
    unit (its bodies, agencies, communes and their bodies; villages only below a commune)."""
    root = admin_root(assigner)
    day = today or _today()
    qs = OrgUnit.objects.subtree(root).filter(
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day),
    )
    if root.kind not in COMMUNE_LEVEL_KINDS and root.kind not in _VILLAGE_KINDS:
        qs = qs.exclude(kind__in=_VILLAGE_KINDS)
    return qs.order_by("path")


def bulk_roots(assigner: OrgUnit, today: dt.date | None = None):
    """Administrative units under which "giao cho tất cả các xã" may pick every commune."""
    return lead_unit_choices(assigner, today).filter(
        kind__in=[UnitKind.NATION, UnitKind.PROVINCE, UnitKind.DISTRICT],
    )


def _check_lead(assigner: OrgUnit, unit: OrgUnit, role: str, *, allow_ended: bool = False) -> None:
    root = admin_root(assigner)
    if not unit.path.startswith(root.path):
        raise ValidationError(f"{unit.name} không thuộc {root.name}: {assigner.name} không giao {role} cho đơn vị này được.")
    if not allow_ended and has_ended(unit):
        raise ValidationError(_ended_message(unit, f"nhận nhiệm vụ ({role})"))


def _check_leader(user, assigner: OrgUnit, leader) -> None:
    """The leader in charge is a person the user can see, or one of the assigning level's people."""
    if leader is None or access.is_superadmin(user):
        return
    unit = leader.unit
    if unit is None or not (access.can_view_unit(user, unit) or unit.path.startswith(admin_root(assigner).path)):
        raise ValidationError(f"Không chọn được {leader.full_name}: người này không thuộc phạm vi của bạn.")


def has_reports(task: Task) -> bool:
    """Something was reported on the task: a progress report, an extension request, a completion
    (of the task or of a period). From then on its schedule moves only through extensions."""
    return (
        task.completed_on is not None
        or task.updates.exists()
        or task.extensions.exists()
        or task.occurrences.filter(completed_on__isnull=False).exists()
    )


# --------------------------------------------------------------------------- tasks


def _check_schedule(
    assigned_on: dt.date | None, deadline: dt.date | None, recurrence: str, due_day: int | None,
) -> None:
    if recurrence not in Recurrence.values:
        raise ValidationError(f"Kiểu lặp lại không hợp lệ: {recurrence!r}.")
    if assigned_on and deadline and deadline < assigned_on:
        raise ValidationError(
            f"Hạn hoàn thành ({_fmt(deadline)}) không được trước ngày giao ({_fmt(assigned_on)})."
        )
    if due_day is not None:
        if recurrence not in status.PERIODIC:
            raise ValidationError("Chỉ nhiệm vụ định kỳ (hằng tháng, quý, năm) mới có ngày đến hạn trong kỳ.")
        if not 1 <= due_day <= 31:
            raise ValidationError("Ngày đến hạn trong kỳ phải từ 1 đến 31.")
    if recurrence in status.PERIODIC and assigned_on is None:
        raise ValidationError("Nhiệm vụ định kỳ phải có ngày giao (kỳ đầu tiên tính từ ngày giao).")


@transaction.atomic
def create_task(
    *, user, title: str, lead_unit: OrgUnit, assigner: OrgUnit | None = None, plan: Plan | None = None,
    source: str | None = None, code: str = "", description: str = "", support_units: Iterable[OrgUnit] = (),
    leader=None, assigned_on: dt.date | None = None, deadline: dt.date | None = None,
    recurrence: str = Recurrence.NONE, due_day: int | None = None, deliverable: str = "",
    is_sample: bool = False, check: bool = True,
) -> Task:
    """Create a task given by `assigner` (default: the plan's issuer) to `lead_unit`.

    Permission: a manager/admin of the assigning unit. `recurrence` "none" with no deadline
    is a task without a time limit; "ongoing" is "thường xuyên" (never overdue); for monthly,
    quarterly, yearly tasks `deadline` (optional) ends the recurrence and `due_day` is the day
    of each period's last month it is due (default: the period's last day).
    """
    assigner = assigner or (plan.issuer if plan else None)
    if assigner is None:
        raise ValidationError("Hãy chọn đơn vị giao nhiệm vụ.")
    if check and not permissions.can_assign(user, assigner):
        raise _deny("Chỉ người quản lý của đơn vị giao nhiệm vụ mới được tạo nhiệm vụ.")
    if not (title or "").strip():
        raise ValidationError("Hãy nhập nội dung nhiệm vụ.")
    if lead_unit is None:
        raise ValidationError("Hãy chọn đơn vị chủ trì.")
    source = source or (TaskSource.PLAN if plan else TaskSource.OTHER)
    if source not in TaskSource.values:
        raise ValidationError(f"Nguồn nhiệm vụ không hợp lệ: {source!r}.")
    assigned_on = assigned_on or _today()
    _check_schedule(assigned_on, deadline, recurrence, due_day)
    support_units = list(support_units)
    if check:
        if has_ended(assigner):
            raise ValidationError(_ended_message(assigner, "giao nhiệm vụ mới"))
        _check_lead(assigner, lead_unit, "chủ trì")
        for u in support_units:
            if u.pk != lead_unit.pk:
                _check_lead(assigner, u, "phối hợp")
        _check_leader(user, assigner, leader)
    task = Task(
        source=source, plan=plan, assigner=assigner, code=code.strip(), title=title.strip(),
        description=description, lead_unit=lead_unit, leader=leader, assigned_on=assigned_on,
        deadline=deadline, recurrence=recurrence, due_day=due_day, deliverable=deliverable,
        is_sample=is_sample, created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _as_user(task, user)
    task.save()
    support = [u for u in support_units if u.pk != lead_unit.pk]
    if support:
        task.support_units.set(support)
    return task


@transaction.atomic
def assign_to_communes(
    *, user, under: OrgUnit, title: str, assigner: OrgUnit | None = None, plan: Plan | None = None,
    code: str = "", **fields,
) -> list[Task]:
    """"Giao cho tất cả các xã": one task per existing commune-level unit under `under`, each
    with the same content and the code `<code>-<commune's official code>`; all or nothing."""
    assigner = assigner or (plan.issuer if plan else None)
    if assigner is None:
        raise ValidationError("Hãy chọn đơn vị giao nhiệm vụ.")
    if under is None:
        raise ValidationError("Hãy chọn đơn vị có các xã, phường cần giao.")
    if fields.get("check", True):
        if not permissions.can_assign(user, assigner):
            raise _deny("Chỉ người quản lý của đơn vị giao nhiệm vụ mới được tạo nhiệm vụ.")
        _check_lead(assigner, under, "nhiệm vụ")
    communes = list(
        OrgUnit.objects.subtree(under).filter(kind__in=COMMUNE_LEVEL_KINDS)
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=_today())).order_by("name", "code")
    )
    if not communes:
        raise ValidationError(f"{under.name} không có xã, phường, đặc khu nào đang hoạt động.")
    code = (code or "").strip()
    tasks = []
    for commune in communes:
        own = f"{code}-{commune.official_code or commune.code}" if code else ""
        if len(own) > Task._meta.get_field("code").max_length:
            raise ValidationError(f"Mã nhiệm vụ {own} quá dài: hãy dùng mã ngắn hơn.")
        tasks.append(create_task(
            user=user, title=title, lead_unit=commune, assigner=assigner, plan=plan, code=own, **fields,
        ))
    return tasks


# Fields of a task's schedule: they fix every status computed later.
SCHEDULE_FIELDS = ("assigned_on", "deadline", "recurrence", "due_day")


@transaction.atomic
def update_task(
    task: Task, *, user, title: str, lead_unit: OrgUnit, code: str = "", description: str = "",
    support_units: Iterable[OrgUnit] = (), leader=None, assigned_on: dt.date | None = None,
    deadline: dt.date | None = None, recurrence: str = Recurrence.NONE, due_day: int | None = None,
    deliverable: str = "", check: bool = True,
) -> Task:
    """Edit a task (managers of the assigning level).

    Its schedule (assigned on, deadline, recurrence, due day) may change only while nothing has
    been reported on it; afterwards the deadline moves only through an extension the assigning
    level approves, so a late task cannot be made "on time" after the fact.
    """
    if check and not permissions.can_decide(user, task):
        raise _deny("Chỉ người quản lý của cấp giao nhiệm vụ mới được sửa nhiệm vụ.")
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not (title or "").strip():
        raise ValidationError("Hãy nhập nội dung nhiệm vụ.")
    if lead_unit is None:
        raise ValidationError("Hãy chọn đơn vị chủ trì.")
    assigner = permissions.assigner_of(task)
    support = [u for u in support_units if u.pk != lead_unit.pk]
    if check:
        if lead_unit.pk != task.lead_unit_id:
            _check_lead(assigner, lead_unit, "chủ trì")
        old_support = set(task.support_units.values_list("pk", flat=True))
        for u in support:
            _check_lead(assigner, u, "phối hợp", allow_ended=u.pk in old_support)
        if leader is not None and leader.pk != task.leader_id:
            _check_leader(user, assigner, leader)
    assigned_on = assigned_on or task.assigned_on or _today()
    schedule = {"assigned_on": assigned_on, "deadline": deadline, "recurrence": recurrence, "due_day": due_day}
    moved = [f for f, v in schedule.items() if getattr(task, f) != v]
    if moved and has_reports(task):
        raise ValidationError(
            "Nhiệm vụ đã có báo cáo tiến độ, đề nghị gia hạn hoặc kết quả hoàn thành nên không sửa trực tiếp "
            "hạn hoàn thành, ngày giao hay kiểu lặp lại được nữa: hạn chỉ thay đổi qua đề nghị gia hạn do "
            "đơn vị chủ trì gửi và cấp giao nhiệm vụ quyết định (để việc đánh giá đúng hạn, quá hạn "
            "không bị thay đổi về sau)."
        )
    if moved:
        _check_schedule(assigned_on, deadline, recurrence, due_day)
    fields = {
        "title": title.strip(), "code": (code or "").strip(), "description": description or "",
        "lead_unit": lead_unit, "leader": leader, "deliverable": deliverable or "", **schedule,
    }
    changed = [f for f, v in fields.items() if getattr(task, f) != v]
    for f in changed:
        setattr(task, f, fields[f])
    if changed:
        _as_user(task, user)
        task.save(update_fields=changed)
    if {u.pk for u in support} != set(task.support_units.values_list("pk", flat=True)):
        task.support_units.set(support)
    return task


@transaction.atomic
def delete_task(task: Task, *, user, check: bool = True) -> None:
    """Remove a task entered by mistake: only while nothing was reported on it.

    There is no "cancelled" status: statuses are computed from dates in the Government's four
    columns (plans/status.py), which have no place for one. The history keeps a deletion row
    (who, when, every field).
    """
    if check and not permissions.can_decide(user, task):
        raise _deny("Chỉ người quản lý của cấp giao nhiệm vụ mới được xóa nhiệm vụ.")
    if has_reports(task):
        raise ValidationError(
            "Nhiệm vụ đã có báo cáo tiến độ, đề nghị gia hạn hoặc kết quả hoàn thành nên không xóa được."
        )
    if hasattr(task, "recommendation") or hasattr(task, "obstacle"):
        raise ValidationError("Nhiệm vụ gắn với kiến nghị hoặc khó khăn, vướng mắc: xử lý tại trang kiểm tra, giám sát.")
    _as_user(task, user)
    task.delete()


def _check_update(user, task: Task, check: bool) -> None:
    if check and not permissions.can_update_task(user, task):
        raise _deny("Chỉ đơn vị chủ trì (người báo cáo, quản lý) hoặc cấp giao nhiệm vụ mới được cập nhật.")


def _check_completion_day(task: Task, on: dt.date) -> None:
    if on > _today():
        raise ValidationError(f"Ngày hoàn thành ({_fmt(on)}) không được sau hôm nay.")
    if task.assigned_on and on < task.assigned_on:
        raise ValidationError(f"Ngày hoàn thành ({_fmt(on)}) không được trước ngày giao ({_fmt(task.assigned_on)}).")


def _check_attachment(attachment: UploadedFile | None) -> None:
    if attachment is None:
        return
    if PurePath(attachment.name or "").suffix.lower() not in ATTACHMENT_SUFFIXES:
        raise ValidationError(
            "Tệp đính kèm phải là PDF, Word, Excel, OpenDocument, ảnh JPG/PNG, văn bản hoặc ZIP."
        )
    if attachment.size is not None and attachment.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("Tệp đính kèm không được lớn hơn 20 MB.")


@transaction.atomic
def add_update(
    task: Task, user, text: str, percent: int | None = None, attachment: UploadedFile | None = None,
    completed_on: dt.date | None = None, *, check: bool = True, is_sample: bool = False,
) -> TaskUpdate:
    """A progress report (text, optional percent and attachment); `completed_on` also completes."""
    _check_update(user, task, check)
    if not (text or "").strip():
        raise ValidationError("Hãy nhập nội dung báo cáo tiến độ.")
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError("Tỷ lệ hoàn thành phải từ 0 đến 100%.")
    _check_attachment(attachment)
    if completed_on is not None:
        _complete(task, user, completed_on)
    update = TaskUpdate(
        task=task, by=user if getattr(user, "is_authenticated", False) else None, text=text.strip(),
        percent=100 if completed_on is not None else percent, is_sample=is_sample,
    )
    if attachment is not None:
        update.attachment.save(attachment.name, attachment, save=False)
    update.save()
    if completed_on is None and percent is not None and percent != task.percent_done:
        task.percent_done = percent
        _as_user(task, user)
        task.save(update_fields=["percent_done"])
    return update


def _complete(task: Task, user, on: dt.date) -> None:
    if task.recurrence in status.PERIODIC:
        raise ValidationError("Nhiệm vụ định kỳ được báo cáo hoàn thành theo từng kỳ.")
    if task.completed_on is not None:
        raise ValidationError(f"Nhiệm vụ đã hoàn thành ngày {_fmt(task.completed_on)}.")
    _check_completion_day(task, on)
    task.completed_on = on
    task.percent_done = 100
    _as_user(task, user)
    task.save(update_fields=["completed_on", "percent_done"])


@transaction.atomic
def complete_task(task: Task, user, on: dt.date, note: str = "", *, check: bool = True) -> Task:
    """Mark a one-off or "thường xuyên" task done on `on` (not in the future)."""
    _check_update(user, task, check)
    _complete(task, user, on)
    TaskUpdate.objects.create(
        task=task, by=user if getattr(user, "is_authenticated", False) else None, percent=100,
        text=note.strip() or f"Báo cáo hoàn thành ngày {_fmt(on)}.", is_sample=task.is_sample,
    )
    return task


@transaction.atomic
def reopen_task(task: Task, user, reason: str, *, check: bool = True) -> Task:
    """Undo a completion (the assigning level found it not done): its managers only."""
    if check and not permissions.can_decide(user, task):
        raise _deny("Chỉ cấp giao nhiệm vụ mới được mở lại nhiệm vụ đã hoàn thành.")
    if task.completed_on is None:
        raise ValidationError("Nhiệm vụ chưa hoàn thành.")
    if not (reason or "").strip():
        raise ValidationError("Hãy ghi lý do mở lại nhiệm vụ.")
    task.completed_on = None
    _as_user(task, user)
    task.save(update_fields=["completed_on"])
    TaskUpdate.objects.create(
        task=task, by=user if getattr(user, "is_authenticated", False) else None,
        text=f"Mở lại nhiệm vụ: {reason.strip()}",
    )
    return task


def current_deadline(task: Task) -> dt.date | None:
    """The effective deadline (after approved extensions) of a one-off task."""
    approved = [e.new_deadline for e in task.extensions.all() if e.status == ExtensionStatus.APPROVED]
    return status.effective_deadline(task.deadline, approved)


@transaction.atomic
def request_extension(
    task: Task, user, new_deadline: dt.date, reason: str, *, on: dt.date | None = None,
    check: bool = True, is_sample: bool = False,
) -> Extension:
    """The lead unit asks for more time; the assigning level decides (decide_extension)."""
    _check_update(user, task, check)
    if task.recurrence != Recurrence.NONE or task.deadline is None:
        raise ValidationError("Chỉ gia hạn được nhiệm vụ một lần có hạn hoàn thành.")
    if task.completed_on is not None:
        raise ValidationError("Nhiệm vụ đã hoàn thành, không cần gia hạn.")
    if not (reason or "").strip():
        raise ValidationError("Hãy nêu lý do xin gia hạn.")
    if task.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
        raise ValidationError("Nhiệm vụ đang có một đề nghị gia hạn chờ quyết định.")
    current = current_deadline(task)
    if new_deadline is None or (current and new_deadline <= current):
        raise ValidationError(f"Hạn mới phải sau hạn hiện tại ({_fmt(current)}).")
    ext = Extension(
        task=task, requested_on=on or _today(), new_deadline=new_deadline, reason=reason.strip(),
        requested_by=user if getattr(user, "is_authenticated", False) else None, is_sample=is_sample,
    )
    _as_user(ext, user)
    ext.save()
    return ext


@transaction.atomic
def decide_extension(
    extension: Extension, user, approve: bool, note: str = "", *, on: dt.date | None = None,
    check: bool = True,
) -> Extension:
    """Approve (the deadline moves to `new_deadline`) or refuse (nothing moves) a request."""
    if check and not permissions.can_decide(user, extension.task):
        raise _deny("Chỉ người quản lý của cấp giao nhiệm vụ mới được quyết định gia hạn.")
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.REQUESTED:
        raise ValidationError("Đề nghị gia hạn này đã được quyết định.")
    if not approve and not (note or "").strip():
        raise ValidationError("Hãy ghi lý do không đồng ý gia hạn.")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by = user if getattr(user, "is_authenticated", False) else None
    extension.decided_on = on or _today()
    extension.decision_note = (note or "").strip()
    _as_user(extension, user)
    extension.save()
    return extension


def task_occurrences(task: Task, today: dt.date) -> list[status.Occurrence]:
    return status.occurrences(
        task.recurrence, task.assigned_on or today, today, until=recurrence_end(task), due_day=task.due_day,
    )


def recurrence_end(task: Task) -> dt.date | None:
    """A periodic task recurs until its `deadline`, else to the end of its plan, else forever."""
    if task.deadline:
        return task.deadline
    if task.plan_id and task.plan.end_year:
        return dt.date(task.plan.end_year, 12, 31)
    return None


@transaction.atomic
def complete_occurrence(
    task: Task, period: str, on: dt.date, user, note: str = "", *, check: bool = True,
    is_sample: bool = False,
) -> TaskOccurrence:
    """Report one period of a recurring task done on `on`."""
    _check_update(user, task, check)
    if task.recurrence not in status.PERIODIC:
        raise ValidationError("Chỉ nhiệm vụ định kỳ mới báo cáo hoàn thành theo kỳ.")
    try:
        code = periods.normalize(period)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    today = _today()
    if code not in {o.period for o in task_occurrences(task, today)}:
        raise ValidationError(f"Kỳ {code} không phải một kỳ của nhiệm vụ này (tính đến hôm nay).")
    _check_completion_day(task, on)
    occ, _ = TaskOccurrence.objects.select_for_update().get_or_create(task=task, period=code)
    if occ.completed_on is not None:
        raise ValidationError(f"Kỳ {periods.label(code)} đã hoàn thành ngày {_fmt(occ.completed_on)}.")
    occ.completed_on = on
    occ.completed_by = user if getattr(user, "is_authenticated", False) else None
    occ.note = (note or "").strip()
    occ.is_sample = is_sample or task.is_sample
    _as_user(occ, user)
    occ.save()
    return occ
