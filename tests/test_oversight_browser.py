"""The oversight pages in headless Chromium: an inspection, the obstacles, the briefings; print."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nghiquyet.oversight import services
from nghiquyet.plans import services as task_services
from nghiquyet.resolutions.models import Resolution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def _open(page, url: str) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    return errors


def _data(tree, personas):
    manager = personas["province_manager"]
    res = Resolution.objects.create(issuer=tree["P51"], number="NQ-TEST-02", title="Nghị quyết thử nghiệm",
                                    term_start=2020, term_end=2025, is_sample=True)
    ins = services.create_inspection(
        user=manager, kind="supervision", mode="thematic", body=tree["P51-UB"], units=[tree["X1"], tree["X2"]],
        title="Giám sát chuyên đề xây dựng nông thôn mới", period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 6, 30), conclusion_number="18/BC-HĐND",
        conclusion_date=TODAY - dt.timedelta(days=60), findings="Giải ngân chậm.", is_sample=True,
    )
    done = services.add_recommendation(ins, tree["X1"], "Đẩy nhanh giải ngân vốn", TODAY - dt.timedelta(days=30), manager)
    task_services.complete_task(done.task, manager, TODAY - dt.timedelta(days=31))
    services.add_recommendation(ins, tree["X2"], "Hoàn thành kênh thủy lợi", TODAY - dt.timedelta(days=1), manager)
    services.add_recommendation(ins, tree["X2"], "Rà soát lộ trình", TODAY + dt.timedelta(days=30), manager)
    obstacle = services.report_obstacle(user=personas["reporter"], reported_by=tree["X1"], title="Vướng mặt bằng",
                                        reported_on=TODAY - dt.timedelta(days=5), escalated_to=tree["P51"],
                                        is_sample=True)
    services.assign_obstacle(obstacle, unit=tree["P51-UB"], resolve_by=TODAY + dt.timedelta(days=10), user=manager)
    services.record_briefing(user=personas["reporter"], resolution=res, unit=tree["X1"], held_on=dt.date(2020, 10, 1),
                             cadres_expected=20, cadres_present=19, members_expected=120, members_present=101,
                             is_sample=True)
    return ins, obstacle, res


def test_oversight_pages_in_chromium(page, live_server, artifacts_dir, tree, personas):
    ins, obstacle, res = _data(tree, personas)
    _login(page, live_server, personas["province_manager"])

    errors = _open(page, live_server.url + reverse("oversight:inspection", args=[ins.pk]))
    rows = page.locator("#recommendations-table tbody tr")
    assert rows.count() == 3
    assert [s.strip() for s in page.locator("#recommendations-table .status").all_inner_texts()] == [
        "Đã khắc phục", "Quá hạn", "Đang khắc phục",
    ]
    assert page.locator(".sample-banner").is_visible()
    page.screenshot(path=str(artifacts_dir / "oversight-inspection.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".actions").is_visible()
    assert page.locator("#recommendations-table").is_visible()
    page.pdf(path=str(artifacts_dir / "oversight-inspection.pdf"), format="A4")
    page.emulate_media(media="screen")

    page.goto(live_server.url + reverse("oversight:obstacles"))
    assert page.locator("#obstacles-table tbody tr").count() == 1
    assert "Đang xử lý" in page.locator("#obstacles-table").inner_text()
    page.screenshot(path=str(artifacts_dir / "oversight-obstacles.png"), full_page=True)

    # Answer the obstacle through its page.
    page.goto(live_server.url + reverse("oversight:obstacle", args=[obstacle.pk]))
    page.fill("#id_answer", "Đã bàn giao mặt bằng.")
    page.click("#answer-form button[type=submit]")
    page.wait_for_selector("#answer")
    assert page.locator("#obstacle-status").inner_text().strip() == "Đã trả lời"
    page.screenshot(path=str(artifacts_dir / "oversight-obstacle.png"), full_page=True)

    page.goto(live_server.url + reverse("oversight:briefing", args=[res.pk]))
    table = page.locator("#briefing-table")
    assert "Chưa tổ chức" in table.inner_text()
    assert "95,0%" in table.inner_text()  # 19/20 cadres of Xã Ba Tơ
    page.screenshot(path=str(artifacts_dir / "oversight-briefings.png"), full_page=True)
    assert errors == []
