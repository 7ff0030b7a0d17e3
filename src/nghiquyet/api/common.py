"""Helpers shared by the routers: scope lookups that 404, error declarations, input cleaning."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from ninja import Path

from nghiquyet.accounts import access
from nghiquyet.units.models import OrgUnit

from .schemas import MAX_ID, ErrorOut

NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền xem."
# Declared on every operation so the OpenAPI schema lists what each may answer.
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def IdPath(description: str = "Mã số (id)"):  # noqa: N802 — used like ninja's Path(...)
    return Path(..., ge=1, le=MAX_ID, description=description)


def not_found(what: str = "") -> Http404:
    """`what` in lower case: "đơn vị", "nghị quyết"…"""
    return Http404(f"Không tìm thấy {what} này hoặc bạn không có quyền xem." if what else NOT_FOUND)


def clean(text: str | None) -> str:
    """Query text as the database can take it (PostgreSQL refuses NUL characters)."""
    return (text or "").replace("\x00", "").strip()


def in_scope(request, queryset: QuerySet, via: str, what: str, **lookup):
    """The object if the caller may see it (its unit, through `via`, is in scope); otherwise
    404, the same answer as for a missing id. access logs the refusal of an existing object."""
    try:
        return access.get_in_scope_or_404(queryset, request.auth, via, request=request, **lookup)
    except Http404:
        raise not_found(what) from None


def visible_unit(request, unit_id: int) -> OrgUnit:
    return in_scope(request, OrgUnit.objects.all(), "", "đơn vị", pk=unit_id)


def require(request, condition: bool, detail: str) -> None:
    """403 (logged by access) unless `condition` holds."""
    access.require(condition, request.auth, request, detail=detail)
