"""Log-in, lock-out, sessions, the access log, `nghiquyet createuser`, the admin, demo users."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from nghiquyet.accounts import access, demo
from nghiquyet.accounts.models import AccessEvent, Membership
from nghiquyet.accounts.services import AccountError, parse_membership

PASSWORD = "matkhau-thu-nghiem"
LOCKED_TEXT = "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 15 phút"
LOGIN = "/tai-khoan/dang-nhap/"


def _login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


# --------------------------------------------------------------------------- log-in / log-out


def test_login_page_is_vietnamese(client, db):
    body = client.get(LOGIN).content.decode()
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body
    assert 'id="site-search"' not in body  # nothing to search before log-in


def test_login_success_redirects_and_logs(client, personas):
    response = _login(client, "reporter", PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    event = AccessEvent.objects.get(kind="login")
    assert event.user == personas["reporter"] and event.ip == "10.0.0.7" and event.path == LOGIN
    body = client.get(reverse("web:home")).content.decode()
    assert "reporter" in body and "Đăng xuất" in body


def test_login_keeps_next(client, personas):
    response = client.post(LOGIN + "?next=/don-vi/", {"username": "reporter", "password": PASSWORD, "next": "/don-vi/"})
    assert response["Location"] == "/don-vi/"


def test_login_failure_is_shown_and_logged(client, personas):
    response = _login(client, "reporter", "sai-mat-khau")
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    event = AccessEvent.objects.get(kind="login_failed")
    assert event.username == "reporter" and event.user is None
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client, personas):
    personas["reporter"].is_active = False
    personas["reporter"].save()
    assert _login(client, "reporter", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_is_logged(client, personas):
    client.force_login(personas["viewer"])
    assert client.get(reverse("accounts:logout")).status_code == 405  # no log-out by a link
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert AccessEvent.objects.filter(kind="logout", username="viewer").exists()
    assert client.get(reverse("web:home")).status_code == 302


def test_password_change(client, personas):
    client.force_login(personas["viewer"])
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "mat-khau-moi-2026", "new_password2": "mat-khau-moi-2026",
    })
    assert response.status_code == 302
    personas["viewer"].refresh_from_db()
    assert personas["viewer"].check_password("mat-khau-moi-2026")


def test_argon2_is_the_production_hasher():
    assert settings.PASSWORD_HASHERS[0] != "django.contrib.auth.hashers.Argon2PasswordHasher"  # fixture
    from nghiquyet import settings as project

    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


# --------------------------------------------------------------------------- lock-out


def test_five_failures_lock_the_account_for_15_minutes(client, personas):
    for _ in range(4):
        assert _login(client, "reporter", "sai", REMOTE_ADDR="10.0.0.9").status_code == 200
    fifth = _login(client, "reporter", "sai", REMOTE_ADDR="10.0.0.9")
    assert fifth.status_code == 429
    assert LOCKED_TEXT in fifth.content.decode()
    # Locked: even the right password is refused, and nobody is logged in.
    right = _login(client, "reporter", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert right.status_code == 429 and LOCKED_TEXT in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessEvent.objects.filter(kind="login_failed", username="reporter").count() == 6
    assert AccessEvent.objects.filter(kind="locked_out", username="reporter").count() == 2
    # The lock is for this user name from this address: elsewhere, or another user, still works.
    assert _login(client, "reporter", PASSWORD, REMOTE_ADDR="10.0.0.10").status_code == 302
    client.logout()
    assert _login(client, "viewer", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_lock_out_ends_after_the_cool_off(client, personas, settings):
    import datetime as dt

    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "reporter", "sai")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=16))
    assert _login(client, "reporter", PASSWORD).status_code == 302


def test_lock_out_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


# --------------------------------------------------------------------------- sessions


def test_session_settings_give_an_idle_timeout():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_session_minutes_come_from_the_environment(monkeypatch):
    import importlib

    from nghiquyet import settings as project

    monkeypatch.setenv("NGHIQUYET_SESSION_MINUTES", "45")
    try:
        assert importlib.reload(project).SESSION_COOKIE_AGE == 45 * 60
    finally:
        monkeypatch.delenv("NGHIQUYET_SESSION_MINUTES")
        importlib.reload(project)


def test_an_expired_session_must_log_in_again(client, personas):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(personas["viewer"])
    assert client.get(reverse("web:home")).status_code == 200
    Session.objects.update(expire_date=timezone.now())
    assert client.get(reverse("web:home")).status_code == 302


# --------------------------------------------------------------------------- refusals


def test_require_logs_and_raises_403(personas, rf):
    from django.core.exceptions import PermissionDenied

    request = rf.get("/nhiem-vu/1/sua/", REMOTE_ADDR="10.1.1.1")
    with pytest.raises(PermissionDenied):
        access.require(access.can_manage(personas["viewer"], personas["viewer"].memberships.get().unit),
                       personas["viewer"], request, detail="sửa nhiệm vụ")
    event = AccessEvent.objects.get(kind="refused")
    assert (event.username, event.ip, event.path, event.detail) == ("viewer", "10.1.1.1", "/nhiem-vu/1/sua/", "sửa nhiệm vụ")
    access.require(True, personas["viewer"], request)  # no exception, no row
    assert AccessEvent.objects.count() == 1


def test_get_in_scope_or_404(personas, tree):
    from django.http import Http404

    from nghiquyet.units.models import OrgUnit

    reporter = personas["reporter"]
    assert access.get_in_scope_or_404(OrgUnit.objects, reporter, pk=tree["T1"].pk) == tree["T1"]
    with pytest.raises(Http404):
        access.get_in_scope_or_404(OrgUnit.objects, reporter, pk=tree["X2"].pk)
    with pytest.raises(Http404):
        access.get_in_scope_or_404(OrgUnit.objects, reporter, pk=987654)
    assert AccessEvent.objects.filter(kind="refused").count() == 1  # only the existing one


def test_access_events_cannot_be_edited_in_the_admin(client, personas):
    client.force_login(personas["admin"])
    AccessEvent.objects.create(kind="login", username="x")
    event = AccessEvent.objects.get(username="x")
    assert client.get("/quan-tri/accounts/accessevent/").status_code == 200
    assert client.get("/quan-tri/accounts/accessevent/add/").status_code == 403
    response = client.post(f"/quan-tri/accounts/accessevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AccessEvent.objects.filter(pk=event.pk).exists()


# --------------------------------------------------------------------------- admin


@pytest.mark.parametrize("url", [
    "/quan-tri/", "/quan-tri/auth/user/", "/quan-tri/accounts/membership/", "/quan-tri/units/orgunit/",
])
def test_admin_pages_for_superuser_only(client, personas, url):
    assert client.get(url).status_code == 302  # anonymous: to a log-in page
    client.force_login(personas["province_manager"])
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Quản trị Nghị Quyết" not in response.content.decode() or response.status_code == 302
    client.force_login(personas["admin"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Quản trị Nghị Quyết" in response.content.decode()


def test_admin_user_page_has_the_membership_inline(client, personas):
    client.force_login(personas["admin"])
    body = client.get(f"/quan-tri/auth/user/{personas['reporter'].pk}/change/").content.decode()
    assert "memberships-TOTAL_FORMS" in body and "Xã Ba Tơ" in body
    units = client.get("/quan-tri/autocomplete/", {
        "term": "ba to", "app_label": "accounts", "model_name": "membership", "field_name": "unit",
    }).json()
    assert [r["text"] for r in units["results"]] == ["Xã Ba Tơ"]


# --------------------------------------------------------------------------- createuser


def test_createuser_with_unit_role_and_more_memberships(tree):
    out = StringIO()
    call_command("createuser", "nguyen.van.a", unit="X1", role="reporter", membership=["P51:viewer"],
                 password="mat-khau-dai-du", email="a@example.vn", stdout=out)
    user = get_user_model().objects.get(username="nguyen.van.a")
    assert user.check_password("mat-khau-dai-du") and user.email == "a@example.vn" and not user.is_superuser
    assert set(Membership.objects.filter(user=user).values_list("unit__code", "role")) == {("X1", "reporter"), ("P51", "viewer")}
    text = out.getvalue()
    assert "Đã tạo người dùng «nguyen.van.a»" in text and "Xã Ba Tơ (X1)" in text


def test_createuser_superuser_needs_no_membership(db):
    call_command("createuser", "boss", superuser=True, password="mat-khau-dai-du", stdout=StringIO())
    user = get_user_model().objects.get(username="boss")
    assert user.is_superuser and user.is_staff


@pytest.mark.parametrize("kwargs,message", [
    (dict(unit="KHONG-CO", role="reporter"), "Không có đơn vị mã «KHONG-CO»"),
    (dict(unit="X1", role="thu-ky"), "Vai trò «thu-ky» không hợp lệ"),
    (dict(unit="X1"), "--unit và --role phải đi cùng nhau"),
    (dict(), "Cần ít nhất một quyền"),
    (dict(membership=["X1"]), "phải có dạng MÃ_ĐƠN_VỊ:VAI_TRÒ"),
    (dict(unit="X1", role="reporter", membership=["NOPE:viewer"]), "Không có đơn vị mã «NOPE»"),
    (dict(unit="X1", role="reporter", password="ngan"), "Mật khẩu:"),
    (dict(username="reporter", unit="X1", role="reporter"), "Tên đăng nhập «reporter» đã có"),
])
def test_createuser_errors_write_nothing(personas, kwargs, message):
    kwargs = {"password": "mat-khau-dai-du", **kwargs}
    username = kwargs.pop("username", "moi")
    users, memberships = get_user_model().objects.count(), Membership.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("createuser", username, stdout=StringIO(), **kwargs)
    assert message in str(exc.value)
    assert get_user_model().objects.count() == users and Membership.objects.count() == memberships


def test_createuser_without_password_and_without_a_terminal_is_refused(tree, monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO(""))
    with pytest.raises(CommandError, match="Cần --password"):
        call_command("createuser", "moi", unit="X1", role="viewer", stdout=StringIO())


def test_parse_membership():
    assert parse_membership("X21484:Reporter").role == "reporter"
    with pytest.raises(AccountError):
        parse_membership(":viewer")


# --------------------------------------------------------------------------- demo users


def test_demo_users_are_created_once(tree):
    out = StringIO()
    rows = demo.load(stdout=out)
    names = [r[0] for r in rows]
    # the small tree has P51 but not H535 / X21484: those users are skipped
    assert names == ["quantri", "tinh.quantri", "tinh.quanly", "tinh.duyet"]
    assert "demo-nghiquyet-2026" in out.getvalue() and "CHỈ DÙNG THỬ" in out.getvalue()
    user = get_user_model().objects.get(username="tinh.duyet")
    assert user.check_password(demo.DEMO_PASSWORD)
    assert list(user.memberships.values_list("unit__code", "role")) == [("P51", "approver")]
    assert get_user_model().objects.get(username="quantri").is_superuser
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    demo.load()
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    assert Membership.objects.filter(user__username__in=names).count() == 3
