"""The cadre pages in headless Chromium: the assignment matrix, a leader's page, the rotation report."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from nghiquyet.people import demo
from nghiquyet.people.models import Person
from nghiquyet.resolutions import demo as base_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, client) -> None:
    user = get_user_model().objects.create(username="root", is_superuser=True, is_staff=True)
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_people_pages_in_chromium(page, live_server, client, artifacts_dir):
    base_demo.load_demo(units="ba-to")
    demo.load()
    _login(page, live_server, client)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(live_server.url + reverse("people:matrix"))
    assert page.locator("#matrix-table tbody tr[data-person]").count() == 9
    # 20 communes + xã Ba Động (Võ Thị Mai since 2023) + 12 fields on 30/06/2025
    assert page.locator("#matrix-table td.mark.on").count() == 33
    assert page.locator(".eyebrow").text_content() == "Huyện ủy Ba Tơ"
    assert page.locator(".sample-banner").is_visible()
    page.screenshot(path=str(artifacts_dir / "people-matrix.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator("#matrix-form").is_visible()
    assert page.locator("#matrix-table").is_visible()
    page.pdf(path=str(artifacts_dir / "people-matrix.pdf"), format="A4", landscape=True)
    page.emulate_media(media="screen")

    an = Person.objects.get(full_name="Nguyễn Văn An", is_sample=True)
    page.click(f"#matrix-table tr[data-person='{an.pk}'] a")
    page.wait_for_selector("#leader-targets")
    assert page.locator("#areas-list li").count() == 3  # thị trấn Ba Tơ, xã Ba Cung, Xây dựng Đảng
    assert page.locator("#leader-targets tr[data-target='CT10']").count() == 1
    assert all(s.strip() for s in page.locator("#leader-targets .status").all_inner_texts())
    page.screenshot(path=str(artifacts_dir / "people-leader.png"), full_page=True)

    page.goto(live_server.url + reverse("people:rotations"))
    assert page.locator("#rotation-table tr[data-direction]").count() == 12
    assert page.locator("#rotation-counts tfoot td").last.inner_text() == "12"
    page.check("input[name='dieu-dong']")
    page.click("form.filter-form button[type='submit']")
    page.wait_for_url("**dieu-dong=1**")
    assert page.locator("#rotation-table tr[data-direction]").count() == 15
    page.screenshot(path=str(artifacts_dir / "people-rotations.png"), full_page=True)

    page.goto(live_server.url + reverse("people:person", args=[an.pk]))
    assert page.locator("#posts-timeline li").count() == 2
    page.screenshot(path=str(artifacts_dir / "people-person.png"), full_page=True)
    assert errors == []
