"""In headless Chromium: a reporter fills and sends a form, the approver above approves it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nghiquyet.indicators.services import get_value
from nghiquyet.reporting.models import Submission, SubmissionEvent
from test_reporting_services import PERIOD, make_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-thu-nghiem"  # the personas' password (tests/conftest.py)


def _login(page, base: str, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}{reverse('accounts:login')}?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def test_reporter_submits_and_approver_approves(page, live_server, tree, personas, artifacts_dir):
    form, inds = make_form(tree)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    url = reverse("reporting:entry", args=[form.code, PERIOD, tree["X1"].pk])

    _login(page, live_server.url, "reporter", url)
    assert page.url.endswith(url)
    page.fill(f"#v-{inds['so-ho'].pk}", "1.200")
    page.fill(f"#v-{inds['so-ho-ngheo'].pk}", "1500")  # more than households: flagged while typing
    assert "Số hộ nghèo không vượt quá tổng số hộ" in page.locator(f"#m-{inds['so-ho-ngheo'].pk}").inner_text()
    page.fill(f"#v-{inds['tl'].pk}", "101")
    assert "Không được lớn hơn 100" in page.locator(f"#m-{inds['tl'].pk}").inner_text()
    page.screenshot(path=str(artifacts_dir / "reporting-entry-inline-errors.png"), full_page=True)

    page.click("#btn-save")  # the server refuses as well, and keeps what was typed
    assert "Số hộ nghèo không vượt quá tổng số hộ" in page.locator(f"#m-{inds['so-ho-ngheo'].pk}").inner_text()
    assert not Submission.objects.filter(status="submitted").exists()

    page.fill(f"#v-{inds['so-ho-ngheo'].pk}", "240")
    page.fill(f"#v-{inds['tl'].pk}", "96,5")
    page.fill(f"#v-{inds['thu'].pk}", "1,25")
    assert page.locator(".msg-error").count() == 0
    page.click("#btn-submit")
    page.wait_for_selector("#submission-status .sub-status-submitted")
    assert page.locator(f"#v-{inds['so-ho'].pk}").inner_text() == "1.200"  # read-only now
    assert page.locator("#btn-submit").count() == 0
    page.screenshot(path=str(artifacts_dir / "reporting-entry-submitted.png"), full_page=True)
    assert get_value(inds["so-ho"].pk, tree["P51"].pk, PERIOD).value is None

    _login(page, live_server.url, "approver", url)
    page.wait_for_selector("#btn-approve")
    page.screenshot(path=str(artifacts_dir / "reporting-approver-before.png"), full_page=True)
    page.click("#btn-approve")
    page.wait_for_selector("#submission-status .sub-status-approved")
    assert get_value(inds["so-ho"].pk, tree["P51"].pk, PERIOD).value == 1200
    assert page.locator("#history-table tbody tr").count() == 4
    page.screenshot(path=str(artifacts_dir / "reporting-approved.png"), full_page=True)

    status_url = reverse("reporting:form_status", args=[form.code]) + f"?ky={PERIOD}"
    page.goto(live_server.url + status_url)
    assert page.locator('#status-table tr[data-unit="X1"][data-status="approved"]').count() == 1
    page.screenshot(path=str(artifacts_dir / "reporting-dashboard.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    page.pdf(path=str(artifacts_dir / "reporting-dashboard.pdf"), format="A4")

    actions = list(SubmissionEvent.objects.values_list("action", "user__username", "ip"))
    assert [a[:2] for a in actions] == [("created", "reporter"), ("saved", "reporter"),
                                        ("submitted", "reporter"), ("approved", "approver")]
    assert all(ip == "127.0.0.1" for *_x, ip in actions)
    # the refused save answers 400 on purpose; nothing else may fail
    assert [e for e in errors if "status of 400" not in e] == []
