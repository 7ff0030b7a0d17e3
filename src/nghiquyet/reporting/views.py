"""Pages of this app. Views only translate HTTP: access → form → service → render.

Scope: a form the user cannot see, or a unit outside their view, is a 404 (ids cannot be
probed); an action the user may not take on something they see is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nghiquyet.accounts import access
from nghiquyet.core import xlsx
from nghiquyet.indicators import periods
from nghiquyet.units.models import OrgUnit

from . import schedule, services, validation
from .forms import FormSettingsForm, ItemsForm, RuleForm
from .models import Comparator, ReportingForm, SubmissionStatus

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _form(request: HttpRequest, code: str) -> ReportingForm:
    form = services.visible_forms(request.user).filter(code=code).first()
    if form is None:
        raise Http404
    return form


def _period(form: ReportingForm, code: str | None) -> str:
    if not code:
        return schedule.last_closed_period(timezone.localdate(), form.periodicity, form.cutoff_day)
    try:
        return schedule.check_period(form.periodicity, code)
    except ValueError:
        raise Http404 from None


def _unit(request: HttpRequest, unit_id) -> OrgUnit:
    try:
        unit = OrgUnit.objects.get(pk=int(unit_id))
    except (OrgUnit.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not access.can_view_unit(request.user, unit):
        raise Http404
    return unit


def _period_choices(form: ReportingForm, selected: str) -> list[tuple[str, str]]:
    codes = schedule.recent_periods(timezone.localdate(), form.periodicity, 12, form.cutoff_day)
    if selected not in codes:
        codes.append(selected)
    return [(c, periods.label(c)) for c in periods.sort_codes(codes)[::-1]]


_xlsx = xlsx.response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cards = []
    for form in services.visible_forms(request.user):
        period = schedule.last_closed_period(today, form.periodicity, form.cutoff_day)
        status = services.form_status(form, period, request.user, today=today)
        cards.append({"form": form, "period": period, "status": status, "counts": status.counts(),
                      "can_edit": services.can_manage_form(request.user, form)})
    return render(request, "reporting/index.html", {
        "cards": cards, "nav": "reporting",
        "can_create": access.has_any_role(request.user, access.MANAGE_ROLES),
        # inactive forms are not on the dashboard; their managers still reach them here
        "inactive": list(services.manageable_forms(request.user).filter(active=False)),
    })


@login_required
def form_status(request: HttpRequest, code: str) -> HttpResponse:
    form = _form(request, code)
    period = _period(form, request.GET.get("ky"))
    under = _unit(request, request.GET["don-vi"]) if request.GET.get("don-vi") else None
    status = services.form_status(form, period, request.user, under=under)
    if request.GET.get("xuat") == "xlsx":
        return _xlsx(services.status_workbook(status), f"tinh-hinh-bao-cao-{form.code}-{period}.xlsx")
    groups = [
        ("not_submitted", _("Not submitted"), status.not_submitted),
        ("late", _("Late"), status.late),
        ("returned", _("Returned"), status.of(SubmissionStatus.RETURNED)),
        ("submitted", _("Waiting for approval"), status.of(SubmissionStatus.SUBMITTED)),
        ("approved", _("Approved"), status.of(SubmissionStatus.APPROVED)),
    ]
    reporter_units = [r.unit for r in status.rows if access.can_report(request.user, r.unit)]
    return render(request, "reporting/form_status.html", {
        "form": form, "period": period, "status": status, "counts": status.counts(), "groups": groups,
        "period_choices": _period_choices(form, period), "under": under, "nav": "reporting",
        "can_upload": bool(reporter_units),
        "download_unit": under or (reporter_units[0] if len(reporter_units) == 1 else form.scope_unit),
    })


def _entry_rows(spec: services.FormSpec, stored: dict, previous: dict, posted: dict | None,
                errors: dict, warnings: dict) -> list[dict]:
    rows = []
    for ind_id in spec.order:
        s = spec.specs[ind_id]
        lo, hi = s.bounds
        raw = posted.get(ind_id) if posted is not None else None
        value = stored.get(ind_id)
        rows.append({
            "spec": s, "id": ind_id, "required": ind_id in spec.required, "previous": previous.get(ind_id),
            "value": value, "input": raw if raw is not None else ("" if value is None else validation.format_number(value, 6)),
            "errors": errors.get(ind_id, []), "warnings": warnings.get(ind_id, []), "min": lo, "max": hi,
            "integer": s.value_type in validation.INTEGER_TYPES,
        })
    return rows


def _events(submission) -> list:
    if submission is None:
        return []
    events = list(submission.events.select_related("user"))
    labels = dict(SubmissionStatus.choices)
    for e in events:
        e.from_label, e.to_label = labels.get(e.from_status, e.from_status), labels.get(e.to_status, e.to_status)
    return events


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, code: str, period: str, unit_id: int) -> HttpResponse:
    form = _form(request, code)
    period = _period(form, period)
    unit = _unit(request, unit_id)
    if not services.is_reporting_unit(form, unit, period):
        raise Http404
    user = request.user
    submission = services.find_submission(form, unit, period)
    errors: dict = {}
    warnings: dict = {}
    posted: dict | None = None
    status_code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("save", "submit"):
                if not access.can_report(user, unit):
                    raise PermissionDenied
                posted, values = {}, {}
                spec = services.form_spec(form)
                for ind_id in spec.order:
                    raw = request.POST.get(f"v-{ind_id}", "")
                    posted[ind_id] = raw
                    try:
                        values[ind_id] = validation.parse_number(raw)
                    except validation.ParseError as exc:
                        errors.setdefault(ind_id, []).append(str(exc))
                if not errors:
                    result = services.save_draft((form, unit, period), values, user)
                    submission = result.submission
                    errors, warnings = result.errors, result.warnings
                    if result.ok and action == "submit":
                        try:
                            services.submit(submission, user)
                        except services.SubmissionInvalid as exc:
                            errors = exc.outcome.errors
                            messages.warning(request, _("The figures were saved as a draft but the report was not sent."))
                        else:
                            messages.success(request, _("The report was sent for approval."))
                            return redirect(request.get_full_path())
                    elif result.ok:
                        messages.success(request, _("Draft saved.") if result.written else _("Nothing changed."))
                        return redirect(request.get_full_path())  # the page shows any warnings again
            elif action in ("approve", "return"):
                if submission is None or not access.can_approve(user, unit):
                    raise PermissionDenied
                if action == "approve":
                    services.approve(submission, user)
                    messages.success(request, _("The report was approved; its figures are now in the totals."))
                else:
                    services.return_submission(submission, user, request.POST.get("reason", ""))
                    messages.success(request, _("The report was returned to the unit."))
                return redirect(request.get_full_path())
            else:
                raise Http404
        except services.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from None
        except services.ReportingError as exc:
            errors = {None: exc.errors}
        if errors:
            status_code = 400
            submission = services.find_submission(form, unit, period)

    spec = services.form_spec(form)
    stored = services.current_values(form, [unit.pk], period, spec.order).get(unit.pk, {})
    previous = services.previous_values(form, [unit.pk], period, spec.order).get(unit.pk, {})
    if request.method == "GET" and submission is not None and not submission.is_locked:
        outcome = validation.validate(spec.specs, stored, previous=previous,
                                      threshold_percent=form.change_warning_percent)
        warnings = outcome.warnings
    status = submission.status if submission else "missing"
    can_edit = access.can_report(user, unit) and form.active and status not in (
        SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
    can_decide = access.can_approve(user, unit)
    today = timezone.localdate()
    plan = form.schedule_for(period)
    sent = timezone.localdate(submission.submitted_at) if submission and submission.submitted_at else None
    late = schedule.is_late(plan.due_on, sent if status in ("submitted", "approved") else None, today)
    rules = [{"left": r.left_id, "right": r.right_id, "cmp": r.comparator, "message": r.message} for r in spec.rules]
    return render(request, "reporting/entry.html", {
        "form": form, "unit": unit, "period": period, "plan": plan, "submission": submission,
        "status": status, "status_label": services.STATUS_LABELS[status], "late": late,
        "rows": _entry_rows(spec, stored, previous, posted, errors, warnings),
        "form_errors": errors.get(None, []), "has_errors": bool(errors),
        "previous_period": services.previous_period(form, period),
        "can_edit": can_edit, "can_approve": can_decide and status == SubmissionStatus.SUBMITTED,
        "can_return": can_decide and status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED),
        "events": _events(submission),
        "rules_json": rules, "warn_percent": form.change_warning_percent or 0, "nav": "reporting",
    }, status=status_code)


@login_required
def download(request: HttpRequest, code: str, period: str) -> HttpResponse:
    form = _form(request, code)
    period = _period(form, period)
    unit = _unit(request, request.GET.get("don-vi") or form.scope_unit_id)
    all_below = request.GET.get("tat-ca") == "1" or unit.pk == form.scope_unit_id
    if not all_below and not services.is_reporting_unit(form, unit, period):
        raise Http404
    units = services.download_units(form, period, request.user, unit, all_below)
    data = services.form_workbook(form, period, units)
    suffix = unit.code if not all_below else f"{unit.code}-tat-ca"
    return _xlsx(data, f"{form.code}-{period}-{suffix}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str, period: str) -> HttpResponse:
    form = _form(request, code)
    period = _period(form, period)
    under = _unit(request, request.POST.get("don-vi") or request.GET.get("don-vi")) if (
        request.POST.get("don-vi") or request.GET.get("don-vi")) else None
    result = None
    status_code = 200
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        if upload_file is None:
            result = services.UploadResult(errors=[services.excel.CellError("", None, None, "Chưa chọn tệp Excel.")])
        elif upload_file.size > MAX_UPLOAD_BYTES:
            result = services.UploadResult(errors=[services.excel.CellError(
                "", None, None, f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // 1024 // 1024} MB).")])
        else:
            try:
                result = services.upload_workbook(upload_file.read(), form, period, request.user, under,
                                                  submit=request.POST.get("submit") == "1")
            except services.ReportingError as exc:
                result = services.UploadResult(errors=[services.excel.CellError("", None, None, m) for m in exc.errors])
        status_code = 400 if result.errors else 200
    return render(request, "reporting/upload.html", {
        "form": form, "period": period, "under": under, "result": result, "nav": "reporting",
        "period_choices": _period_choices(form, period),
    }, status=status_code)


# ----------------------------------------------------------------------------- form management

SCOPE_KINDS = ("nation", "province", "district", "commune", "ward", "special_zone", "township")


def _scope_choices(user, current: OrgUnit | None = None) -> list[OrgUnit]:
    """Units offered as a form's scope: current administrative units the user manages (for a
    nation-wide admin only the upper levels, so the list stays short), plus the current scope."""
    from django.db.models.functions import Length

    qs = OrgUnit.objects.current().filter(access.unit_q(user, "", access.MANAGE_ROLES), kind__in=SCOPE_KINDS)
    if access.is_superadmin(user):
        qs = qs.filter(kind__in=("nation", "province", "district"))
    units = list(qs.order_by(Length("path"), "name")[:500])
    if current is not None and current.pk not in {u.pk for u in units}:
        units.insert(0, current)
    return units


def _managed_form(request: HttpRequest, code: str) -> ReportingForm:
    """The form to edit: 404 unless the user sees it, 403 unless they manage its scope."""
    form = ReportingForm.objects.select_related("scope_unit").filter(code=code).first()
    user = request.user
    if form is None or not (access.can_view_unit(user, form.scope_unit)
                            or services.visible_forms(user).filter(pk=form.pk).exists()):
        raise Http404
    access.require(services.can_manage_form(user, form), user, request,
                   detail=f"sửa biểu mẫu {form.code}: không quản lý {form.scope_unit.code}")
    return form


def _settings_values(cleaned: dict) -> dict:
    return {k: cleaned[k] for k in services.FORM_FIELDS}


def _add_errors(django_form, exc: services.ReportingError) -> None:
    field_errors = getattr(exc, "field_errors", None) or {None: exc.errors}
    for name, msgs in field_errors.items():
        for m in msgs:
            django_form.add_error(name if name in django_form.fields else None, m)


def _history(form: ReportingForm, limit: int = 30) -> list[dict]:
    """Recent changes of the form, its items and rules (simple-history rows), newest first."""
    from .models import ReportingFormItem, ValidationRule

    kinds = {"+": _("added"), "~": _("changed"), "-": _("removed")}
    rows = []
    for h in form.history.select_related("history_user").order_by("-history_date")[:limit]:
        rows.append({"at": h.history_date, "user": h.history_user, "type": h.history_type,
                     "what": _("Form settings"), "detail": h.name})
    for h in ReportingFormItem.history.filter(form_id=form.pk).select_related(
            "history_user", "indicator").order_by("-history_date")[:limit]:
        detail = f"{h.indicator.code} — {h.indicator.name} (#{h.order}{', ' + str(_('required')) if h.required else ''})"
        rows.append({"at": h.history_date, "user": h.history_user, "type": h.history_type,
                     "what": _("Item"), "detail": detail})
    for h in ValidationRule.history.filter(form_id=form.pk).select_related(
            "history_user", "left", "right").order_by("-history_date")[:limit]:
        rows.append({"at": h.history_date, "user": h.history_user, "type": h.history_type,
                     "what": _("Cross-check"), "detail": f"{h.left.code} {dict(Comparator.choices)[h.comparator]} {h.right.code}"})
    rows.sort(key=lambda r: r["at"], reverse=True)
    for r in rows:
        r["label"] = kinds.get(r["type"], r["type"])
    return rows[:limit]


@login_required
@require_http_methods(["GET", "POST"])
def form_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.has_any_role(user, access.MANAGE_ROLES), user, request, detail="tạo biểu mẫu báo cáo")
    django_form = FormSettingsForm(request.POST or None, units=_scope_choices(user),
                                   initial=FormSettingsForm.initial_for(None))
    if request.method == "POST" and django_form.is_valid():
        try:
            form = services.create_form(user, **_settings_values(django_form.cleaned_data))
        except services.NotAllowed:
            raise
        except services.ReportingError as exc:
            _add_errors(django_form, exc)
        else:
            messages.success(request, _("The form was created. Now add its indicators."))
            return redirect("reporting:form_edit", code=form.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/form_edit.html", {
        "settings_form": django_form, "form": None, "nav": "reporting",
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def form_edit(request: HttpRequest, code: str) -> HttpResponse:
    form = _managed_form(request, code)
    user = request.user
    items = list(form.items.select_related("indicator").order_by("order", "id"))
    settings_form = FormSettingsForm(initial=FormSettingsForm.initial_for(form),
                                     units=_scope_choices(user, form.scope_unit))
    items_form = ItemsForm(items=items)
    rule_form = RuleForm(items=items)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "settings":
        settings_form = FormSettingsForm(request.POST, initial=FormSettingsForm.initial_for(form),
                                         units=_scope_choices(user, form.scope_unit))
        if settings_form.is_valid():
            try:
                changed = services.update_form(form, user, **_settings_values(settings_form.cleaned_data))
            except services.NotAllowed:
                raise
            except services.ReportingError as exc:
                _add_errors(settings_form, exc)
            else:
                form.refresh_from_db()
                messages.success(request, _("Settings saved.") if changed else _("Nothing changed."))
                return redirect(reverse("reporting:form_edit", args=[form.code]) + "#settings")
    elif action == "items":
        items_form = ItemsForm(request.POST, items=items)
        if items_form.is_valid():
            try:
                changes = services.set_items(form, items_form.wanted(), user)
            except services.NotAllowed:
                raise
            except services.ReportingError as exc:
                _add_errors(items_form, exc)
            else:
                messages.success(request, _("Indicators saved.") if changes else _("Nothing changed."))
                return redirect(reverse("reporting:form_edit", args=[form.code]) + "#items")
    elif action == "add_rule":
        rule_form = RuleForm(request.POST, items=items)
        if rule_form.is_valid():
            d = rule_form.cleaned_data
            try:
                services.add_rule(form, user, d["left"], d["comparator"], d["right"], d["message"])
            except services.NotAllowed:
                raise
            except services.ReportingError as exc:
                _add_errors(rule_form, exc)
            else:
                messages.success(request, _("Check added."))
                return redirect(reverse("reporting:form_edit", args=[form.code]) + "#rules")
    elif action == "remove_rule":
        rule_id = request.POST.get("rule", "")
        try:
            services.remove_rule(form, int(rule_id) if rule_id.isdigit() else 0, user)
        except services.NotAllowed:
            raise
        except services.ReportingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Check removed."))
        return redirect(reverse("reporting:form_edit", args=[form.code]) + "#rules")
    elif request.method == "POST":
        raise Http404
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/form_edit.html", {
        "form": form, "settings_form": settings_form, "items_form": items_form, "rule_form": rule_form,
        "rules": list(form.rules.select_related("left", "right")), "has_submissions": form.submissions.exists(),
        "approved_count": form.submissions.filter(status=SubmissionStatus.APPROVED).count(),
        "history": _history(form), "nav": "reporting",
    }, status=status)
