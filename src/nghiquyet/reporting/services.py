"""Every change to a submission, and the reads the pages and the API share.

Write functions are atomic, check rights through `nghiquyet.accounts.access` first, record each
step as a `SubmissionEvent` (user, UTC time, client address) and write figures only through
`indicators.services.write_values`, so `DataValueChange` audits every changed figure.

Lifecycle and rights
--------------------
* draft / returned: the unit's reporter (`access.can_report`) saves figures and submits.
* submitted: locked for everybody; an approver of the unit or above (`access.can_approve`)
  approves it or returns it with a reason.
* approved: locked; only a return by an approver unlocks it.
* The person who submitted cannot approve their own report (unless a superuser): approval is a
  second pair of eyes, and someone holding both roles (an admin) must not wave their own
  figures through.

Figures follow the submission: draft/returned → DataValue status ``draft``, submitted →
``submitted``, approved → ``approved``. Only approved figures roll up, so approving changes the
rollups of every unit above at that moment, in the same transaction. Returning sets the figures
back to ``draft``: a returned report is one the approver no longer stands behind, so its figures
leave the rollups until it is approved again (keeping them would show totals built on figures
known to be wrong).

Errors: a refusal raises `ReportingError` (a ValueError with a Vietnamese message; `.errors`
lists all messages) or `NotAllowed` (also a Django PermissionDenied: a 403). `save_draft` and
`upload_workbook` return a result with the validation errors instead, having written nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from nghiquyet.accounts import access
from nghiquyet.core import xlsx
from nghiquyet.core.context import current_ip
from nghiquyet.core.xlsx import workbook_bytes
from nghiquyet.indicators import periods
from nghiquyet.indicators.models import DataValue, ValueKind, ValueStatus
from nghiquyet.indicators.services import ValueInput, delete_values, read_values, write_values
from nghiquyet.units.models import OrgUnit

from . import excel, schedule, validation
from .models import (
    EventAction,
    ReportingForm,
    ReportingFormItem,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    ValidationRule,
)

# Figures' status for each submission status (only approved figures roll up).
VALUE_STATUS = {
    SubmissionStatus.DRAFT: ValueStatus.DRAFT,
    SubmissionStatus.RETURNED: ValueStatus.DRAFT,
    SubmissionStatus.SUBMITTED: ValueStatus.SUBMITTED,
    SubmissionStatus.APPROVED: ValueStatus.APPROVED,
}
STATUS_LABELS = {
    SubmissionStatus.DRAFT: "Đang nhập",
    SubmissionStatus.SUBMITTED: "Đã gửi, chờ duyệt",
    SubmissionStatus.APPROVED: "Đã duyệt",
    SubmissionStatus.RETURNED: "Bị trả lại",
    "missing": "Chưa nhập",
}
KIND = ValueKind.OFFICIAL  # reports carry official figures


class ReportingError(ValueError):
    """A refused action; `str()` is the Vietnamese message, `.errors` every message."""

    def __init__(self, message: str | list[str], errors: list[str] | None = None):
        messages = [message] if isinstance(message, str) else list(message)
        super().__init__(messages[0] if len(messages) == 1 else "; ".join(messages))
        self.errors = errors if errors is not None else messages


class NotAllowed(ReportingError, PermissionDenied):
    """The user may see the unit but not do this (HTTP 403)."""


class SubmissionInvalid(ReportingError):
    """The figures do not pass the checks; `.outcome` has them per indicator."""

    def __init__(self, outcome: validation.Outcome):
        super().__init__(outcome.error_list() or ["Số liệu chưa hợp lệ."])
        self.outcome = outcome


@dataclass
class EntryResult:
    """What `save_draft` did: errors (nothing written) or the number of figures changed."""

    submission: Submission
    written: int = 0
    errors: dict[int | None, list[str]] = field(default_factory=dict)
    warnings: dict[int, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_list(self) -> list[str]:
        return [m for messages in self.errors.values() for m in messages]


@dataclass
class UploadResult:
    """What `upload_workbook` did. Any error: nothing was written (`written` is 0)."""

    errors: list[excel.CellError] = field(default_factory=list)
    warnings: list[excel.CellError] = field(default_factory=list)
    written: int = 0  # figures created or changed
    units: int = 0  # unit rows read
    changed_units: int = 0  # submissions whose figures changed
    submitted: int = 0  # submissions sent by this upload

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            return f"Tệp có {len(self.errors)} lỗi: không có số liệu nào được ghi."
        if not self.written and not self.submitted:
            return f"Không có gì thay đổi ({self.units} đơn vị trong tệp)."
        text = f"Đã ghi {self.written} số liệu của {self.changed_units} đơn vị (trong {self.units} đơn vị của tệp)"
        if self.submitted:
            text += f"; đã gửi {self.submitted} báo cáo"
        return text + "."


# ----------------------------------------------------------------------------- form data


@dataclass(frozen=True)
class FormSpec:
    """A form's indicators, requirements and rules as plain data for `validation`."""

    form: ReportingForm
    specs: dict[int, validation.IndicatorSpec]
    order: list[int]
    required: set[int]
    rules: list[validation.Rule]
    indicators: dict[int, object]

    def by_code(self) -> dict[str, int]:
        return {s.code: i for i, s in self.specs.items()}


