"""Every write of the oversight app: inspections, recommendations, obstacles, briefings.

Each function checks access first (`accounts.access`), validates, and writes in one transaction;
bad input raises `OversightError` with a Vietnamese message and writes nothing. A
recommendation and an assigned obstacle each get their `plans.Task` through
`plans.services.create_task`, in the same transaction; answering an obstacle completes its task
through `plans.services.complete_task`. The task is the one place where "done" lives: a
recommendation is closed when its task is completed (no second status to drift).

Who changed what is kept by simple-history (the middleware records the user of a request;
`_history_user` records it for calls outside a request, e.g. the demo loader).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from nghiquyet.accounts import access
from nghiquyet.plans import services as task_services
from nghiquyet.plans.models import TaskSource
from nghiquyet.units.models import OrgUnit

from .models import Briefing, Inspection, InspectionKind, InspectionMode, Obstacle, Recommendation


class OversightError(ValueError):
    """Bad input for an oversight action (message in Vietnamese)."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise OversightError(message)


def _check_view(user, unit: OrgUnit, check: bool = True) -> None:
    if check and not access.can_view_unit(user, unit):
        raise Http404("Không tìm thấy.")


def _check_manage(user, unit: OrgUnit, what: str, check: bool = True) -> None:
    if not check:
        return
    _check_view(user, unit)
    if not access.can_manage(user, unit):
        raise PermissionDenied(f"Bạn không có quyền {what} của {unit.name}.")


def _tasks(call, *args, **kwargs):
    """Call plans.services, turning its Vietnamese ValidationError into ours."""
    try:
        return call(*args, **kwargs)
    except ValidationError as exc:
        raise OversightError(" ".join(exc.messages)) from exc


def _stamp(obj: Any, user) -> None:
    """Record who made the change in the history row (outside a request the middleware cannot)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user


def _text(value: str | None, label: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    _require(bool(text), f"Chưa nhập {label}.")
    if max_length is not None:
        _require(len(text) <= max_length, f"{label[:1].upper()}{label[1:]} dài quá {max_length} ký tự.")
    return text


# --------------------------------------------------------------------------- inspections


@transaction.atomic
def create_inspection(
    *,
    user,
    kind: str,
    mode: str,
    body: OrgUnit,
    units: Iterable[OrgUnit],
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    findings: str = "",
    conclusion_number: str = "",
    conclusion_date: dt.date | None = None,
    resolution=None,
    is_sample: bool = False,
    check: bool = True,
) -> Inspection:
    """An inspection (kiểm tra) or supervision (giám sát) by `body` of `units` over a period."""
    _check_manage(user, body, "lập đoàn kiểm tra, giám sát", check)
    _require(kind in InspectionKind.values, f"Loại hình không hợp lệ: {kind!r} (kiểm tra hoặc giám sát).")
    _require(mode in InspectionMode.values, f"Hình thức không hợp lệ: {mode!r}.")
    units = list(dict.fromkeys(units))
    _require(bool(units), "Chưa chọn đơn vị được kiểm tra, giám sát.")
    area = body.admin_unit
    for unit in units:
        _check_view(user, unit, check)
        _require(unit.pk != body.pk, "Cơ quan kiểm tra không thể tự kiểm tra chính mình.")
        # A body inspects within its own level's area: UBKT Huyện ủy the district's communes.
        _require(unit.path.startswith(area.path),
                 f"{unit.name} không thuộc {area.name}: ngoài phạm vi kiểm tra, giám sát của {body.name}.")
    _require(period_start is not None and period_end is not None, "Chưa nhập thời kỳ kiểm tra, giám sát.")
    _require(period_start <= period_end, "Thời kỳ kiểm tra: ngày bắt đầu phải trước ngày kết thúc.")
    if conclusion_date and decision_date:
        _require(decision_date <= conclusion_date, "Ngày kết luận không thể trước ngày quyết định.")
    inspection = Inspection(
        kind=kind, mode=mode, body=body, title=_text(title, "tên cuộc kiểm tra, giám sát", 400),
        period_start=period_start, period_end=period_end, decision_number=decision_number.strip(),
        decision_date=decision_date, findings=findings.strip(), conclusion_number=conclusion_number.strip(),
        conclusion_date=conclusion_date, resolution=resolution, is_sample=is_sample,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _stamp(inspection, user)
    inspection.save()
    inspection.units.set(units)
    return inspection


@transaction.atomic
def add_recommendation(
    inspection: Inspection,
    unit: OrgUnit,
    text: str,
    deadline: dt.date | None,
    user,
    *,
    leader=None,
    assigned_on: dt.date | None = None,
    order: int | None = None,
    check: bool = True,
) -> Recommendation:
    """A recommendation to one inspected unit; it becomes a task of that unit (same transaction)."""
    _check_manage(user, inspection.body, "ghi kiến nghị của cuộc kiểm tra, giám sát", check)
    _require(inspection.units.filter(pk=unit.pk).exists(),
             f"{unit.name} không thuộc các đơn vị được kiểm tra, giám sát trong cuộc này.")
    text = _text(text, "nội dung kiến nghị")
    assigned_on = assigned_on or inspection.conclusion_date or timezone.localdate()
    if deadline is not None:
        _require(deadline >= assigned_on, "Hạn khắc phục không thể trước ngày kết luận.")
    if order is None:
        order = inspection.recommendations.count() + 1
    label = inspection.conclusion_number or inspection.decision_number
    task = _tasks(
        task_services.create_task,
        source=TaskSource.RECOMMENDATION,
        assigner=inspection.body,
        title=_task_title(text),
        description=f"Kiến nghị của {inspection.body.name}" + (f" (Kết luận số {label})" if label else "")
        + f" — {inspection.title}.\n\n{text}",
        lead_unit=unit,
        leader=leader,
        assigned_on=assigned_on,
        deadline=deadline,
        user=user,
        is_sample=inspection.is_sample,
        check=check,
    )
    rec = Recommendation(inspection=inspection, unit=unit, text=text, deadline=deadline, order=order, task=task)
    _stamp(rec, user)
    rec.save()
    return rec


def _task_title(text: str) -> str:
    first = text.splitlines()[0].strip()
    return first if len(first) <= 300 else first[:297] + "…"


# --------------------------------------------------------------------------- obstacles


def _admin_ancestor_ok(reporter: OrgUnit, level: OrgUnit) -> bool:
    """`level` (or the unit it is a body of) is strictly above the reporter's admin unit."""
    reporter_admin = reporter.admin_unit
    level_admin = level.admin_unit
    return level_admin.pk in reporter_admin.ancestor_ids()


