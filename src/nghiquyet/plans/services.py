"""Every write to plans and tasks: atomic, permission-checked, recording who.

Views, the API, the oversight app (tasks from inspection recommendations and obstacles), the
demo and commands call these functions; nothing else writes Task, TaskUpdate, Extension or
TaskOccurrence rows. Changes are audited by django-simple-history on Task, Extension,
TaskOccurrence and Milestone (who, when, old and new values of every field); TaskUpdate rows
are an append-only log of their own.

Bad input raises `django.core.exceptions.ValidationError` with a Vietnamese message and writes
nothing; a user who may see but not change raises `PermissionDenied`. Callers that act for the
system (the demo, a command) pass `user=None, check=False`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from nghiquyet.indicators import periods
from nghiquyet.units.models import OrgUnit

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
        plan = Plan.objects.create(**fields)
    else:
        changed = [f for f, v in fields.items() if getattr(plan, f) != v]
        for f in changed:
            setattr(plan, f, fields[f])
        if changed:
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