def form_spec(form: ReportingForm) -> FormSpec:
    items = list(form.items.select_related("indicator").order_by("order", "id"))
    specs = {
        it.indicator_id: validation.IndicatorSpec(
            id=it.indicator_id, code=it.indicator.code, name=it.indicator.name,
            value_type=it.indicator.value_type, min_value=it.indicator.min_value,
            max_value=it.indicator.max_value, decimals=it.indicator.decimals,
            unit_of_measure=it.indicator.unit_of_measure,
        )
        for it in items
    }
    rules = [validation.Rule(r.left_id, r.comparator, r.right_id, r.message) for r in form.rules.all()]
    return FormSpec(
        form=form, specs=specs, order=[it.indicator_id for it in items],
        required={it.indicator_id for it in items if it.required}, rules=rules,
        indicators={it.indicator_id: it.indicator for it in items},
    )


def reporting_units(form: ReportingForm, period: str | None = None, under: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """Units that report `form`: below its scope unit, of its unit kinds, existing in `period`."""
    qs = OrgUnit.objects.subtree(under or form.scope_unit).filter(
        path__startswith=form.scope_unit.path, kind__in=list(form.unit_kinds or []),
    ).exclude(pk=form.scope_unit_id)
    if period:
        start, end = periods.start(period), periods.end(period)
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=start)
        )
    else:
        qs = qs.current()
    return qs.order_by("name", "code")


def is_reporting_unit(form: ReportingForm, unit: OrgUnit, period: str) -> bool:
    return reporting_units(form, period).filter(pk=unit.pk).exists()


def visible_forms(user) -> QuerySet[ReportingForm]:
    """Active forms whose scope overlaps what the user may see (either contains the other)."""
    qs = ReportingForm.objects.filter(active=True).select_related("scope_unit")
    if access.is_superadmin(user):
        return qs
    paths = [g.path for g in access.grants(user)]
    if not paths:
        return qs.none()
    q = Q()
    for path in paths:
        q |= Q(scope_unit__path__startswith=path)  # the form's scope lies in the user's
        q |= Q(scope_unit_id__in=[int(p) for p in path.strip("/").split("/") if p])  # or above it
    return qs.filter(q)


def check_period(form: ReportingForm, period: str) -> str:
    try:
        return schedule.check_period(form.periodicity, period)
    except ValueError as exc:
        raise ReportingError(str(exc)) from None


def current_values(form: ReportingForm, unit_ids: Iterable[int], period: str,
                   indicator_ids: Iterable[int] | None = None) -> dict[int, dict[int, float]]:
    """unit id → {indicator id: the unit's own official figure for the period, any status}."""
    ids = list(indicator_ids) if indicator_ids is not None else list(form.items.values_list("indicator_id", flat=True))
    out: dict[int, dict[int, float]] = defaultdict(dict)
    unit_ids = list(unit_ids)
    for i in range(0, len(unit_ids), 500):
        for unit_id, ind_id, value in DataValue.objects.filter(
            unit_id__in=unit_ids[i:i + 500], period=period, kind=KIND, indicator_id__in=ids,
        ).values_list("unit_id", "indicator_id", "value"):
            out[unit_id][ind_id] = value
    return out


def previous_period(form: ReportingForm, period: str) -> str:
    return periods.previous(period)


def previous_values(form: ReportingForm, unit_ids: Iterable[int], period: str,
                    indicator_ids: Iterable[int]) -> dict[int, dict[int, float | None]]:
    """unit id → {indicator id: the previous period's figure of the same kind}.

    The unit's own figure as reported (any status: last month's report is often still
    awaiting approval when this month's is entered), else what the rollups read — which
    also covers a unit formed by a merger, through its predecessors' figures.
    """
    prev = previous_period(form, period)
    unit_ids, indicator_ids = list(unit_ids), list(indicator_ids)
    own = current_values(form, unit_ids, prev, indicator_ids)
    keys = [(ind, unit, prev) for unit in unit_ids for ind in indicator_ids if ind not in own.get(unit, {})]
    readings = read_values(keys)
    out: dict[int, dict[int, float | None]] = defaultdict(dict)
    for (ind, unit, _p), reading in readings.items():
        out[unit][ind] = reading.value
    for unit, values in own.items():
        out[unit].update(values)
    return out


def find_submission(form: ReportingForm, unit: OrgUnit, period: str) -> Submission | None:
    return Submission.objects.filter(form=form, unit=unit, period=period).first()


# ----------------------------------------------------------------------------- helpers


def _event(submission: Submission, action: str, user, from_status: str, to_status: str,
           reason: str = "", changed: int = 0) -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        submission=submission, action=action, from_status=from_status, to_status=to_status,
        reason=reason, changed=changed, user=user if getattr(user, "pk", None) else None, ip=current_ip(),
    )


def _source(submission: Submission) -> str:
    return f"Báo cáo {submission.form.code} kỳ {submission.period}"


def _require_report(user, unit: OrgUnit) -> None:
    if not access.can_report(user, unit):
        raise NotAllowed(f"Bạn không có quyền nhập hoặc gửi báo cáo của {unit.name}.")


def _require_approve(user, unit: OrgUnit) -> None:
    if not access.can_approve(user, unit):
        raise NotAllowed(f"Bạn không có quyền duyệt hoặc trả lại báo cáo của {unit.name}.")


def _locked_message(submission: Submission) -> str:
    if submission.status == SubmissionStatus.APPROVED:
        return (f"Báo cáo của {submission.unit.name} kỳ {submission.period} đã được duyệt: số liệu bị khóa. "
                "Muốn sửa, đề nghị người duyệt trả lại báo cáo.")
    return (f"Báo cáo của {submission.unit.name} kỳ {submission.period} đã gửi và đang chờ duyệt: "
            "không sửa được. Muốn sửa, đề nghị người duyệt trả lại báo cáo.")


