"""Shared fixtures: personas, small unit trees, and the headless Chromium page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required under CI (make browser installs it)")
        pytest.skip("chromium không có trên máy này: bỏ qua kiểm thử trình duyệt")
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(autouse=True)
def _default_language():
    """LocaleMiddleware leaves the last request's language active in the thread: reset it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --------------------------------------------------------------------------- personas
# A small tree shared by the access tests of every app:
#   VN ─ P51 (Quảng Ngãi) ─┬─ X1 (Xã Ba Tơ) ─ T1 (Thôn 1)
#                          ├─ X2 (Xã Ba Vì)
#                          └─ P51-UB (UBND tỉnh, a body)
#        P66 (Đắk Lắk) ─── X3 (Xã Ea Tu)
# Personas (password "matkhau-thu-nghiem" for all):
#   admin (superuser) · province_manager (manager @P51) · approver (approver @P51)
#   reporter (reporter @X1) · reporter2 (reporter @X2) · viewer (viewer @X2)
#   other_province (manager @P66) · outsider (no membership: must see nothing)
PERSONA_PASSWORD = "matkhau-thu-nghiem"


@pytest.fixture
def tree(db):
    from nghiquyet.units.models import OrgUnit

    def unit(code, name, kind, parent=None, **kw):
        return OrgUnit.objects.create(code=code, name=name, kind=kind, parent=parent, **kw)

    vn = unit("VN", "Việt Nam", "nation")
    p51 = unit("P51", "Tỉnh Quảng Ngãi", "province", vn, official_code="51")
    x1 = unit("X1", "Xã Ba Tơ", "commune", p51, official_code="21484")
    t1 = unit("T1", "Thôn 1", "village", x1)
    x2 = unit("X2", "Xã Ba Vì", "commune", p51, official_code="21529")
    ub = unit("P51-UB", "UBND tỉnh Quảng Ngãi", "peoples_committee", p51)
    p66 = unit("P66", "Tỉnh Đắk Lắk", "province", vn, official_code="66")
    x3 = unit("X3", "Xã Ea Tu", "commune", p66)
    return {"VN": vn, "P51": p51, "X1": x1, "T1": t1, "X2": x2, "P51-UB": ub, "P66": p66, "X3": x3}


@pytest.fixture
def personas(tree, django_user_model):
    from nghiquyet.accounts.models import Membership

    spec = {
        "admin": None,
        "province_manager": ("P51", "manager"),
        "approver": ("P51", "approver"),
        "reporter": ("X1", "reporter"),
        "reporter2": ("X2", "reporter"),
        "viewer": ("X2", "viewer"),
        "other_province": ("P66", "manager"),
        "outsider": None,
    }
    users = {}
    for name, grant in spec.items():
        user = django_user_model(username=name, is_superuser=(name == "admin"), is_staff=(name == "admin"))
        user.set_password(PERSONA_PASSWORD)
        user.save()
        if grant:
            Membership.objects.create(user=user, unit=tree[grant[0]], role=grant[1])
        users[name] = user
    return users


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is the production hasher (settings.py); tests hash with MD5 for speed.

    A test of the hasher itself overrides this back.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
