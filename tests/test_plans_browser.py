"""Task pages in headless Chromium with the Ba Tơ demo: list, per-unit counts, a program page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def test_task_pages_in_chromium(page, live_server, artifacts_dir, django_user_model):
    from nghiquyet.plans import demo
    from nghiquyet.plans.models import Plan
    from nghiquyet.resolutions.demo import load_demo

    load_demo(units="ba-to")
    demo.load()
    admin = django_user_model.objects.create(username="boss", is_superuser=True, is_staff=True)
    _login(page, live_server, admin)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server.url + reverse("plans:tasks"))
    rows = page.locator("#tasks-table tbody tr[data-task]")
    assert rows.count() == 60
    assert rows.first.get_attribute("data-status") == "overdue"  # "quá hạn" first
    statuses = set(page.locator("#tasks-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.status)"))
    assert statuses == {"overdue", "in_progress", "ongoing", "done_late", "done_on_time"}
    assert page.locator(".sample-banner").is_visible()
    page.screenshot(path=str(artifacts_dir / "plans-tasks.png"), full_page=False)

    page.goto(live_server.url + reverse("plans:unit_counts"))
    assert page.locator("#unit-counts tbody tr").count() >= 10
    total = page.locator("#unit-counts tfoot tr td.num").all_inner_texts()
    assert total[0] == "79"  # 60 tasks, recurring ones once per period
    page.screenshot(path=str(artifacts_dir / "plans-units.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator(".filters").is_visible() and page.locator("#unit-counts").is_visible()
    page.pdf(path=str(artifacts_dir / "plans-units.pdf"), format="A4", landscape=True)
    page.emulate_media(media="screen")

    program = Plan.objects.get(number="03-CTr/HU")
    page.goto(live_server.url + reverse("plans:plan", args=[program.pk]))
    assert "420.000" in page.locator("#budget").inner_text()
    assert page.locator("#milestones tbody tr").count() == 3
    assert page.locator("#plan-targets tbody tr[data-target='CT10'] .status").inner_text().strip()
    assert page.locator("#tasks-table tbody tr").count() == 12
    page.screenshot(path=str(artifacts_dir / "plans-program.png"), full_page=True)

    task = program.tasks.get(code="DT-08")  # a pending extension
    page.goto(live_server.url + reverse("plans:task", args=[task.pk]))
    assert page.locator("#extensions tr[data-extension='requested']").count() == 1
    page.screenshot(path=str(artifacts_dir / "plans-task.png"), full_page=True)
    assert errors == []
