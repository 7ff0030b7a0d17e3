"""The one place that answers "may this user see / change this unit's things".

A membership (unit U, role) lets its holder see U's subtree; the role adds rights:
reporter — enter figures for U itself; approver — approve figures of U and below;
manager — manage resolutions, targets, forms and plans of U's subtree; admin — all of it
plus users. A superuser is an admin of everything. Views, exports, the API and services
call these functions first; a refusal is a 404 for things outside the user's view (so ids
cannot be probed) and a 403 for things seen but not changeable.

Querysets filter with `unit_q(user, "<path to OrgUnit>__")`, a prefix match on the
materialised path, so a scope check is one indexed condition, not a list of ids.

Helpers for views (they also write the access log, accounts.AccessEvent kind "refused"):

- `get_in_scope_or_404(queryset, user, via="issuer__", pk=pk)` — the object if it is in the
  user's scope (one query); else Http404. When the object exists but is out of scope, a
  "refused" event is logged first (one more query, only on refusal), so probing ids shows up.
- `require(condition, user, request=None, detail="")` — PermissionDenied (403) with a logged
  "refused" event when `condition` is false; use it for things seen but not changeable.
- `resolution_q(user)` — resolutions the user may see: their issuer lies in the user's scope.
  A commune user sees the commune's resolutions; a province user the province's and its
  communes'; nobody sees a higher level's resolutions through a lower membership.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Membership, Role

VIEW_ROLES = frozenset(Role.values)
REPORT_ROLES = frozenset({Role.REPORTER, Role.ADMIN})
APPROVE_ROLES = frozenset({Role.APPROVER, Role.ADMIN})
MANAGE_ROLES = frozenset({Role.MANAGER, Role.ADMIN})
ADMIN_ROLES = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Grant:
    unit_id: int
    path: str
    role: str


def grants(user) -> list[Grant]:
    """The user's memberships, read once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_nq_grants", None)
    if cached is None:
        cached = [
            Grant(unit_id, path, role)
            for unit_id, path, role in Membership.objects.filter(user=user).values_list("unit_id", "unit__path", "role")
        ]
        user._nq_grants = cached
    return cached


def forget(user) -> None:
    """Drop the cached memberships (after they changed)."""
    if hasattr(user, "_nq_grants"):
        del user._nq_grants


def is_superadmin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def _paths(user, roles: Iterable[str]) -> list[str]:
    roles = set(roles)
    return [g.path for g in grants(user) if g.role in roles]


def _covers(user, unit, roles: Iterable[str], *, exact: bool = False) -> bool:
    if unit is None:
        return False
    if is_superadmin(user):
        return True
    for g in grants(user):
        if g.role not in roles:
            continue
        if g.unit_id == unit.pk or (not exact and unit.path.startswith(g.path)):
            return True
    return False


def unit_q(user, prefix: str = "", roles: Iterable[str] = VIEW_ROLES) -> Q:
    """A Q matching units (through `prefix`, e.g. "issuer__") within the user's scope for `roles`."""
    if is_superadmin(user):
        return Q()
    paths = _paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in _minimal(paths):
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def _minimal(paths: list[str]) -> list[str]:
    """Drop paths inside another path of the list: fewer OR terms."""
    out: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(o) for o in out):
            out.append(p)
    return out


def scope_roots(user, roles: Iterable[str] = VIEW_ROLES) -> list[int] | None:
    """Ids of the top units of the user's scope (memberships not inside another); None = all."""
    if is_superadmin(user):
        return None
    roles = set(roles)
    tops = set(_minimal(_paths(user, roles)))
    return sorted({g.unit_id for g in grants(user) if g.role in roles and g.path in tops})


def can_view_unit(user, unit) -> bool:
    return _covers(user, unit, VIEW_ROLES)


def can_report(user, unit) -> bool:
    """Enter figures for `unit`: a reporter of that very unit, or an admin above it."""
    if unit is None:
        return False
    if is_superadmin(user):
        return True
    return any(
        (g.role == Role.REPORTER and g.unit_id == unit.pk) or (g.role == Role.ADMIN and unit.path.startswith(g.path))
        for g in grants(user)
    )


def can_approve(user, unit) -> bool:
    return _covers(user, unit, APPROVE_ROLES)


def can_manage(user, unit) -> bool:
    return _covers(user, unit, MANAGE_ROLES)


def can_admin(user, unit) -> bool:
    return _covers(user, unit, ADMIN_ROLES)


def has_any_role(user, roles: Iterable[str]) -> bool:
    return is_superadmin(user) or bool(_paths(user, roles))


def resolution_q(user, prefix: str = "") -> Q:
    """Resolutions (through `prefix`, e.g. "resolution__") the user may see: issuer in scope."""
    return unit_q(user, f"{prefix}issuer__")


def can_view_resolution(user, resolution) -> bool:
    return can_view_unit(user, resolution.issuer)


def log_refused(user, request=None, detail: str = "") -> None:
    """Record a refused access in the access log (accounts.AccessEvent)."""
    from .events import record
    from .models import EventKind

    record(EventKind.REFUSED, request=request, user=user, detail=detail)


def get_in_scope_or_404(queryset: QuerySet, user, via: str = "", *, roles: Iterable[str] = VIEW_ROLES,
                        request=None, **lookup):
    """The object matching `lookup` whose unit (reached through `via`, e.g. "issuer__",
    "resolution__issuer__", "" for an OrgUnit) is within the user's scope for `roles`.

    Out of scope and missing objects both raise Http404 with the same message, so ids cannot be
    probed; an existing object out of scope is logged as a refusal.
    """
    obj = queryset.filter(unit_q(user, via, roles)).filter(**lookup).first()
    if obj is not None:
        return obj
    if queryset.filter(**lookup).exists():
        label = queryset.model._meta.label
        log_refused(user, request, detail=f"{label} {lookup} ngoài phạm vi")
    raise Http404("Không tìm thấy trang.")


def require(condition: bool, user, request=None, detail: str = "") -> None:
    """PermissionDenied (403), logged, unless `condition` holds."""
    if not condition:
        log_refused(user, request, detail=detail or "không có quyền thực hiện")
        exc = PermissionDenied(detail or "Không có quyền thực hiện thao tác này.")
        exc.nq_logged = True  # the middleware does not log it twice
        raise exc


# `rules` predicates, so templates and code can also ask `user.has_perm("units.view_unit", unit)`.
@rules.predicate
def _p_view(user, unit) -> bool:
    return can_view_unit(user, unit)


@rules.predicate
def _p_report(user, unit) -> bool:
    return can_report(user, unit)


@rules.predicate
def _p_approve(user, unit) -> bool:
    return can_approve(user, unit)


@rules.predicate
def _p_manage(user, unit) -> bool:
    return can_manage(user, unit)


@rules.predicate
def _p_admin(user, unit) -> bool:
    return can_admin(user, unit)


for _name, _pred in {
    "units.view_unit": _p_view,
    "units.report_unit": _p_report,
    "units.approve_unit": _p_approve,
    "units.manage_unit": _p_manage,
    "units.admin_unit": _p_admin,
}.items():
    if not rules.perm_exists(_name):
        rules.add_perm(_name, _pred)
