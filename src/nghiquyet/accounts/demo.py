"""Demo accounts: one user per role on the Ba Tơ demo units (`nghiquyet demo` calls load()).

The shared password is for the demo only and is printed; a real installation creates its users
with `nghiquyet createuser`. Idempotent: an existing demo user is left as it is (password too).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from nghiquyet.units.models import OrgUnit

from .models import Membership
from .services import MembershipSpec, create_user

DEMO_PASSWORD = "demo-nghiquyet-2026"  # demo only: documented in the README

# username, full name, superuser, (unit code, role) or None
DEMO_USERS: list[tuple[str, str, bool, tuple[str, str] | None]] = [
    ("quantri", "Quản trị hệ thống (mẫu)", True, None),
    ("tinh.quantri", "Quản trị tỉnh Quảng Ngãi (mẫu)", False, ("P51", "admin")),
    ("tinh.quanly", "Cán bộ quản lý tỉnh Quảng Ngãi (mẫu)", False, ("P51", "manager")),
    ("tinh.duyet", "Cán bộ duyệt số liệu tỉnh Quảng Ngãi (mẫu)", False, ("P51", "approver")),
    ("huyen.xem", "Cán bộ xem huyện Ba Tơ cũ (mẫu)", False, ("H535", "viewer")),
    ("xabato.baocao", "Cán bộ báo cáo xã Ba Tơ (mẫu)", False, ("X21484", "reporter")),
    ("xabato.xem", "Cán bộ xem xã Ba Tơ (mẫu)", False, ("X21484", "viewer")),
]


def load(stdout=None) -> list[tuple[str, str]]:
    """Create the demo users that are missing; returns (username, description) of all present."""
    User = get_user_model()
    codes = [g[0] for *_, g in DEMO_USERS if g]
    units = OrgUnit.objects.in_bulk(codes, field_name="code")
    rows: list[tuple[str, str]] = []
    created = 0
    for username, full_name, superuser, grant in DEMO_USERS:
        if grant and grant[0] not in units:
            continue  # that unit is not loaded (another --units scope)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(
                username, password=DEMO_PASSWORD, superuser=superuser, first_name=full_name,
                # .invalid never delivers (RFC 2606): reminders show on the console in the demo.
                email=f"{username}@example.invalid",
                memberships=[MembershipSpec(*grant)] if grant else [], validate=False,
            )
            created += 1
        elif grant:
            Membership.objects.get_or_create(user=user, unit=units[grant[0]], role=grant[1])
        if superuser:
            what = "quản trị toàn hệ thống (superuser, trang /quan-tri/)"
        else:
            unit = units[grant[0]]
            what = f"{grant[1]} @ {unit.code} {unit.name}"
        rows.append((username, what))
    if stdout is not None:
        stdout.write(
            f"Tài khoản mẫu ({created} mới), mật khẩu chung «{DEMO_PASSWORD}» — CHỈ DÙNG THỬ, "
            "đổi hoặc xóa trước khi dùng thật:"
        )
        for username, what in rows:
            stdout.write(f"  {username:<15} {what}")
    return rows