def _restatus(submission: Submission, status: str, user) -> int:
    """Rewrite the submission's figures with the status its new state calls for."""
    values = current_values(submission.form, [submission.unit_id], submission.period).get(submission.unit_id, {})
    items = [ValueInput(ind, submission.unit_id, submission.period, value, KIND) for ind, value in values.items()]
    # write_values audits status changes too (DataValueChange old/new status): by the acting user.
    return write_values(items, user=user, source=_source(submission),
                        is_sample=submission.is_sample, status=VALUE_STATUS[status])


def _as_submission(target, user) -> Submission:
    """The submission, read again and locked: the caller's copy may be stale."""
    if not isinstance(target, Submission):
        form, unit, period = target
        target = get_or_create_submission(form, unit, period, user)
    return Submission.objects.select_for_update().select_related("form", "unit").get(pk=target.pk)


# ----------------------------------------------------------------------------- writes


@transaction.atomic
def get_or_create_submission(form: ReportingForm, unit: OrgUnit, period: str, user) -> Submission:
    """The unit's submission for the period, created as a draft by its reporter if missing.

    Refuses a period of the wrong periodicity, a unit that does not report the form, an inactive
    form, and a user who may not report for the unit.
    """
    period = check_period(form, period)
    existing = find_submission(form, unit, period)
    if existing is not None:
        return existing
    _require_report(user, unit)
    if not form.active:
        raise ReportingError(f"Biểu mẫu {form.code} đã ngừng sử dụng.")
    if not is_reporting_unit(form, unit, period):
        raise ReportingError(f"{unit.name} không thuộc các đơn vị báo cáo biểu mẫu {form.code} kỳ {period}.")
    plan = form.schedule_for(period)
    submission, created = Submission.objects.get_or_create(
        form=form, unit=unit, period=period,
        defaults=dict(period_start=plan.start, period_end=plan.end, due_on=plan.due_on, is_sample=form.is_sample),
    )
    if created:
        _event(submission, EventAction.CREATED, user, "", SubmissionStatus.DRAFT)
    return submission


@transaction.atomic
def save_draft(target: Submission | tuple[ReportingForm, OrgUnit, str],
               values: Mapping[int, float | None], user) -> EntryResult:
    """Save figures (indicator id → value; None clears it) of a draft or returned submission.

    Type, range and cross-indicator checks run on the figures as they will stand; any error
    returns them in the result and writes nothing. Required items are checked on `submit`.
    Warnings (large change against the previous period) never block.
    """
    submission = _as_submission(target, user)
    _require_report(user, submission.unit)
    if submission.is_locked:
        raise ReportingError(_locked_message(submission))
    spec = form_spec(submission.form)
    stored = current_values(submission.form, [submission.unit_id], submission.period).get(submission.unit_id, {})
    merged: dict[int, float | None] = dict(stored)
    merged.update(values)
    previous = previous_values(submission.form, [submission.unit_id], submission.period, spec.order).get(
        submission.unit_id, {})
    outcome = validation.validate(
        spec.specs, merged, rules=spec.rules, required=spec.required, previous=previous,
        threshold_percent=submission.form.change_warning_percent,
    )
    result = EntryResult(submission, errors=outcome.errors, warnings=outcome.warnings)
    if not outcome.ok:
        # Bad input writes nothing, not even the draft submission opened for it.
        transaction.set_rollback(True)
        return result
    result.written = _write(submission, values, stored, user)
    if result.written:
        _event(submission, EventAction.SAVED, user, submission.status, submission.status, changed=result.written)
        submission.save(update_fields=["updated_at"])
    return result


def _write(submission: Submission, values: Mapping[int, float | None], stored: Mapping[int, float], user) -> int:
    items = [
        ValueInput(ind, submission.unit_id, submission.period, float(v), KIND)
        for ind, v in values.items() if v is not None and stored.get(ind) != float(v)
    ]
    removed = [(ind, submission.unit_id, submission.period, KIND) for ind, v in values.items()
               if v is None and ind in stored]
    written = write_values(items, user=user, source=_source(submission), is_sample=submission.is_sample,
                           status=VALUE_STATUS[submission.status])
    if removed:
        written += delete_values(removed, user=user, source=_source(submission))
    return written


def check_submission(submission: Submission) -> validation.Outcome:
    """The checks a submission must pass to be sent (required items included)."""
    spec = form_spec(submission.form)
    stored = current_values(submission.form, [submission.unit_id], submission.period).get(submission.unit_id, {})
    previous = previous_values(submission.form, [submission.unit_id], submission.period, spec.order).get(
        submission.unit_id, {})
    outcome = validation.validate(
        spec.specs, stored, rules=spec.rules, required=spec.required, previous=previous,
        threshold_percent=submission.form.change_warning_percent, for_submit=True,
    )
    if not stored and outcome.ok:
        outcome.error(None, "Báo cáo chưa có số liệu nào.")
    return outcome


@transaction.atomic
def submit(submission: Submission, user) -> Submission:
    """Send a draft or returned submission for approval; raises SubmissionInvalid on bad figures."""
    submission = Submission.objects.select_for_update().select_related("form", "unit").get(pk=submission.pk)
    _require_report(user, submission.unit)
    if submission.status not in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
        raise ReportingError(_locked_message(submission))
    outcome = check_submission(submission)
    if not outcome.ok:
        raise SubmissionInvalid(outcome)
    old = submission.status
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = user
    submission.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    _restatus(submission, SubmissionStatus.SUBMITTED, user)
    _event(submission, EventAction.SUBMITTED, user, old, SubmissionStatus.SUBMITTED)
    return submission


