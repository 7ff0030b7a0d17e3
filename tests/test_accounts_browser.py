"""Log-in, lock-out and a commune reporter's home page in headless Chromium."""

from __future__ import annotations

import pytest

from test_web import build_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "matkhau-thu-nghiem"


def _user(django_user_model, username, unit=None, role=None):
    from nghiquyet.accounts.models import Membership

    user = django_user_model.objects.create_user(username, password=PASSWORD, first_name="Nguyễn Thị Báo Cáo")
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def _fill_login(page, username, password):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form button[type=submit]")


def test_login_then_home_as_a_commune_reporter(page, live_server, artifacts_dir, django_user_model):
    from nghiquyet.resolutions.models import Resolution, Target

    data = build_dataset()
    commune = Resolution.objects.create(
        issuer=data["new"], number="01-NQ/ĐH-XBT", title="Nghị quyết Đại hội Đảng bộ xã Ba Tơ lần thứ I",
        term_start=2025, term_end=2030, is_sample=True,
    )
    Target.objects.create(resolution=commune, code="1", text="Độ che phủ rừng đạt 65%", indicator=data["ind"]["forest"],
                          kind="level", target_min=65, target_year=2030, baseline_year=2025)
    _user(django_user_model, "xabato.baocao", data["new"], "reporter")

    page.goto(live_server.url + "/")
    assert "/tai-khoan/dang-nhap/" in page.url  # every page needs log-in
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.screenshot(path=str(artifacts_dir / "login.png"), full_page=True)

    _fill_login(page, "xabato.baocao", PASSWORD)
    page.wait_for_url(live_server.url + "/")
    main = page.locator("main").inner_text()
    assert "01-NQ/ĐH-XBT" in main
    assert "01-NQ/ĐH" not in main.replace("01-NQ/ĐH-XBT", "")  # the district's resolution is not in scope
    assert "Nguyễn Thị Báo Cáo" in page.locator("#user-tools").inner_text()
    page.screenshot(path=str(artifacts_dir / "home-commune-reporter.png"), full_page=True)

    page.click("#user-tools button")  # log-out is a POST form
    page.wait_for_url("**/tai-khoan/dang-nhap/")


def test_lock_out_message(page, live_server, artifacts_dir, django_user_model):
    _user(django_user_model, "nhapsai")
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    for _ in range(5):
        _fill_login(page, "nhapsai", "sai-mat-khau")
        page.wait_for_load_state()
    assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 15 phút" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "locked-out.png"), full_page=True)
