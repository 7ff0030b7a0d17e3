"""Writes of the accounts app: users and memberships. Atomic; bad input writes nothing.

Called by `nghiquyet createuser`, the demo and the unit administrators' page; the Django admin
(/quan-tri/, superusers) edits the same rows through its own forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from nghiquyet.units.models import OrgUnit

from . import access
from .models import Membership, Role

ROLE_WORDS = {
    Role.VIEWER: "xem", Role.REPORTER: "báo cáo số liệu", Role.APPROVER: "duyệt số liệu",
    Role.MANAGER: "quản lý", Role.ADMIN: "quản trị",
}


class AccountError(ValueError):
    """A Vietnamese message listing everything wrong with the request."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class MembershipSpec:
    unit_code: str
    role: str


def parse_membership(text: str) -> MembershipSpec:
    """"X21484:reporter" → MembershipSpec; the unit code may itself contain no colon."""
    code, sep, role = text.rpartition(":")
    if not sep or not code.strip() or not role.strip():
        raise AccountError([f"Quyền «{text}» phải có dạng MÃ_ĐƠN_VỊ:VAI_TRÒ, ví dụ X21484:reporter."])
    return MembershipSpec(code.strip(), role.strip().lower())


def _resolve(specs: Iterable[MembershipSpec], errors: list[str]) -> list[tuple[OrgUnit, str]]:
    specs = list(specs)
    units = OrgUnit.objects.in_bulk([s.unit_code for s in specs], field_name="code")
    out = []
    for s in specs:
        unit = units.get(s.unit_code)
        if unit is None:
            errors.append(f"Không có đơn vị mã «{s.unit_code}».")
        if s.role not in Role.values:
            errors.append(f"Vai trò «{s.role}» không hợp lệ; chọn một trong: {', '.join(Role.values)}.")
        if unit is not None and s.role in Role.values:
            out.append((unit, s.role))
    return out


def create_user(
    username: str, *, password: str | None, email: str = "", memberships: Iterable[MembershipSpec] = (),
    superuser: bool = False, first_name: str = "", last_name: str = "", by=None,
    validate: bool = True,
):
    """Create an active user with its memberships. `password=None` leaves it unusable."""
    User = get_user_model()
    errors: list[str] = []
    username = (username or "").strip()
    if not username:
        errors.append("Thiếu tên đăng nhập.")
    elif User.objects.filter(username__iexact=username).exists():
        errors.append(f"Tên đăng nhập «{username}» đã có.")
    resolved = _resolve(memberships, errors)
    if not resolved and not superuser and not errors:
        errors.append("Cần ít nhất một quyền (--unit và --role, hoặc --membership), hoặc --superuser.")
    if password is not None and validate:
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as exc:
            errors.extend(f"Mật khẩu: {m}" for m in exc.messages)
    if errors:
        raise AccountError(errors)
    with transaction.atomic():
        user = User(username=username, email=email, first_name=first_name, last_name=last_name,
                    is_superuser=superuser, is_staff=superuser, is_active=True)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        for unit, role in resolved:
            Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return user


def add_membership(user, unit: OrgUnit, role: str, *, by=None) -> Membership:
    """Give `user` a role at `unit`. `by` (when given) must administer `unit`."""
    errors = []
    if role not in Role.values:
        errors.append(f"Vai trò «{role}» không hợp lệ.")
    if by is not None and not access.can_admin(by, unit):
        errors.append("Bạn không quản trị đơn vị này.")
    if errors:
        raise AccountError(errors)
    with transaction.atomic():
        membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    access.forget(user)
    return membership


def remove_membership(membership: Membership, *, by=None) -> None:
    if by is not None and not access.can_admin(by, membership.unit):
        raise AccountError(["Bạn không quản trị đơn vị này."])
    with transaction.atomic():
        membership.delete()
    access.forget(membership.user)


def set_active(user, active: bool, *, by=None) -> None:
    """Deactivate (or reactivate) a user: their sessions stop working at the next request."""
    if by is not None and user.pk == by.pk:
        raise AccountError(["Không thể tự khóa tài khoản của mình."])
    with transaction.atomic():
        type(user).objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active


def grant_from_admin_page(admin, *, username: str, unit_code: str, role: str, full_name: str = "",
                          password: str = "") -> Membership:
    """A unit administrator gives `username` a role at `unit_code` (inside the admin's subtree),
    creating the user first when it does not exist (then a password is required)."""
    User = get_user_model()
    errors: list[str] = []
    unit = OrgUnit.objects.filter(code=unit_code.strip()).first()
    if unit is None or not access.can_admin(admin, unit):
        # Same message for "no such unit" and "not yours": unit codes outside the scope stay unknown.
        errors.append(f"Không có đơn vị mã «{unit_code}» trong phạm vi bạn quản trị.")
    if role not in Role.values:
        errors.append(f"Vai trò «{role}» không hợp lệ.")
    user = User.objects.filter(username__iexact=username.strip()).first()
    if user is None and not password:
        errors.append("Người dùng mới cần mật khẩu.")
    if user is None and password:
        try:
            validate_password(password, User(username=username))
        except ValidationError as exc:
            errors.extend(f"Mật khẩu: {m}" for m in exc.messages)
    if errors:
        raise AccountError(errors)
    with transaction.atomic():
        if user is None:
            user = create_user(username, password=password, first_name=full_name,
                               memberships=[MembershipSpec(unit.code, role)])
            return Membership.objects.get(user=user, unit=unit, role=role)
        return add_membership(user, unit, role, by=admin)


def users_in_scope(admin):
    """Users holding a membership in the admin's subtree, with those memberships (admin's view)."""
    memberships = list(
        Membership.objects.filter(access.unit_q(admin, "unit__", access.ADMIN_ROLES))
        .select_related("user", "unit").order_by("user__username", "unit__path", "role")
    )
    by_user: dict[int, dict] = {}
    for m in memberships:
        row = by_user.setdefault(m.user_id, {"user": m.user, "memberships": []})
        row["memberships"].append(m)
    if by_user:
        # May the admin deactivate them? Only when every membership of the user lies in the subtree.
        outside = set(
            Membership.objects.filter(user_id__in=by_user)
            .exclude(access.unit_q(admin, "unit__", access.ADMIN_ROLES))
            .values_list("user_id", flat=True)
        )
        for uid, row in by_user.items():
            row["can_deactivate"] = uid not in outside and not row["user"].is_superuser and uid != admin.pk
    return list(by_user.values())


def set_active_from_admin_page(admin, user, active: bool) -> None:
    rows = {r["user"].pk: r for r in users_in_scope(admin)}
    if user.pk not in rows or not rows[user.pk]["can_deactivate"]:
        raise AccountError(["Người dùng này còn có quyền ở đơn vị ngoài phạm vi bạn quản trị."])
    set_active(user, active, by=admin)