@transaction.atomic
def approve(submission: Submission, user) -> Submission:
    """Approve a submitted report: its figures become approved and enter the rollups now."""
    submission = Submission.objects.select_for_update().select_related("form", "unit").get(pk=submission.pk)
    _require_approve(user, submission.unit)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ReportingError(f"Chỉ duyệt được báo cáo đã gửi; báo cáo này đang ở trạng thái "
                             f"“{STATUS_LABELS[submission.status]}”.")
    if submission.submitted_by_id == getattr(user, "pk", None) and not access.is_superadmin(user):
        raise NotAllowed("Người gửi báo cáo không tự duyệt báo cáo của mình; cần một người duyệt khác.")
    submission.status = SubmissionStatus.APPROVED
    submission.approved_at = timezone.now()
    submission.approved_by = user
    submission.returned_reason = ""
    submission.save(update_fields=["status", "approved_at", "approved_by", "returned_reason", "updated_at"])
    _restatus(submission, SubmissionStatus.APPROVED, user)
    _event(submission, EventAction.APPROVED, user, SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
    return submission


@transaction.atomic
def return_submission(submission: Submission, user, reason: str) -> Submission:
    """Return a submitted or approved report to its unit with a reason; its figures leave the rollups."""
    submission = Submission.objects.select_for_update().select_related("form", "unit").get(pk=submission.pk)
    _require_approve(user, submission.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ReportingError("Cần ghi lý do trả lại báo cáo.")
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        raise ReportingError(f"Chỉ trả lại được báo cáo đã gửi hoặc đã duyệt; báo cáo này đang ở trạng thái "
                             f"“{STATUS_LABELS[submission.status]}”.")
    old = submission.status
    submission.status = SubmissionStatus.RETURNED
    submission.returned_reason = reason
    submission.approved_at = None
    submission.approved_by = None
    submission.save(update_fields=["status", "returned_reason", "approved_at", "approved_by", "updated_at"])
    _restatus(submission, SubmissionStatus.RETURNED, user)
    _event(submission, EventAction.RETURNED, user, old, SubmissionStatus.RETURNED, reason=reason)
    return submission


# ----------------------------------------------------------------------------- Excel


def window_text(form: ReportingForm, period: str) -> str:
    plan = form.schedule_for(period)
    return (f"Số liệu từ {plan.start:%d/%m/%Y} đến {plan.end:%d/%m/%Y}; hạn gửi {plan.due_on:%d/%m/%Y}"
            f" ({form.due_days} ngày {'làm việc' if form.due_in_working_days else ''} sau ngày chốt)").replace("  ", " ")


def download_units(form: ReportingForm, period: str, user, unit: OrgUnit, all_below: bool) -> list[OrgUnit]:
    """The units of a workbook: `unit` itself, or every reporting unit below it the user may see."""
    if not all_below:
        return [unit]
    return list(reporting_units(form, period, under=unit).filter(access.unit_q(user)))


def form_workbook(form: ReportingForm, period: str, units: list[OrgUnit]) -> bytes:
    """The workbook for `units` (one row each), prefilled with their current figures."""
    period = check_period(form, period)
    spec = form_spec(form)
    ids = [u.pk for u in units]
    values = current_values(form, ids, period, spec.order)
    statuses = dict(Submission.objects.filter(form=form, period=period, unit_id__in=ids).values_list("unit_id", "status"))
    prev = previous_values(form, ids, period, spec.order)
    rows = [
        excel.UnitRow(
            code=u.code, name=u.name, values=values.get(u.pk, {}),
            locked=statuses.get(u.pk) in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED),
            status_label=STATUS_LABELS.get(statuses.get(u.pk, "missing"), ""),
        )
        for u in units
    ]
    previous = {(u.code, ind): v for u in units for ind, v in prev.get(u.pk, {}).items() if v is not None}
    sheet = excel.FormSheet(
        form_code=form.code, form_name=form.name, period=period, period_label=periods.label(period),
        window_text=window_text(form, period),
        items=[(spec.specs[i], i in spec.required) for i in spec.order], rows=rows,
        previous_label=periods.label(previous_period(form, period)), previous=previous,
    )
    return workbook_bytes(excel.build_workbook(sheet))


@dataclass
class _PlannedRow:
    row: int
    unit: OrgUnit
    submission: Submission | None
    values: dict[int, float]


def upload_workbook(file: IO[bytes] | bytes, form: ReportingForm, period: str, user,
                    unit: OrgUnit | None = None, *, submit: bool = False) -> UploadResult:
    """Import a filled form workbook, all or nothing.

    Every problem is listed with its sheet, row and column; on any error nothing is written.
    Empty cells leave figures unchanged. Rows of units whose report is sent or approved are
    accepted only if they change nothing. With `submit`, each unit's report is also sent (its
    required items must then be filled). A second upload of the same file writes nothing.
    `unit`, when given, limits the rows to that unit and the units below it.
    """
    period = check_period(form, period)
    data = file if isinstance(file, bytes) else file.read()
    parsed = excel.read_workbook(data)
    result = UploadResult(errors=list(parsed.errors))
    if result.errors:
        return result
    sheet = excel.DATA_SHEET
    if parsed.info.get("form_code") and parsed.info["form_code"] != form.code:
        result.errors.append(excel.CellError(excel.INFO_SHEET, 1, "B",
                                             f"Tệp là của biểu mẫu {parsed.info['form_code']}, không phải {form.code}."))
    if parsed.info.get("period") and parsed.info["period"] != period:
        result.errors.append(excel.CellError(excel.INFO_SHEET, 2, "B",
                                             f"Tệp là của kỳ {parsed.info['period']}, không phải kỳ {period}."))
    spec = form_spec(form)
    by_code = spec.by_code()
    key_row = excel.KEY_ROW
    for key, letter in parsed.columns.items():
        if key not in (excel.UNIT_CODE, excel.UNIT_NAME) and key not in by_code:
            result.errors.append(excel.CellError(sheet, key_row, letter, f"Mã chỉ tiêu “{key}” không có trong biểu mẫu {form.code}."))
    if result.errors:
        return result
    letter_of = {by_code[k]: c for k, c in parsed.columns.items() if k in by_code}
    unit_letter = parsed.columns.get(excel.UNIT_CODE, "A")

    allowed = {u.code: u for u in reporting_units(form, period, under=unit)}
    codes = {r.unit_code for r in parsed.rows if r.unit_code}
    known = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    result.units = len(parsed.rows)
    seen: dict[str, int] = {}
    rows: list[tuple[excel.ParsedRow, OrgUnit]] = []
    for prow in parsed.rows:
        err = lambda message, letter=unit_letter, r=prow.row: result.errors.append(  # noqa: E731
            excel.CellError(sheet, r, letter, message))
        if not prow.unit_code:
            err("Thiếu mã đơn vị.")
            continue
        if prow.unit_code in seen:
            err(f"Đơn vị {prow.unit_code} đã có ở dòng {seen[prow.unit_code]}.")
            continue
        seen[prow.unit_code] = prow.row
        target = allowed.get(prow.unit_code)
        if target is None:
            if prow.unit_code in known and access.can_view_unit(user, known[prow.unit_code]):
                err(f"{known[prow.unit_code].name} ({prow.unit_code}) không thuộc các đơn vị báo cáo biểu mẫu này"
                    + (f" dưới {unit.name}." if unit else "."))
            else:
                err(f"Không có đơn vị mã “{prow.unit_code}” trong các đơn vị báo cáo biểu mẫu này.")
            continue
        if not access.can_report(user, target):
            err(f"Bạn không có quyền nhập số liệu cho {target.name} ({target.code}).")
            continue
        rows.append((prow, target))

    unit_ids = [u.pk for _, u in rows]
    stored_all = current_values(form, unit_ids, period, spec.order)
    previous_all = previous_values(form, unit_ids, period, spec.order)
    submissions = {s.unit_id: s for s in Submission.objects.filter(form=form, period=period, unit_id__in=unit_ids)}
    plans: list[_PlannedRow] = []
    for prow, target in rows:
        values: dict[int, float] = {}
        bad = False
        for key, raw in prow.cells.items():
            ind = by_code.get(key)
            if ind is None:
                continue
            try:
                value = validation.parse_number(raw)
            except validation.ParseError as exc:
                result.errors.append(excel.CellError(sheet, prow.row, letter_of[ind], str(exc)))
                bad = True
                continue
            if value is not None:
                values[ind] = value
        stored = stored_all.get(target.pk, {})
        changes = {ind: v for ind, v in values.items() if stored.get(ind) != v}
        sub = submissions.get(target.pk)
        if sub is not None and sub.is_locked:
            if changes:
                sub.unit = target
                ind = next(iter(changes))
                result.errors.append(excel.CellError(sheet, prow.row, letter_of[ind], _locked_message(sub)))
            continue
        if bad:
            continue
        merged: dict[int, float | None] = {**stored, **values}
        outcome = validation.validate(
            spec.specs, merged, rules=spec.rules, required=spec.required, previous=previous_all.get(target.pk, {}),
            threshold_percent=form.change_warning_percent, for_submit=submit,
        )
        for ind, messages in outcome.errors.items():
            letter = letter_of.get(ind, unit_letter) if ind is not None else unit_letter
            for message in messages:
                name = spec.specs[ind].name if ind in spec.specs else ""
                result.errors.append(excel.CellError(sheet, prow.row, letter, f"{name}: {message}" if name else message))
        for ind, messages in outcome.warnings.items():
            if ind in changes:
                for message in messages:
                    result.warnings.append(excel.CellError(sheet, prow.row, letter_of.get(ind), message))
        if submit and not merged and outcome.ok:
            result.errors.append(excel.CellError(sheet, prow.row, unit_letter, "Báo cáo chưa có số liệu nào."))
        if changes or submit:
            plans.append(_PlannedRow(prow.row, target, sub, changes))
    if result.errors:
        result.errors.sort(key=lambda e: (e.sheet, e.row or 0, len(e.column or ""), e.column or ""))
        return result
    try:
        _apply_upload(form, period, user, plans, submit, result)
    except ReportingError as exc:  # a race with another change: report it, the transaction rolled back
        result.errors = [excel.CellError(sheet, None, None, m) for m in exc.errors]
        result.written = result.changed_units = result.submitted = 0
    return result


@transaction.atomic
def _apply_upload(form: ReportingForm, period: str, user, plans: list[_PlannedRow], submit_too: bool,
                  result: UploadResult) -> None:
    """Write a checked upload. Figures of all units go through one `write_values` call (and one
    more to mark them submitted): rollups are refreshed once, not once per unit."""
    subs: list[tuple[_PlannedRow, Submission]] = []
    for plan in plans:
        sub = plan.submission or get_or_create_submission(form, plan.unit, period, user)
        sub = Submission.objects.select_for_update().select_related("form", "unit").get(pk=sub.pk)
        if sub.is_locked:
            raise ReportingError(_locked_message(sub))  # changed since the checks: roll back
        subs.append((plan, sub))
    source = f"Tải lên Excel: báo cáo {form.code} kỳ {period}"
    items = [ValueInput(ind, sub.unit_id, period, float(v), KIND) for plan, sub in subs for ind, v in plan.values.items()]
    result.written = write_values(items, user=user, source=source, is_sample=form.is_sample,
                                  status=ValueStatus.DRAFT)
    ip = current_ip()
    now = timezone.now()
    events = [
        SubmissionEvent(submission=sub, action=EventAction.UPLOADED, from_status=sub.status, to_status=sub.status,
                        changed=len(plan.values), user=user, ip=ip, at=now)
        for plan, sub in subs if plan.values
    ]
    result.changed_units = len(events)
    changed_ids = [sub.pk for plan, sub in subs if plan.values]
    if submit_too:
        to_send = [sub for _plan, sub in subs if sub.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)]
        status_items = []
        stored = current_values(form, [s.unit_id for s in to_send], period)
        for sub in to_send:
            events.append(SubmissionEvent(submission=sub, action=EventAction.SUBMITTED, from_status=sub.status,
                                          to_status=SubmissionStatus.SUBMITTED, user=user, ip=ip, at=now))
            status_items += [ValueInput(ind, sub.unit_id, period, v, KIND) for ind, v in stored.get(sub.unit_id, {}).items()]
        Submission.objects.filter(pk__in=[s.pk for s in to_send]).update(
            status=SubmissionStatus.SUBMITTED, submitted_at=now, submitted_by=user, updated_at=now)
        write_values(status_items, user=user, source=source, is_sample=form.is_sample, status=ValueStatus.SUBMITTED)
        result.submitted = len(to_send)
    Submission.objects.filter(pk__in=changed_ids).update(updated_at=now)
    SubmissionEvent.objects.bulk_create(events)


