"""Oversight, entering records: inspections and their recommendations (tasks), obstacles
reported and escalated, briefings held.

Rules checked here: a manager of the inspecting body creates inspections and recommendations;
a unit's reporter (or a manager above) reports its obstacles and records its briefings;
viewers and approvers get 403; another province gets 404 on P51's records and a form error
when it picks a P51 unit; bad input writes nothing and says why in Vietnamese.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nghiquyet.oversight import services
from nghiquyet.oversight.models import Briefing, Inspection, Obstacle, Recommendation
from nghiquyet.plans.models import Task, TaskSource
from nghiquyet.resolutions.models import Resolution

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
D = dt.date
NOT_IN_SCOPE = "Đơn vị đã chọn không thuộc phạm vi bạn được chọn."


@pytest.fixture
def res(tree):
    return {
        "P51": Resolution.objects.create(issuer=tree["P51"], number="NQ-T-01", title="Nghị quyết tỉnh",
                                         term_start=2020, term_end=2025),
        "X1": Resolution.objects.create(issuer=tree["X1"], number="NQ-X-01", title="Nghị quyết xã Ba Tơ",
                                        term_start=2025, term_end=2030),
    }


@pytest.fixture
def inspection(tree, personas):
    return services.create_inspection(
        user=personas["province_manager"], kind="inspection", mode="thematic", body=tree["P51-UB"],
        units=[tree["X1"], tree["X2"]], title="Kiểm tra chuyên đề", period_start=D(2024, 1, 1),
        period_end=D(2024, 6, 30), conclusion_number="12-KL", conclusion_date=TODAY - dt.timedelta(days=10),
    )


def _counts():
    return (Inspection.objects.count(), Recommendation.objects.count(), Task.objects.count(),
            Obstacle.objects.count(), Briefing.objects.count())


def _inspection_post(tree, **over):
    body = {
        "kind": "supervision", "mode": "regular", "body": tree["P51-UB"].pk, "title": "Giám sát giải ngân vốn",
        "units": [tree["X1"].pk, tree["X2"].pk], "decision_number": "45-QĐ/UBND", "decision_date": "2025-03-01",
        "period_start": "2024-01-01", "period_end": "2024-12-31", "findings": "Giải ngân chậm.",
        "conclusion_number": "", "conclusion_date": "",
    }
    body.update(over)
    return body


# --------------------------------------------------------------------------- inspections


def test_manager_creates_an_inspection_through_the_page(client, tree, personas):
    manager = personas["province_manager"]
    client.force_login(manager)
    listing = client.get(reverse("oversight:inspections")).content.decode()
    assert "Tạo cuộc kiểm tra, giám sát" in listing
    page = client.get(reverse("oversight:inspection_create"))
    assert page.status_code == 200
    form = page.context["form"]
    assert {u.code for u in form.fields["body"].queryset} >= {"P51", "P51-UB", "X1"}
    assert "P66" not in {u.code for u in form.fields["units"].queryset}
    response = client.post(reverse("oversight:inspection_create"), _inspection_post(tree))
    ins = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("oversight:inspection", args=[ins.pk])
    assert (ins.kind, ins.body, ins.decision_number, ins.findings) == (
        "supervision", tree["P51-UB"], "45-QĐ/UBND", "Giải ngân chậm.")
    assert set(ins.units.all()) == {tree["X1"], tree["X2"]}
    assert ins.created_by == manager and ins.history.get().history_user == manager
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi cuộc kiểm tra, giám sát." in page and 'id="recommendation-form"' in page


@pytest.mark.parametrize("name", ["reporter", "viewer", "approver", "outsider"])
def test_who_may_not_create_inspections_gets_403(client, tree, personas, name):
    client.force_login(personas[name])
    assert "Tạo cuộc kiểm tra, giám sát" not in client.get(reverse("oversight:inspections")).content.decode()
    assert client.get(reverse("oversight:inspection_create")).status_code == 403
    body = _inspection_post(tree, body=tree["X1"].pk, units=[tree["T1"].pk])
    assert client.post(reverse("oversight:inspection_create"), body).status_code == 403
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(("over", "message"), [
    ({"period_start": "2024-12-31", "period_end": "2024-01-01"},
     "Thời kỳ kiểm tra: ngày bắt đầu phải trước ngày kết thúc."),
    ({"body": "X1", "units": ["X2"]}, "Xã Ba Vì không thuộc Xã Ba Tơ: ngoài phạm vi kiểm tra, giám sát của Xã Ba Tơ."),
    ({"units": []}, "Chọn ít nhất một đơn vị được kiểm tra, giám sát."),
    ({"decision_date": "2025-03-01", "conclusion_date": "2025-02-01"}, "Ngày kết luận không thể trước ngày quyết định."),
    ({"title": "   "}, "Mục này là bắt buộc."),
])
def test_bad_inspections_write_nothing(client, tree, personas, over, message):
    client.force_login(personas["province_manager"])
    over = {k: (tree[v].pk if k == "body" else [tree[u].pk for u in v] if k == "units" else v)
            for k, v in over.items()}
    response = client.post(reverse("oversight:inspection_create"), _inspection_post(tree, **over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _counts() == (0, 0, 0, 0, 0)


def test_other_province_cannot_pick_p51_units_nor_reach_p51_inspections(client, tree, personas, inspection):
    client.force_login(personas["other_province"])
    before = _counts()
    response = client.post(reverse("oversight:inspection_create"), _inspection_post(tree))
    assert response.status_code == 200 and NOT_IN_SCOPE in response.content.decode()
    response = client.post(reverse("oversight:inspection_create"),
                           _inspection_post(tree, body=tree["P66"].pk, units=[tree["X1"].pk]))
    assert response.status_code == 200 and NOT_IN_SCOPE in response.content.decode()
    url = reverse("oversight:inspection", args=[inspection.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"unit": tree["X1"].pk, "text": "Kiến nghị", "deadline": ""}).status_code == 404
    assert _counts() == before


# --------------------------------------------------------------------------- recommendations


def test_a_recommendation_added_on_the_page_is_a_task_of_the_addressed_unit(client, tree, personas, inspection):
    manager = personas["province_manager"]
    client.force_login(manager)
    url = reverse("oversight:inspection", args=[inspection.pk])
    form = client.get(url).context["form"]
    assert set(form.fields["unit"].queryset) == {tree["X1"], tree["X2"]}
    deadline = TODAY + dt.timedelta(days=60)
    response = client.post(url, {"unit": tree["X1"].pk, "text": "Hoàn thiện hồ sơ đất đai\nBáo cáo kết quả",
                                 "deadline": deadline.isoformat()})
    rec = Recommendation.objects.select_related("task").get()
    assert response.status_code == 302 and response["Location"] == f"{url}?kien-nghi={rec.pk}#rec-{rec.pk}"
    task = rec.task
    assert (task.lead_unit, task.assigner, task.source, task.deadline) == (
        tree["X1"], tree["P51-UB"], TaskSource.RECOMMENDATION, deadline)
    assert task.title == "Hoàn thiện hồ sơ đất đai"
    assert rec.history.get().history_user == manager
    page = client.get(response["Location"]).content.decode()
    assert 'id="new-recommendation"' in page and f'href="/nhiem-vu/{task.pk}/"' in page
    assert 'class="ov-new"' in page
    # The addressed commune's reporter finds it among the commune's tasks.
    client.force_login(personas["reporter"])
    tasks = client.get(reverse("plans:tasks"), {"don_vi": tree["X1"].pk, "nguon": "recommendation"})
    assert "Hoàn thiện hồ sơ đất đai" in tasks.content.decode()


def test_bad_recommendations_write_nothing(client, tree, personas, inspection):
    client.force_login(personas["province_manager"])
    url = reverse("oversight:inspection", args=[inspection.pk])
    before = _counts()
    response = client.post(url, {"unit": tree["P51"].pk, "text": "Kiến nghị", "deadline": ""})
    assert response.status_code == 200
    assert "Chọn một trong các đơn vị được kiểm tra, giám sát." in response.content.decode()
    late = (inspection.conclusion_date - dt.timedelta(days=1)).isoformat()
    response = client.post(url, {"unit": tree["X1"].pk, "text": "Kiến nghị", "deadline": late})
    assert response.status_code == 200 and "Hạn khắc phục không thể trước ngày kết luận." in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("name", ["approver", "reporter"])
def test_who_sees_an_inspection_without_managing_its_body_gets_403(client, tree, personas, inspection, name):
    client.force_login(personas[name])
    url = reverse("oversight:inspection", args=[inspection.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    assert 'id="recommendation-form"' not in page.content.decode()
    assert client.post(url, {"unit": tree["X1"].pk, "text": "Kiến nghị", "deadline": ""}).status_code == 403
    assert not Recommendation.objects.exists()


# --------------------------------------------------------------------------- obstacles


def test_a_commune_reporter_reports_and_escalates_an_obstacle(client, tree, personas, res):
    reporter = personas["reporter"]
    client.force_login(reporter)
    assert "Báo cáo khó khăn, vướng mắc" in client.get(reverse("oversight:obstacles")).content.decode()
    page = client.get(reverse("oversight:obstacle_report"))
    form = page.context["form"]
    assert list(form.fields["reported_by"].queryset) == [tree["X1"]]
    assert set(form.fields["escalated_to"].queryset) == {tree["P51"], tree["P51-UB"]}
    assert list(form.fields["resolution"].queryset) == [res["X1"]]  # the province's is not visible
    response = client.post(reverse("oversight:obstacle_report"), {
        "reported_by": tree["X1"].pk, "title": "Thiếu mặt bằng xây trường", "description": "Chưa giải phóng xong.",
        "reported_on": TODAY.isoformat(), "resolution": res["X1"].pk, "escalated_to": tree["P51-UB"].pk,
    })
    obstacle = Obstacle.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("oversight:obstacle", args=[obstacle.pk])
    assert (obstacle.reported_by, obstacle.escalated_to, obstacle.escalated_on) == (tree["X1"], tree["P51-UB"], TODAY)
    assert obstacle.created_by == reporter
    assert {h.history_user for h in obstacle.history.all()} == {reporter}
    page = client.get(response["Location"]).content.decode()
    assert "Đã chuyển lên UBND tỉnh Quảng Ngãi." in page
    # The province (the escalation level) sees it and may assign it.
    client.force_login(personas["province_manager"])
    assert client.get(response["Location"]).context["assign_form"] is not None


def test_escalate_later_on_the_obstacle_page(client, tree, personas):
    reporter = personas["reporter"]
    client.force_login(reporter)
    client.post(reverse("oversight:obstacle_report"), {
        "reported_by": tree["X1"].pk, "title": "Sạt lở đường liên thôn", "reported_on": TODAY.isoformat(),
    })
    obstacle = Obstacle.objects.get()
    url = reverse("oversight:obstacle", args=[obstacle.pk])
    page = client.get(url)
    assert set(page.context["escalate_form"].fields["level"].queryset) == {tree["P51"], tree["P51-UB"]}
    response = client.post(url, {"action": "escalate", "level": tree["X2"].pk})
    assert response.status_code == 200
    assert "Chọn một cấp trên của đơn vị phản ánh." in response.content.decode()
    obstacle.refresh_from_db()
    assert obstacle.escalated_to is None
    assert client.post(url, {"action": "escalate", "level": tree["P51"].pk}).status_code == 302
    obstacle.refresh_from_db()
    assert obstacle.escalated_to == tree["P51"]
    assert obstacle.history.latest("history_date").history_user == reporter
    # A viewer of the commune's neighbour does not see it at all.
    client.force_login(personas["viewer"])
    assert client.post(url, {"action": "escalate", "level": tree["P51"].pk}).status_code == 404


@pytest.mark.parametrize(("name", "over", "message"), [
    ("reporter", {"escalated_to": "X2"}, "Chọn một cấp trên của đơn vị phản ánh."),
    ("reporter", {"reported_by": "X2"}, NOT_IN_SCOPE),  # a reporter reports for its own commune only
    ("reporter", {"reported_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "Ngày phản ánh không thể ở tương lai."),
    ("province_manager", {"reported_by": "P51-UB", "escalated_to": "P51"},
     "Tỉnh Quảng Ngãi không phải cấp trên của UBND tỉnh Quảng Ngãi."),
    ("other_province", {}, NOT_IN_SCOPE),
])
def test_bad_obstacle_reports_write_nothing(client, tree, personas, name, over, message):
    client.force_login(personas[name])
    body = {"reported_by": tree["X1"].pk, "title": "Vướng mắc", "reported_on": TODAY.isoformat(),
            "escalated_to": ""}
    body.update({k: (tree[v].pk if v in tree else v) for k, v in over.items()})
    response = client.post(reverse("oversight:obstacle_report"), body)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Obstacle.objects.exists()


def test_escalation_to_a_non_ancestor_is_refused_by_the_service(tree, personas):
    with pytest.raises(services.OversightError, match="Xã Ba Vì không phải cấp trên của Xã Ba Tơ"):
        services.report_obstacle(user=personas["province_manager"], reported_by=tree["X1"], title="Vướng mắc",
                                 escalated_to=tree["X2"])
    assert not Obstacle.objects.exists()  # the report is rolled back with the escalation


@pytest.mark.parametrize("name", ["viewer", "approver", "outsider"])
def test_who_may_not_report_obstacles_gets_403(client, tree, personas, name):
    client.force_login(personas[name])
    assert "Báo cáo khó khăn, vướng mắc" not in client.get(reverse("oversight:obstacles")).content.decode()
    assert client.get(reverse("oversight:obstacle_report")).status_code == 403
    body = {"reported_by": tree["X2"].pk, "title": "Vướng mắc", "reported_on": TODAY.isoformat()}
    assert client.post(reverse("oversight:obstacle_report"), body).status_code == 403
    assert not Obstacle.objects.exists()


# --------------------------------------------------------------------------- briefings


def _briefing_post(res, unit, **over):
    body = {"resolution": res.pk, "unit": unit.pk, "held_on": "2025-09-18", "cadres_expected": "40",
            "cadres_present": "38", "members_expected": "500", "members_present": "460", "note": "Hội nghị trực tuyến"}
    body.update(over)
    return body


def test_manager_records_a_briefing_through_the_page(client, tree, personas, res):
    manager = personas["province_manager"]
    client.force_login(manager)
    assert "Ghi nhận hội nghị quán triệt" in client.get(reverse("oversight:briefings")).content.decode()
    page = client.get(reverse("oversight:briefing_record"), {"nghi-quyet": res["P51"].pk})
    assert page.context["form"].initial["resolution"] == res["P51"].pk
    response = client.post(reverse("oversight:briefing_record"),
                           _briefing_post(res["P51"], tree["X2"], held_on="2021-01-15"))
    assert response.status_code == 302 and response["Location"] == reverse("oversight:briefing", args=[res["P51"].pk])
    b = Briefing.objects.get()
    assert (b.unit, b.held_on, b.cadres_present, b.members_expected) == (tree["X2"], D(2021, 1, 15), 38, 500)
    assert b.created_by == manager and b.history.get().history_user == manager
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi nhận hội nghị của Xã Ba Vì ngày 15/01/2021." in page
    assert "Ghi nhận hội nghị quán triệt" in page


def test_a_commune_reporter_records_its_own_briefing(client, tree, personas, res):
    client.force_login(personas["reporter"])
    form = client.get(reverse("oversight:briefing_record")).context["form"]
    assert list(form.fields["unit"].queryset) == [tree["X1"]]
    assert list(form.fields["resolution"].queryset) == [res["X1"]]
    response = client.post(reverse("oversight:briefing_record"), _briefing_post(res["X1"], tree["X1"]))
    assert response.status_code == 302
    assert Briefing.objects.get().history.get().history_user == personas["reporter"]


@pytest.mark.parametrize(("name", "over", "message"), [
    ("province_manager", {"cadres_present": "41"}, "Số cán bộ dự học không thể lớn hơn số cán bộ phải học."),
    ("province_manager", {"members_present": "501"}, "Số đảng viên dự học không thể lớn hơn số đảng viên phải học."),
    ("province_manager", {"cadres_expected": "-1"}, "Đảm bảo giá trị này lớn hơn hoặc bằng"),
    ("province_manager", {"resolution": "X1", "unit": "X2"},
     "Xã Ba Vì không thuộc Xã Ba Tơ: không phải đơn vị học tập nghị quyết NQ-X-01."),
    ("province_manager", {"held_on": (TODAY + dt.timedelta(days=2)).isoformat()},
     "Ngày tổ chức không thể ở tương lai."),
    ("reporter", {"unit": "X2", "resolution": "X1"}, NOT_IN_SCOPE),
    ("other_province", {"unit": "X1"}, NOT_IN_SCOPE),
])
def test_bad_briefings_write_nothing(client, tree, personas, res, name, over, message):
    client.force_login(personas[name])
    body = _briefing_post(res["P51"], tree["X2"])
    for key, value in over.items():
        body[key] = res[value].pk if key == "resolution" else tree[value].pk if key == "unit" else value
    response = client.post(reverse("oversight:briefing_record"), body)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Briefing.objects.exists()


@pytest.mark.parametrize("name", ["viewer", "approver", "outsider"])
def test_who_may_not_record_briefings_gets_403(client, tree, personas, res, name):
    client.force_login(personas[name])
    assert "Ghi nhận hội nghị quán triệt" not in client.get(reverse("oversight:briefings")).content.decode()
    assert client.get(reverse("oversight:briefing_record")).status_code == 403
    response = client.post(reverse("oversight:briefing_record"), _briefing_post(res["P51"], tree["X2"]))
    assert response.status_code == 403
    assert not Briefing.objects.exists()


# --------------------------------------------------------------------------- in a browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enter_oversight_records_in_chromium(page, live_server, artifacts_dir, tree, personas, res):
    from django.conf import settings
    from django.test import Client

    def login(user):
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])

    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(personas["province_manager"])

    page.goto(live_server.url + reverse("oversight:inspections"))
    page.click("#new-record")
    page.select_option("#id_kind", "supervision")
    page.select_option("#id_mode", "thematic")
    page.select_option("#id_body", label="UBND tỉnh Quảng Ngãi")
    page.fill("#id_title", "Giám sát chuyên đề giải ngân vốn nông thôn mới")
    page.fill(".ov-check-filter", "ba to")  # the filter ignores diacritics
    assert page.locator("#id_units label:visible").count() == 1
    page.check("#id_units label:visible input")
    page.fill(".ov-check-filter", "")
    page.fill("#id_period_start", "2024-01-01")
    page.fill("#id_period_end", "2024-12-31")
    page.fill("#id_findings", "Giải ngân chậm ở hai thôn.")
    page.screenshot(path=str(artifacts_dir / "oversight-manage-new-inspection.png"), full_page=True)
    page.click("#inspection-form button[type=submit]")
    page.wait_for_selector("#recommendation-form")

    page.fill("#id_text", "Đẩy nhanh giải ngân vốn trong quý IV")
    page.click("#recommendation-form button[type=submit]")
    page.wait_for_selector("#new-recommendation")
    assert page.locator("#recommendations-table tbody tr").count() == 1
    page.screenshot(path=str(artifacts_dir / "oversight-manage-inspection.png"), full_page=True)
    page.click("#new-recommendation a")
    page.wait_for_load_state()
    assert "Đẩy nhanh giải ngân vốn trong quý IV" in page.content()
    task = Recommendation.objects.get().task
    assert page.url.endswith(f"/nhiem-vu/{task.pk}/") and task.lead_unit == tree["X1"]

    login(personas["reporter"])
    page.goto(live_server.url + reverse("oversight:obstacles"))
    page.click("#new-record")
    page.fill("#id_title", "Thiếu mặt bằng xây dựng trường mầm non")
    page.fill("#id_description", "Hai hộ chưa đồng ý phương án bồi thường.")
    page.select_option("#id_escalated_to", label="UBND tỉnh Quảng Ngãi")
    page.screenshot(path=str(artifacts_dir / "oversight-manage-report-obstacle.png"), full_page=True)
    page.click("#obstacle-form button[type=submit]")
    page.wait_for_selector("#obstacle-status")
    assert page.locator("#obstacle-status").inner_text().strip() == "Chờ giao xử lý"

    page.goto(live_server.url + reverse("oversight:briefings"))
    page.click("#new-record")
    page.fill("#id_held_on", "2025-09-18")
    page.fill("#id_cadres_expected", "40")
    page.fill("#id_cadres_present", "45")
    page.fill("#id_members_expected", "500")
    page.fill("#id_members_present", "460")
    page.click("#briefing-form button[type=submit]")
    page.wait_for_selector(".ov-form-errors")
    assert "không thể lớn hơn số cán bộ phải học" in page.locator(".ov-form-errors").inner_text()
    page.screenshot(path=str(artifacts_dir / "oversight-manage-briefing-error.png"), full_page=True)
    page.fill("#id_cadres_present", "38")
    page.click("#briefing-form button[type=submit]")
    page.wait_for_selector("#briefing-table")
    assert "95,0%" in page.locator("#briefing-table").inner_text()
    page.screenshot(path=str(artifacts_dir / "oversight-manage-briefings.png"), full_page=True)
    assert errors == []
