"""The figure history and the audit log in headless Chromium (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from test_audit import _report_and_approve, _two_provinces, ind  # noqa: F401  (ind is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user) -> list[str]:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def test_figure_history_page_in_chromium(page, live_server, artifacts_dir, personas, tree, ind):  # noqa: F811
    _report_and_approve(ind, tree["X1"], personas["reporter"], personas["approver"])
    errors = _login(page, live_server, personas["approver"])
    page.goto(live_server.url + reverse("web:figure_history", args=[ind.id, tree["X1"].id, "2025M09"]))
    rows = page.locator("#figure-history tbody tr")
    assert rows.count() == 3
    assert [r.get_attribute("data-status") for r in rows.all()] == ["approved", "submitted", "draft"]
    assert "UTC" in rows.first.inner_text()
    page.screenshot(path=str(artifacts_dir / "figure-history.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("#figure-history").is_visible()
    assert errors == []


def test_audit_log_page_in_chromium(page, live_server, artifacts_dir, personas, tree, ind):  # noqa: F811
    _two_provinces(personas, tree, ind)
    errors = _login(page, live_server, personas["province_manager"])
    page.goto(live_server.url + reverse("web:audit_log"))
    rows = page.locator("#audit-log tbody tr")
    assert rows.count() >= 7
    kinds = {r.get_attribute("data-kind") for r in rows.all()}
    assert {"figure", "resolution", "target", "plan"} <= kinds
    assert "Đắk Lắk" not in page.locator("#audit-log").inner_text()
    page.screenshot(path=str(artifacts_dir / "audit-log.png"), full_page=True)
    page.select_option("select[name=loai]", "figure")
    page.click(".audit-filter button[type=submit]")
    page.wait_for_url("**loai=figure**")
    assert {r.get_attribute("data-kind") for r in page.locator("#audit-log tbody tr").all()} == {"figure"}
    assert errors == []