# ----------------------------------------------------------------------------- dashboard


@dataclass
class UnitStatus:
    unit: OrgUnit
    submission: Submission | None
    status: str  # missing | draft | submitted | approved | returned
    late: bool

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class FormStatus:
    form: ReportingForm
    period: str
    plan: schedule.Schedule
    rows: list[UnitStatus]

    def of(self, status: str) -> list[UnitStatus]:
        return [r for r in self.rows if r.status == status]

    @property
    def not_submitted(self) -> list[UnitStatus]:
        return [r for r in self.rows if r.status in ("missing", SubmissionStatus.DRAFT)]

    @property
    def late(self) -> list[UnitStatus]:
        return [r for r in self.rows if r.late]

    def counts(self) -> dict[str, int]:
        return {
            "total": len(self.rows), "not_submitted": len(self.not_submitted),
            "submitted": len(self.of(SubmissionStatus.SUBMITTED)), "approved": len(self.of(SubmissionStatus.APPROVED)),
            "returned": len(self.of(SubmissionStatus.RETURNED)), "late": len(self.late),
        }


def form_status(form: ReportingForm, period: str, user, under: OrgUnit | None = None,
                today: dt.date | None = None) -> FormStatus:
    """Every reporting unit of the form the user may see, with its submission's state and lateness."""
    period = check_period(form, period)
    today = today or timezone.localdate()
    plan = form.schedule_for(period)
    units = list(reporting_units(form, period, under=under).filter(access.unit_q(user)))
    subs = {s.unit_id: s for s in Submission.objects.filter(form=form, period=period, unit__in=[u.pk for u in units])
            .select_related("submitted_by", "approved_by")}
    rows = []
    for u in units:
        sub = subs.get(u.pk)
        status = sub.status if sub else "missing"
        sent = timezone.localdate(sub.submitted_at) if sub and sub.submitted_at else None
        if status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED, "missing"):
            late = schedule.is_late(sub.due_on if sub else plan.due_on, None, today)
        else:
            late = schedule.is_late(sub.due_on, sent, today)
        rows.append(UnitStatus(u, sub, status, late))
    return FormStatus(form, period, plan, rows)


