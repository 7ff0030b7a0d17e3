"""Pages that enter oversight records: a new inspection, a reported obstacle, a briefing held.
(A recommendation is added on its inspection's page, an obstacle escalated on its own: views.py.)

Each view: right to write (403, before the form is even shown) → form with choices limited to
the user's scope → service (which checks again) → redirect to the new record.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.accounts import access

from . import choices, services
from .forms import BriefingForm, InspectionForm, ObstacleForm


def _page(request: HttpRequest, form, *, title: str, submit: str, section: str, note: str = "",
          form_id: str) -> HttpResponse:
    return render(request, "oversight/form.html", {
        "form": form, "title": title, "submit": submit, "section": section, "note": note,
        "form_id": form_id, "nav": "oversight",
    })


def _run(form, call):
    """The service's Vietnamese refusal becomes a form error; nothing was written."""
    try:
        return call()
    except services.OversightError as exc:
        form.add_error(None, str(exc))
        return None


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def may_create_inspection(user) -> bool:
    return access.has_any_role(user, access.MANAGE_ROLES)


def may_report(user) -> bool:
    return access.has_any_role(user, access.MANAGE_ROLES | access.REPORT_ROLES)


# --------------------------------------------------------------------------- inspections


def inspection_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(may_create_inspection(user), user, request,
                   "Chỉ người quản lý của một đơn vị mới được tạo cuộc kiểm tra, giám sát.")
    form = InspectionForm(
        request.POST or None, bodies=choices.managed_units(user), units=choices.visible_units(user),
        resolutions=choices.visible_resolutions(user), initial={"kind": "inspection", "mode": "regular"},
    )
    if request.method == "POST" and form.is_valid():
        inspection = _run(form, lambda: services.create_inspection(user=user, **form.cleaned_data))
        if inspection is not None:
            messages.success(request, _("Recorded the inspection. Add its recommendations below: each becomes "
                                        "a task of the unit it is addressed to."))
            return redirect("oversight:inspection", pk=inspection.pk)
    return _page(request, form, title=_("New inspection or supervision"), submit=_("Record the inspection"),
                 section="inspections", form_id="inspection-form",
                 note=_("The inspecting body is one of the units you manage; the inspected units lie within "
                        "its area."))


# --------------------------------------------------------------------------- obstacles


def obstacle_report(request: HttpRequest) -> HttpResponse:
    user = request.user
    reporters = choices.reporting_units(user)
    access.require(may_report(user) and reporters.exists(), user, request,
                   "Chỉ người báo cáo của đơn vị hoặc người quản lý cấp trên mới được phản ánh khó khăn.")
    form = ObstacleForm(
        request.POST or None, reporters=reporters, levels=choices.escalation_levels_for_user(user),
        fields=choices.fields(), resolutions=choices.visible_resolutions(user),
        initial={"reported_on": timezone.localdate(), "reported_by": _int(request, "don-vi")},
    )
    if request.method == "POST" and form.is_valid():
        obstacle = _run(form, lambda: services.report_obstacle(user=user, **form.cleaned_data))
        if obstacle is not None:
            messages.success(request, _("Recorded the difficulty.") + (
                " " + _("It was sent to %(level)s.") % {"level": obstacle.escalated_to.name}
                if obstacle.escalated_to_id else ""))
            return redirect("oversight:obstacle", pk=obstacle.pk)
    return _page(request, form, title=_("Report a difficulty or obstacle"), submit=_("Send the report"),
                 section="obstacles", form_id="obstacle-form",
                 note=_("A unit's reporter reports its own difficulties; a manager may report for the units "
                        "they manage. Escalate it to a level above the reporting unit so that level can "
                        "assign it for resolution."))


# --------------------------------------------------------------------------- briefings


def briefing_record(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = choices.briefing_units(user)
    access.require(may_report(user) and units.exists(), user, request,
                   "Bạn không có quyền ghi nhận hội nghị học tập nghị quyết.")
    form = BriefingForm(
        request.POST or None, resolutions=choices.visible_resolutions(user), units=units,
        initial={"resolution": _int(request, "nghi-quyet"), "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        briefing = _run(form, lambda: services.record_briefing(user=user, **form.cleaned_data))
        if briefing is not None:
            messages.success(request, _("Recorded the briefing of %(unit)s on %(day)s.")
                             % {"unit": briefing.unit.name, "day": briefing.held_on.strftime("%d/%m/%Y")})
            return redirect("oversight:briefing", pk=briefing.resolution_id)
    return _page(request, form, title=_("Record a briefing on a resolution"), submit=_("Record the briefing"),
                 section="briefings", form_id="briefing-form",
                 note=_("A second session of the same unit is a make-up session for those absent: enter the "
                        "same numbers expected and only the people present at it."))
