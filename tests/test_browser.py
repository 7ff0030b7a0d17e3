"""The resolution and target pages in headless Chromium: table rows, the ECharts chart, print."""

from __future__ import annotations

import pytest
from django.urls import reverse

from test_web import build_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _logged_in(page, live_server, django_user_model):
    """Every page needs log-in: give the browser a superuser's session cookie."""
    from django.test import Client

    user = django_user_model.objects.create_superuser("browser-admin", password="matkhau-thu-nghiem")
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _open(page, url: str) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    return errors


def test_resolution_page_in_chromium(page, live_server, artifacts_dir):
    data = build_dataset()
    errors = _open(page, live_server.url + reverse("web:resolution", args=[data["res"].pk]))
    rows = page.locator("#targets-table tbody tr[data-target]")
    assert rows.count() == 6
    assert page.locator("#summary-sentence").inner_text().startswith("Có ")
    statuses = page.locator("#targets-table .status")
    assert statuses.count() == 6
    assert all(s.strip() for s in statuses.all_inner_texts())  # words, not colour alone
    assert page.locator(".sample-banner").is_visible()
    page.screenshot(path=str(artifacts_dir / "resolution.png"), full_page=True)

    # Print: navigation and controls disappear, the table stays.
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".year-form").is_visible()
    assert page.locator("#targets-table").is_visible()
    page.screenshot(path=str(artifacts_dir / "resolution-print.png"), full_page=True)
    page.pdf(path=str(artifacts_dir / "resolution.pdf"), format="A4")
    assert errors == []


def test_target_page_in_chromium(page, live_server, artifacts_dir):
    data = build_dataset()
    target = data["targets"]["1"]
    errors = _open(page, live_server.url + reverse("web:target", args=[target.pk]) + "?nam=2024")
    page.wait_for_selector("#target-chart[data-ready='1'] svg", timeout=10_000)
    # ECharts drew the lines (SVG renderer): realised, path to the target, forecast, plans.
    assert page.locator("#target-chart svg path").count() > 10
    assert page.locator("#children-table tbody tr").count() == 2
    assert page.locator("#plans-table tbody tr").count() >= 5
    assert "Chất lượng dữ liệu" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "target.png"), full_page=True)

    page.emulate_media(media="print")
    assert page.locator("#target-chart svg").is_visible()  # charts print
    page.pdf(path=str(artifacts_dir / "target.pdf"), format="A4")
    assert errors == []


def test_search_box_in_chromium(page, live_server, artifacts_dir):
    build_dataset()
    _open(page, live_server.url + "/")
    page.fill("#site-search", "dak lak")
    page.press("#site-search", "Enter")
    page.wait_for_selector("#results-units")
    assert "Tỉnh Đắk Lắk" in page.locator("#results-units").inner_text()
    page.screenshot(path=str(artifacts_dir / "search.png"), full_page=True)