def status_workbook(status: FormStatus) -> bytes:
    """The dashboard table as a workbook (house style of resolutions/template.py)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "TinhHinhBaoCao"
    c = status.counts()
    headers = [("Mã đơn vị", 14), ("Tên đơn vị", 30), ("Trạng thái", 20), ("Trễ hạn", 10),
               ("Gửi lúc", 18), ("Người gửi", 16), ("Duyệt lúc", 18), ("Người duyệt", 16), ("Lý do trả lại", 40)]
    xlsx.table_head(
        ws, f"Tình hình báo cáo: {status.form.name} — {periods.label(status.period)}",
        f"Hạn gửi {status.plan.due_on:%d/%m/%Y}. {c['total']} đơn vị: chưa gửi {c['not_submitted']}, "
        f"chờ duyệt {c['submitted']}, đã duyệt {c['approved']}, bị trả lại {c['returned']}, trễ hạn {c['late']}.",
        headers,
    )

    def when(moment):
        return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""

    for r, row in enumerate(status.rows, start=5):
        sub = row.submission
        values = [row.unit.code, row.unit.name, row.label, "Trễ hạn" if row.late else "",
                  when(sub.submitted_at) if sub else "", str(sub.submitted_by or "") if sub else "",
                  when(sub.approved_at) if sub else "", str(sub.approved_by or "") if sub else "",
                  sub.returned_reason if sub else ""]
        for i, v in enumerate(values, start=1):
            ws.cell(r, i, v)
    xlsx.table_tail(ws, len(headers), len(status.rows))
    ws.page_setup.orientation = "landscape"
    return workbook_bytes(wb)


# ----------------------------------------------------------------------------- form management
#
# Managers (access.can_manage on the form's scope unit) create and edit forms, their items and
# rules. Every change is a simple-history row naming the user (and, from a request, the address).
# None of this touches figures: removing an item or a rule changes what future entry asks and
# checks, never a figure already entered or approved (DataValue rows stay as they are).

FORM_FIELDS = (
    "code", "name", "periodicity", "cutoff_day", "due_days", "due_in_working_days", "scope_unit",
    "unit_kinds", "change_warning_percent", "description", "legal_basis", "active",
)
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
MAX_WARNING_PERCENT = 1000.0


class FormInvalid(ReportingError):
    """Form settings refused; `.field_errors` maps a field name (None: the whole form) to messages."""

    def __init__(self, field_errors: dict[str | None, list[str]]):
        super().__init__([m for ms in field_errors.values() for m in ms])
        self.field_errors = field_errors


@dataclass(frozen=True)
class ItemInput:
    indicator_id: int
    order: int = 0
    required: bool = True


def manageable_forms(user) -> QuerySet[ReportingForm]:
    """Forms (active or not) whose scope unit the user manages."""
    return ReportingForm.objects.filter(access.unit_q(user, "scope_unit__", access.MANAGE_ROLES)).select_related(
        "scope_unit")


def can_manage_form(user, form: ReportingForm) -> bool:
    return access.can_manage(user, form.scope_unit)


def _require_manage(user, form: ReportingForm) -> None:
    if not can_manage_form(user, form):
        raise NotAllowed(f"Bạn không có quyền quản lý biểu mẫu {form.code}.")


def _audited(obj, user):
    """Name the acting user in the history row simple-history writes on save/delete."""
    if getattr(user, "pk", None):
        obj._history_user = user
    return obj


def _clean_settings(values: Mapping[str, object], form: ReportingForm | None, user) -> dict[str, object]:
    """Checked, normalised settings; FormInvalid lists every problem by field."""
    from nghiquyet.units.models import UnitKind

    errors: dict[str | None, list[str]] = defaultdict(list)
    out: dict[str, object] = {}
    unknown = set(values) - set(FORM_FIELDS)
    if unknown:
        raise ValueError(f"unknown form fields: {sorted(unknown)}")

    def text(key: str, max_length: int, required: bool = False) -> None:
        if key not in values:
            return
        value = " ".join(str(values[key] or "").split()) if key != "description" else str(values[key] or "").strip()
        if required and not value:
            errors[key].append("Không được để trống.")
        elif len(value) > max_length:
            errors[key].append(f"Dài {len(value)} ký tự, tối đa {max_length} ký tự.")
        out[key] = value

    text("name", 200, required=True)
    text("legal_basis", 300)
    text("description", 5000)
    if "code" in values:
        code = str(values["code"] or "").strip()
        if not CODE_PATTERN.fullmatch(code):
            errors["code"].append("Mã biểu mẫu gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới "
                                  "(tối đa 40 ký tự), VD BC-THANG.")
        elif ReportingForm.objects.filter(code__iexact=code).exclude(pk=getattr(form, "pk", None)).exists():
            errors["code"].append(f"Mã biểu mẫu {code} đã được dùng.")
        out["code"] = code
    for key, check in (("periodicity", schedule.check_periodicity), ("cutoff_day", schedule.check_cutoff_day),
                       ("due_days", schedule.check_due_days)):
        if key in values:
            try:
                out[key] = check(values[key])
            except ValueError as exc:
                errors[key].append(str(exc))
    if "due_in_working_days" in values:
        out["due_in_working_days"] = bool(values["due_in_working_days"])
    if "active" in values:
        out["active"] = bool(values["active"])
    if "change_warning_percent" in values:
        pct = values["change_warning_percent"]
        if pct is not None and (isinstance(pct, bool) or not isinstance(pct, (int, float))
                                or not 0 < pct <= MAX_WARNING_PERCENT):
            errors["change_warning_percent"].append(
                f"Ngưỡng cảnh báo phải lớn hơn 0 và không quá {MAX_WARNING_PERCENT:g}% (để trống: không cảnh báo).")
        else:
            out["change_warning_percent"] = None if pct is None else float(pct)
    if "unit_kinds" in values:
        kinds = list(dict.fromkeys(values["unit_kinds"] or []))
        bad = [k for k in kinds if k not in UnitKind.values]
        if not kinds:
            errors["unit_kinds"].append("Chọn ít nhất một loại đơn vị báo cáo.")
        elif bad:
            errors["unit_kinds"].append(f"Loại đơn vị không hợp lệ: {', '.join(map(str, bad))}.")
        out["unit_kinds"] = kinds
    if "scope_unit" in values:
        unit = values["scope_unit"]
        if unit is not None and not isinstance(unit, OrgUnit):
            unit = OrgUnit.objects.filter(pk=unit).first()
        if unit is None:
            errors["scope_unit"].append("Chọn đơn vị phạm vi của biểu mẫu.")
        elif not access.can_manage(user, unit):
            # no name: the unit may be outside what the user may even see
            errors["scope_unit"].append("Đơn vị phạm vi phải thuộc các đơn vị bạn quản lý.")
        out["scope_unit"] = unit
    if form is not None and form.submissions.exists():
        # Submissions name their period by the form's periodicity and workbooks carry the code.
        if "periodicity" in out and out["periodicity"] != form.periodicity:
            errors["periodicity"].append("Biểu mẫu đã có báo cáo: không đổi được loại kỳ báo cáo. "
                                         "Hãy tạo biểu mẫu mới và ngừng sử dụng biểu mẫu này.")
        if "code" in out and out["code"] != form.code:
            errors["code"].append("Biểu mẫu đã có báo cáo: không đổi được mã biểu mẫu.")
    if errors:
        raise FormInvalid(dict(errors))
    return out


@transaction.atomic
def create_form(user, **values) -> ReportingForm:
    """A new form from its settings (every field of FORM_FIELDS; items and rules come after)."""
    if not access.has_any_role(user, access.MANAGE_ROLES):
        raise NotAllowed("Bạn không có quyền tạo biểu mẫu báo cáo.")
    missing = {"code", "name", "periodicity", "scope_unit"} - set(values)
    cleaned = _clean_settings({**{k: None for k in missing}, **values}, None, user)
    form = ReportingForm(**cleaned)
    _audited(form, user).save()
    return form


@transaction.atomic
def update_form(form: ReportingForm, user, **values) -> list[str]:
    """Change a form's settings; returns the names of the fields that changed (none: no write).

    The user must manage the form's current scope unit (403) and, when it changes, the new one.
    Changes apply to periods not yet created: a submission keeps the window and deadline it
    was created with.
    """
    form = ReportingForm.objects.select_for_update().select_related("scope_unit").get(pk=form.pk)
    _require_manage(user, form)
    cleaned = _clean_settings(values, form, user)
    changed = [k for k, v in cleaned.items() if getattr(form, k) != v]
    if changed:
        for key in changed:
            setattr(form, key, cleaned[key])
        _audited(form, user).save()
    return changed


def _locked_form(form: ReportingForm, user) -> ReportingForm:
    form = ReportingForm.objects.select_for_update().select_related("scope_unit").get(pk=form.pk)
    _require_manage(user, form)
    return form


@transaction.atomic
def set_items(form: ReportingForm, items: Iterable[ItemInput], user) -> int:
    """Make the form's items exactly `items` (add, remove, reorder, required); returns rows changed.

    An indicator used by a validation rule cannot be removed (remove the rule first). Figures
    are not touched: a removed item's figures stay, approved ones still roll up.
    """
    from nghiquyet.indicators.models import Indicator

    form = _locked_form(form, user)
    items = list(items)
    errors: list[str] = []
    ids = [it.indicator_id for it in items]
    dupes = {i for i in ids if ids.count(i) > 1}
    indicators = Indicator.objects.in_bulk(set(ids))
    for ind_id in sorted(dupes):
        name = indicators[ind_id].name if ind_id in indicators else str(ind_id)
        errors.append(f"Chỉ tiêu “{name}” có hai lần trong biểu mẫu.")
    missing = [i for i in set(ids) if i not in indicators]
    if missing:
        errors.append("Không tìm thấy chỉ số đã chọn.")
    for it in items:
        if not isinstance(it.order, int) or not 0 <= it.order <= 32767:
            errors.append(f"Thứ tự phải là số nguyên từ 0 đến 32767, không phải {it.order!r}.")
            break
    wanted = set(ids)
    for rule in form.rules.select_related("left", "right"):
        for ind in (rule.left, rule.right):
            if ind.pk not in wanted:
                errors.append(f"Chỉ tiêu “{ind.name}” đang dùng trong quy tắc kiểm tra “{rule_text(rule)}”: "
                              "hãy xóa quy tắc trước.")
    if errors:
        raise ReportingError(list(dict.fromkeys(errors)))
    current = {it.indicator_id: it for it in form.items.all()}
    changes = 0
    for item in current.values():
        if item.indicator_id not in wanted:
            _audited(item, user).delete()
            changes += 1
    for it in items:
        old = current.get(it.indicator_id)
        if old is None:
            new = ReportingFormItem(form=form, indicator_id=it.indicator_id, order=it.order, required=it.required)
            _audited(new, user).save()
            changes += 1
        elif (old.order, old.required) != (it.order, bool(it.required)):
            old.order, old.required = it.order, bool(it.required)
            _audited(old, user).save()
            changes += 1
    return changes


def rule_text(rule: ValidationRule) -> str:
    return f"{rule.left.name} {rule.get_comparator_display()} {rule.right.name}"


@transaction.atomic
def add_rule(form: ReportingForm, user, left_id: int, comparator: str, right_id: int,
             message: str = "") -> ValidationRule:
    """A cross-indicator check (left comparator right) between two items of the form."""
    from .models import Comparator

    form = _locked_form(form, user)
    items = set(form.items.values_list("indicator_id", flat=True))
    errors: list[str] = []
    if left_id not in items or right_id not in items:
        errors.append("Hai vế của quy tắc phải là chỉ tiêu có trong biểu mẫu.")
    elif left_id == right_id:
        errors.append("Hai vế của quy tắc phải là hai chỉ tiêu khác nhau.")
    if comparator not in Comparator.values:
        errors.append("Phép so sánh không hợp lệ.")
    message = " ".join((message or "").split())
    if len(message) > 300:
        errors.append(f"Thông báo dài {len(message)} ký tự, tối đa 300 ký tự.")
    if not errors and form.rules.filter(left_id=left_id, comparator=comparator, right_id=right_id).exists():
        errors.append("Quy tắc này đã có.")
    if errors:
        raise ReportingError(errors)
    rule = ValidationRule(form=form, left_id=left_id, comparator=comparator, right_id=right_id, message=message)
    _audited(rule, user).save()
    return rule


@transaction.atomic
def remove_rule(form: ReportingForm, rule_id: int, user) -> None:
    form = _locked_form(form, user)
    rule = form.rules.filter(pk=rule_id).first()
    if rule is None:
        raise ReportingError("Không tìm thấy quy tắc kiểm tra này (có thể đã bị xóa).")
    _audited(rule, user).delete()
