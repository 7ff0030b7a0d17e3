"""Reporting forms and submissions: read them, and submit / approve / return through
reporting.services (the rules — who, which state, self-approval — live there, not here).

Errors of the services map to HTTP: NotAllowed → 403, invalid figures (SubmissionInvalid)
and a step the submission's state does not allow (ReportingError) → 422, every message listed.
"""

from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from nghiquyet.accounts import access
from nghiquyet.indicators import periods
from nghiquyet.reporting import services as reporting
from nghiquyet.reporting.models import ReportingForm, Submission, SubmissionStatus

from .common import READ_ERRORS, WRITE_ERRORS, IdPath, clean, in_scope, visible_unit
from .pagination import Pagination
from .schemas import MAX_ID, Field, FormOut, ReturnIn, Schema, SubmissionDetailOut, SubmissionOut

router = Router(tags=["Báo cáo số liệu"])


class SubmissionFilter(Schema):
    form: int | None = Field(None, ge=1, le=MAX_ID, description="Biểu mẫu (id).")
    period: str = Field("", max_length=20, description="Kỳ: 2025, 2025S1, 2025Q3, 2025M09…")
    status: SubmissionStatus | None = None
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Đơn vị (id): báo cáo của đơn vị này và các đơn vị trực thuộc.")


def _name(user) -> str | None:
    return user.get_username() if user is not None else None


def form_dict(form: ReportingForm) -> dict:
    u = form.scope_unit
    return {
        "id": form.pk, "code": form.code, "name": form.name, "periodicity": form.periodicity,
        "scope_unit": {"id": u.pk, "code": u.code, "name": u.name}, "unit_kinds": list(form.unit_kinds or []),
        "is_sample": form.is_sample,
    }


def submission_dict(s: Submission) -> dict:
    return {
        "id": s.pk, "form": form_dict(s.form), "unit": {"id": s.unit.pk, "code": s.unit.code, "name": s.unit.name},
        "period": s.period, "period_label": periods.label(s.period), "status": s.status,
        "status_label": reporting.STATUS_LABELS.get(s.status, s.status), "period_start": s.period_start,
        "period_end": s.period_end, "due_on": s.due_on, "submitted_at": s.submitted_at,
        "submitted_by": _name(s.submitted_by), "approved_at": s.approved_at, "approved_by": _name(s.approved_by),
        "returned_reason": s.returned_reason, "is_sample": s.is_sample, "updated_at": s.updated_at,
    }


def _submissions():
    return Submission.objects.select_related("form__scope_unit", "unit", "submitted_by", "approved_by")


def visible_submission(request, submission_id: int) -> Submission:
    return in_scope(request, _submissions(), "unit__", "báo cáo", pk=submission_id)


def detail(submission: Submission) -> dict:
    spec = reporting.form_spec(submission.form)
    values = reporting.current_values(submission.form, [submission.unit_id], submission.period, spec.order).get(
        submission.unit_id, {})
    return {
        **submission_dict(submission),
        "values": [
            {
                "indicator": {"id": i, "code": spec.specs[i].code, "name": spec.specs[i].name,
                              "unit_of_measure": spec.specs[i].unit_of_measure},
                "required": i in spec.required, "value": values.get(i),
            }
            for i in spec.order
        ],
        "events": [
            {"action": e.action, "from_status": e.from_status, "to_status": e.to_status, "reason": e.reason,
             "changed": e.changed, "user": _name(e.user), "at": e.at}
            for e in submission.events.select_related("user").order_by("at", "id")
        ],
    }


@router.get("/forms", response={200: list[FormOut], **READ_ERRORS}, summary="Các biểu mẫu báo cáo")
@paginate(Pagination)
def list_forms(request):
    return [form_dict(f) for f in reporting.visible_forms(request.auth).order_by("code")]


@router.get("/submissions", response={200: list[SubmissionOut], **READ_ERRORS}, summary="Danh sách báo cáo")
@paginate(Pagination)
def list_submissions(request, filters: Query[SubmissionFilter]):
    qs = _submissions().filter(access.unit_q(request.auth, "unit__"))
    if filters.form is not None:
        qs = qs.filter(form_id=filters.form)
    period = clean(filters.period)
    if period:
        try:
            qs = qs.filter(period=periods.normalize(period))
        except ValueError as exc:
            raise HttpError(422, str(exc)) from exc
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit is not None:
        qs = qs.filter(unit__path__startswith=visible_unit(request, filters.unit).path)
    return SubmissionRows(qs.order_by("-period", "form__code", "unit__name", "pk"))


class SubmissionRows:
    """The queryset as the paginator sees it: counted in SQL, serialised one page at a time."""

    def __init__(self, qs):
        self.qs = qs

    def __getitem__(self, item):
        return [submission_dict(s) for s in self.qs[item]]

    def __len__(self) -> int:
        return self.qs.count()


@router.get("/submissions/{submission_id}", response={200: SubmissionDetailOut, **READ_ERRORS},
            summary="Một báo cáo, với số liệu và lịch sử")
def get_submission(request, submission_id: int = IdPath()):
    return detail(visible_submission(request, submission_id))


def _act(request, submission_id: int, action) -> dict:
    submission = visible_submission(request, submission_id)
    try:
        submission = action(submission)
    except reporting.NotAllowed as exc:
        access.log_refused(request.auth, request, detail=str(exc))
        raise HttpError(403, str(exc)) from exc
    except reporting.ReportingError as exc:
        error = HttpError(422, str(exc) if len(exc.errors) == 1 else f"Có {len(exc.errors)} lỗi.")
        error.errors = [{"index": None, "field": "", "message": m} for m in exc.errors]
        raise error from exc
    return detail(visible_submission(request, submission.pk))


@router.post("/submissions/{submission_id}/submit", response={200: SubmissionDetailOut, **WRITE_ERRORS},
             summary="Gửi báo cáo để duyệt")
def submit_submission(request, submission_id: int = IdPath()):
    return _act(request, submission_id, lambda s: reporting.submit(s, request.auth))


@router.post("/submissions/{submission_id}/approve", response={200: SubmissionDetailOut, **WRITE_ERRORS},
             summary="Duyệt báo cáo")
def approve_submission(request, submission_id: int = IdPath()):
    return _act(request, submission_id, lambda s: reporting.approve(s, request.auth))


@router.post("/submissions/{submission_id}/return", response={200: SubmissionDetailOut, **WRITE_ERRORS},
             summary="Trả lại báo cáo, có lý do")
def return_submission(request, payload: ReturnIn, submission_id: int = IdPath()):
    return _act(request, submission_id, lambda s: reporting.return_submission(s, request.auth, payload.reason))
