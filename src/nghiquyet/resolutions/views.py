"""Import a resolution workbook in the browser: upload → check (dry run) → confirm → import.

Only users with a manager or admin role see these pages (403 otherwise); what they may import
is limited per unit by `services.import_workbook` (every unit named must be in their manage
scope). A checked file waits in the session's staging area until it is confirmed or cancelled.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nghiquyet.accounts import access
from nghiquyet.core import xlsx

from . import services
from .forms import WorkbookUploadForm
from .importer import ImportResult
from .models import Resolution
from .template import build_resolution_template, workbook_bytes


def _require_manager(request: HttpRequest) -> None:
    access.require(services.may_import(request.user), request.user, request,
                   detail="nhập nghị quyết từ Excel: cần vai trò quản lý")


def _summary_rows(result: ImportResult) -> list[dict]:
    """What the import creates / changes, one row per kind of record (for the confirm table)."""
    c = result.counts
    rows = [
        (_("Targets"), "targets", True),
        (_("Annual plans"), "plans", True),
        (_("Figures"), "values", True),
        (_("New indicators"), "indicators", False),
        (_("New fields"), "fields", False),
    ]
    return [
        {"label": label, "key": key, "created": c.get(f"{key}_created", 0),
         "updated": c.get(f"{key}_updated", 0) if both else None,
         "unchanged": c.get(f"{key}_unchanged", 0) if both else None}
        for label, key, both in rows
    ]


def _context(result: ImportResult | None, **extra) -> dict:
    ctx = {"result": result, "nav": "home", **extra}
    if result is not None:
        ctx["file_name"] = Path(result.path).name
    if result is not None and result.ok:
        ctx["summary_rows"] = _summary_rows(result)
        ctx["action_label"] = {
            "created": _("will be created"), "updated": _("will be updated"),
            "unchanged": _("is unchanged"),
        }.get(result.resolution_action, "")
    return ctx


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staged = services.stage_upload(upload, upload.name, upload.size, request.session)
        except services.UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            result = services.import_workbook(staged.path, request.user, dry_run=True)
            if result.ok:
                return redirect("resolutions:import_confirm", token=staged.token)
            services.discard(staged.token, request.session)  # nothing to confirm: do not keep it
    status = 400 if request.method == "POST" else 200
    return render(request, "resolutions/import.html",
                  _context(result, form=form, imported=_imported(request)), status=status)


def _imported(request: HttpRequest) -> Resolution | None:
    """The resolution just imported (named in the redirect after a confirmation), if visible."""
    pk = request.GET.get("nghi-quyet", "")
    if not pk.isdigit():
        return None
    return Resolution.objects.filter(access.resolution_q(request.user), pk=int(pk)).first()


@require_safe
def import_template(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return xlsx.response(workbook_bytes(build_resolution_template()), "mau-nghi-quyet.xlsx")


@require_http_methods(["GET", "POST"])
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    _require_manager(request)
    staged = services.staged(token, request.session)
    if staged is None:
        raise Http404("Không tìm thấy tệp đã kiểm tra.")
    if request.method == "POST" and request.POST.get("action") == "cancel":
        services.discard(token, request.session)
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("resolutions:import")
    dry_run = request.method != "POST"
    # The confirmation imports the very file that was checked, checked again against the
    # database as it is now (someone may have changed it since): all or nothing.
    result = services.import_workbook(staged.path, request.user, dry_run=dry_run)
    if not dry_run and result.ok:
        services.discard(token, request.session)
        head, *lines = [line.strip(" -") for line in result.summary_lines()]
        messages.success(request, f"{head} {'; '.join(lines)}.")
        return redirect(f"{reverse('resolutions:import')}?nghi-quyet={result.resolution.pk}")
    status = 400 if result.errors else 200
    return render(request, "resolutions/import_confirm.html",
                  _context(result, staged=staged, form=WorkbookUploadForm()), status=status)