def _check_obstacle_visible(user, obstacle: Obstacle) -> None:
    """Seen by the reporting unit's users and by the escalation level's (else: not found)."""
    if not (access.can_view_unit(user, obstacle.reported_by)
            or (obstacle.escalated_to_id and access.can_view_unit(user, obstacle.escalated_to))):
        raise Http404("Không tìm thấy khó khăn, vướng mắc.")


def can_report_obstacle(user, unit: OrgUnit) -> bool:
    """Who may report a unit's difficulty: its own reporter (the person who already sends its
    figures up, as for `access.can_report`), or a manager/admin of the unit or a unit above."""
    return access.can_report(user, unit) or access.can_manage(user, unit)


@transaction.atomic
def report_obstacle(
    *,
    user,
    reported_by: OrgUnit,
    title: str,
    description: str = "",
    reported_on: dt.date | None = None,
    field=None,
    resolution=None,
    escalated_to: OrgUnit | None = None,
    is_sample: bool = False,
    check: bool = True,
) -> Obstacle:
    """A unit reports a difficulty; optionally escalated at once to a level above."""
    _check_view(user, reported_by, check)
    if check and not can_report_obstacle(user, reported_by):
        raise PermissionDenied(f"Bạn không có quyền phản ánh khó khăn, vướng mắc thay {reported_by.name}.")
    reported_on = reported_on or timezone.localdate()
    _require(reported_on <= timezone.localdate(), "Ngày phản ánh không thể ở tương lai.")
    _require(reported_by.valid_to is None or reported_on < reported_by.valid_to,
             f"{reported_by.name} đã thôi hoạt động từ ngày {reported_by.valid_to:%d/%m/%Y}." if reported_by.valid_to else "")
    obstacle = Obstacle(
        reported_by=reported_by, title=_text(title, "tên khó khăn, vướng mắc", 300),
        description=(description or "").strip(), reported_on=reported_on, field=field,
        resolution=resolution, is_sample=is_sample,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _stamp(obstacle, user)
    obstacle.save()
    if escalated_to is not None:
        escalate_obstacle(obstacle, escalated_to, user, on=reported_on, check=check)
    return obstacle


@transaction.atomic
def escalate_obstacle(
    obstacle: Obstacle, level: OrgUnit, user, *, on: dt.date | None = None, check: bool = True,
) -> Obstacle:
    """Send the obstacle up to `level`, which must be above the reporting unit."""
    _check_view(user, obstacle.reported_by, check)
    if check and not (can_report_obstacle(user, obstacle.reported_by) or access.can_manage(user, level)):
        raise PermissionDenied("Bạn không có quyền chuyển khó khăn, vướng mắc này lên cấp trên.")
    _require(obstacle.task_id is None, "Khó khăn, vướng mắc đã được giao xử lý: không chuyển cấp được nữa.")
    _require(_admin_ancestor_ok(obstacle.reported_by, level),
             f"{level.name} không phải cấp trên của {obstacle.reported_by.name}.")
    on = on or timezone.localdate()
    _require(on >= obstacle.reported_on, "Ngày chuyển cấp không thể trước ngày phản ánh.")
    if level.valid_to is not None:
        _require(on < level.valid_to, f"{level.name} đã thôi hoạt động vào ngày chuyển cấp.")
    obstacle.escalated_to = level
    obstacle.escalated_on = on
    _stamp(obstacle, user)
    obstacle.save(update_fields=["escalated_to", "escalated_on"])
    return obstacle


@transaction.atomic
def assign_obstacle(
    obstacle: Obstacle,
    *,
    unit: OrgUnit,
    resolve_by: dt.date,
    user,
    assignee=None,
    assigned_on: dt.date | None = None,
    check: bool = True,
) -> Obstacle:
    """The escalation level assigns a unit (and a person) to resolve it by a date: a task."""
    _require(obstacle.escalated_to_id is not None, "Khó khăn, vướng mắc chưa được chuyển lên cấp nào.")
    level = obstacle.escalated_to
    if check:
        _check_obstacle_visible(user, obstacle)
        if not access.can_manage(user, level):
            raise PermissionDenied(f"Bạn không có quyền giao xử lý khó khăn, vướng mắc thay {level.name}.")
    _require(obstacle.task_id is None, "Khó khăn, vướng mắc này đã được giao xử lý.")
    _require(resolve_by is not None, "Chưa nhập hạn giải quyết.")
    assigned_on = assigned_on or timezone.localdate()
    _require(resolve_by >= assigned_on, "Hạn giải quyết không thể trước ngày giao.")
    _require(assigned_on >= obstacle.reported_on, "Ngày giao xử lý không thể trước ngày phản ánh.")
    # The resolving unit is the escalation level, one of its bodies or agencies, or a unit below it.
    _require(unit.path.startswith(level.admin_unit.path),
             f"{unit.name} không thuộc {level.admin_unit.name}: không giao xử lý được.")
    task = _tasks(
        task_services.create_task,
        source=TaskSource.OBSTACLE,
        assigner=level,
        title=f"Giải quyết khó khăn, vướng mắc: {obstacle.title}"[:500],
        description=f"Do {obstacle.reported_by.name} phản ánh ngày {obstacle.reported_on:%d/%m/%Y}.\n\n"
        + obstacle.description,
        lead_unit=unit,
        leader=assignee,
        assigned_on=assigned_on,
        deadline=resolve_by,
        user=user,
        is_sample=obstacle.is_sample,
        check=check,
    )
    obstacle.assignee_unit = unit
    obstacle.assignee = assignee
    obstacle.resolve_by = resolve_by
    obstacle.task = task
    _stamp(obstacle, user)
    obstacle.save(update_fields=["assignee_unit", "assignee", "resolve_by", "task"])
    return obstacle


def can_answer(user, obstacle: Obstacle) -> bool:
    return obstacle.task_id is not None and (
        access.can_manage(user, obstacle.escalated_to) or access.can_manage(user, obstacle.assignee_unit)
    )


@transaction.atomic
def answer_obstacle(
    obstacle: Obstacle, answer: str, user, *, on: dt.date | None = None, check: bool = True,
) -> Obstacle:
    """Record the answer to the reporting unit; this completes the resolving task."""
    obstacle = Obstacle.objects.select_for_update(of=("self",)).select_related("task").get(pk=obstacle.pk)
    if check:
        _check_obstacle_visible(user, obstacle)
    _require(obstacle.task_id is not None, "Khó khăn, vướng mắc chưa được giao xử lý: chưa trả lời được.")
    if check and not can_answer(user, obstacle):
        raise PermissionDenied("Bạn không có quyền trả lời khó khăn, vướng mắc này.")
    _require(not obstacle.answered_on, "Khó khăn, vướng mắc này đã được trả lời.")
    answer = _text(answer, "nội dung trả lời")
    on = on or timezone.localdate()
    _require(on <= timezone.localdate(), "Ngày trả lời không thể ở tương lai.")
    _require(on >= obstacle.reported_on, "Ngày trả lời không thể trước ngày phản ánh.")
    _tasks(task_services.complete_task, obstacle.task, user, on,
           f"Đã trả lời khó khăn, vướng mắc: {answer}"[:2000], check=check)
    obstacle.answer = answer
    obstacle.answered_on = on
    _stamp(obstacle, user)
    obstacle.save(update_fields=["answer", "answered_on"])
    return obstacle


# --------------------------------------------------------------------------- briefings


@transaction.atomic
def record_briefing(
    *,
    user,
    resolution,
    unit: OrgUnit,
    held_on: dt.date,
    cadres_expected: int,
    cadres_present: int,
    members_expected: int,
    members_present: int,
    note: str = "",
    is_sample: bool = False,
    check: bool = True,
) -> Briefing:
    """A unit held a session studying the resolution, with its attendance."""
    _check_view(user, unit, check)
    if check and not (access.can_report(user, unit) or access.can_manage(user, unit)):
        raise PermissionDenied(f"Bạn không có quyền ghi hội nghị học tập nghị quyết của {unit.name}.")
    _require(held_on is not None, "Chưa nhập ngày tổ chức.")
    _require(held_on <= timezone.localdate(), "Ngày tổ chức không thể ở tương lai.")
    _require(unit.valid_from is None or unit.valid_from <= held_on,
             f"{unit.name} chưa được thành lập vào ngày {held_on:%d/%m/%Y}.")
    _require(unit.valid_to is None or held_on < unit.valid_to,
             f"{unit.name} đã thôi hoạt động trước ngày {held_on:%d/%m/%Y}.")
    issuer_area = resolution.issuer.admin_unit
    # A resolution is studied by the units it governs: its issuer's unit and the units below it.
    _require(unit.path.startswith(issuer_area.path),
             f"{unit.name} không thuộc {issuer_area.name}: không phải đơn vị học tập nghị quyết {resolution.number}.")
    if resolution.adopted_on:
        _require(held_on >= resolution.adopted_on, "Ngày học tập không thể trước ngày ban hành nghị quyết.")
    counts = {
        "cadres_expected": cadres_expected, "cadres_present": cadres_present,
        "members_expected": members_expected, "members_present": members_present,
    }
    for name, value in counts.items():
        _require(isinstance(value, int) and not isinstance(value, bool) and value >= 0,
                 f"Số người phải là số nguyên không âm ({_COUNT_LABELS[name]}).")
    _require(cadres_present <= cadres_expected, "Số cán bộ dự học không thể lớn hơn số cán bộ phải học.")
    _require(members_present <= members_expected, "Số đảng viên dự học không thể lớn hơn số đảng viên phải học.")
    _require(cadres_expected + members_expected > 0, "Chưa nhập số cán bộ, đảng viên phải học.")
    briefing = Briefing(
        resolution=resolution, unit=unit, held_on=held_on, note=(note or "").strip()[:400],
        is_sample=is_sample, created_by=user if getattr(user, "is_authenticated", False) else None, **counts,
    )
    _stamp(briefing, user)
    briefing.save()
    return briefing


_COUNT_LABELS = {
    "cadres_expected": "cán bộ phải học", "cadres_present": "cán bộ dự học",
    "members_expected": "đảng viên phải học", "members_present": "đảng viên dự học",
}

