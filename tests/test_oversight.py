"""Oversight: inspections whose recommendations are tasks, obstacles, briefings; pages and scope."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from nghiquyet.indicators.models import Field
from nghiquyet.oversight import services, states
from nghiquyet.oversight.models import Briefing, Inspection, Obstacle, Recommendation
from nghiquyet.plans import services as task_services
from nghiquyet.plans.models import Task, TaskSource
from nghiquyet.resolutions.models import Resolution
from nghiquyet.units.models import OrgUnit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
D = dt.date


@pytest.fixture
def resolution(tree):
    return Resolution.objects.create(issuer=tree["P51"], number="NQ-TEST-01", title="Nghị quyết thử",
                                     term_start=2020, term_end=2025)


@pytest.fixture
def inspection(tree, personas, resolution):
    return services.create_inspection(
        user=personas["province_manager"], kind="inspection", mode="thematic", body=tree["P51-UB"],
        units=[tree["X1"], tree["X2"]], title="Kiểm tra chuyên đề thực hiện nghị quyết",
        period_start=D(2024, 1, 1), period_end=D(2024, 6, 30), conclusion_number="12-KL",
        conclusion_date=TODAY - dt.timedelta(days=100), findings="Còn chậm.", resolution=resolution,
    )


def _rec(inspection, unit, user, deadline, text="Khắc phục hồ sơ"):
    return services.add_recommendation(inspection, unit, text, deadline, user)


# ----------------------------------------------------------------------------- recommendations


def test_a_recommendation_is_a_task_of_the_inspected_unit(tree, personas, inspection, client):
    rec = _rec(inspection, tree["X1"], personas["province_manager"], TODAY + dt.timedelta(days=30))
    task = rec.task
    assert task.source == TaskSource.RECOMMENDATION
    assert task.lead_unit == tree["X1"]
    assert task.assigner == tree["P51-UB"]
    assert task.deadline == TODAY + dt.timedelta(days=30)
    assert list(Task.objects.filter(lead_unit=tree["X1"], source=TaskSource.RECOMMENDATION)) == [task]
    # The inspected unit's own user finds it in the plans app's task list and on the task page.
    client.force_login(personas["reporter"])
    page = client.get(reverse("plans:tasks"), {"don_vi": tree["X1"].pk, "nguon": "recommendation"})
    assert page.status_code == 200
    assert "Khắc phục hồ sơ" in page.content.decode()
    assert client.get(reverse("plans:task", args=[task.pk])).status_code == 200


def test_completing_the_task_closes_the_recommendation(tree, personas, inspection, client):
    rec = _rec(inspection, tree["X1"], personas["province_manager"], TODAY + dt.timedelta(days=30))
    client.force_login(personas["province_manager"])
    url = reverse("oversight:inspection", args=[inspection.pk])
    assert "Đang khắc phục" in client.get(url).content.decode()
    # The inspected unit's reporter reports it done, through the plans engine.
    task_services.complete_task(rec.task, personas["reporter"], TODAY)
    rec = Recommendation.objects.select_related("task").get(pk=rec.pk)
    assert rec.closed_on == TODAY
    body = client.get(url).content.decode()
    assert "Đã khắc phục" in body
    assert "đã khắc phục 1/1" in body
    listing = client.get(reverse("oversight:inspections")).content.decode()
    assert "1/1" in listing


def test_recommendation_states_follow_the_task(tree, personas, inspection, client):
    manager = personas["province_manager"]
    assigned = inspection.conclusion_date
    late = _rec(inspection, tree["X1"], manager, assigned + dt.timedelta(days=10), "Kiến nghị trễ")
    overdue = _rec(inspection, tree["X2"], manager, assigned + dt.timedelta(days=20), "Kiến nghị quá hạn")
    on_time = _rec(inspection, tree["X2"], manager, assigned + dt.timedelta(days=90), "Kiến nghị đúng hạn")
    task_services.complete_task(late.task, manager, assigned + dt.timedelta(days=15))
    task_services.complete_task(on_time.task, manager, assigned + dt.timedelta(days=30))
    client.force_login(manager)
    page = client.get(reverse("oversight:inspection", args=[inspection.pk]))
    rows = {r.rec.pk: r.state for r in page.context["rows"]}
    assert rows == {late.pk: states.FIXED_LATE, overdue.pk: states.OVERDUE, on_time.pk: states.FIXED}
    assert page.context["overdue"] == 1
    assert f'/nhiem-vu/{overdue.task_id}/' in page.content.decode()


def test_a_recommendation_to_a_unit_not_inspected_writes_nothing(tree, personas, inspection):
    before = Task.objects.count()
    with pytest.raises(services.OversightError, match="không thuộc các đơn vị được kiểm tra"):
        _rec(inspection, tree["P66"], personas["admin"], TODAY)
    with pytest.raises(services.OversightError, match="Chưa nhập nội dung kiến nghị"):
        _rec(inspection, tree["X1"], personas["province_manager"], TODAY, text="  ")
    with pytest.raises(services.OversightError, match="trước ngày kết luận"):
        _rec(inspection, tree["X1"], personas["province_manager"], inspection.conclusion_date - dt.timedelta(days=1))
    assert Task.objects.count() == before
    assert not Recommendation.objects.exists()


def test_who_may_create_inspections_and_recommendations(tree, personas, inspection):
    kwargs = dict(kind="supervision", mode="regular", body=tree["P51-UB"], units=[tree["X1"]], title="Giám sát",
                  period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    with pytest.raises(PermissionDenied):
        services.create_inspection(user=personas["reporter"], **{**kwargs, "body": tree["X1"], "units": [tree["T1"]]})
    with pytest.raises(Http404):
        services.create_inspection(user=personas["other_province"], **kwargs)
    with pytest.raises(PermissionDenied):
        _rec(inspection, tree["X1"], personas["approver"], TODAY)
    with pytest.raises(services.OversightError, match="ngày bắt đầu phải trước"):
        services.create_inspection(user=personas["province_manager"],
                                   **{**kwargs, "period_start": D(2025, 1, 1)})
    with pytest.raises(services.OversightError, match="Hình thức không hợp lệ"):
        services.create_inspection(user=personas["province_manager"], **{**kwargs, "mode": "x"})
    assert Inspection.objects.count() == 1


def test_history_records_who_created(tree, personas, inspection):
    rec = _rec(inspection, tree["X1"], personas["province_manager"], TODAY)
    assert inspection.history.first().history_user == personas["province_manager"]
    assert rec.history.first().history_user == personas["province_manager"]


# ----------------------------------------------------------------------------- obstacles


@pytest.fixture
def field(db):
    return Field.objects.create(code="nong-nghiep", name="Nông nghiệp")


def _obstacle(tree, personas, field, **kw):
    args = dict(user=personas["reporter"], reported_by=tree["X1"], title="Thiếu vốn đối ứng",
                description="Ngân sách xã không đủ.", reported_on=TODAY - dt.timedelta(days=10), field=field)
    args.update(kw)
    return services.report_obstacle(**args)


@pytest.mark.parametrize(
    ("level", "ok"),
    [("P51", True), ("P51-UB", True), ("X1", False), ("T1", False), ("X2", False), ("P66", False), ("VN", True)],
)
def test_escalation_goes_to_a_level_above(tree, personas, field, level, ok):
    obstacle = _obstacle(tree, personas, field)
    if ok:
        services.escalate_obstacle(obstacle, tree[level], personas["reporter"])
        assert Obstacle.objects.get(pk=obstacle.pk).escalated_to == tree[level]
    else:
        with pytest.raises(services.OversightError, match="không phải cấp trên"):
            services.escalate_obstacle(obstacle, tree[level], personas["reporter"])
        assert Obstacle.objects.get(pk=obstacle.pk).escalated_to is None


def test_obstacle_assigned_then_answered_completes_its_task(tree, personas, field, client):
    obstacle = _obstacle(tree, personas, field, escalated_to=tree["P51-UB"])
    with pytest.raises(PermissionDenied):  # the reporter cannot assign at the province
        services.assign_obstacle(obstacle, unit=tree["P51-UB"], resolve_by=TODAY + dt.timedelta(days=20),
                                 user=personas["reporter"])
    with pytest.raises(services.OversightError, match="không thuộc"):
        services.assign_obstacle(obstacle, unit=tree["X3"], resolve_by=TODAY + dt.timedelta(days=20),
                                 user=personas["admin"])
    services.assign_obstacle(obstacle, unit=tree["P51-UB"], resolve_by=TODAY + dt.timedelta(days=20),
                             user=personas["province_manager"])
    obstacle.refresh_from_db()
    task = obstacle.task
    assert (task.source, task.lead_unit, task.deadline) == (TaskSource.OBSTACLE, tree["P51-UB"], TODAY + dt.timedelta(days=20))
    with pytest.raises(PermissionDenied):
        services.answer_obstacle(obstacle, "Đã bố trí vốn.", personas["reporter"])
    with pytest.raises(services.OversightError, match="Chưa nhập nội dung trả lời"):
        services.answer_obstacle(obstacle, " ", personas["province_manager"])
    task.refresh_from_db()
    assert task.completed_on is None

    # Through the page's form.
    client.force_login(personas["province_manager"])
    url = reverse("oversight:obstacle", args=[obstacle.pk])
    assert "answer-form" in client.get(url).content.decode()
    response = client.post(url, {"answer": "Tỉnh bố trí 2 tỷ đồng vốn đối ứng.", "answered_on": TODAY.isoformat()})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    task.refresh_from_db()
    assert obstacle.answer.startswith("Tỉnh bố trí")
    assert obstacle.answered_on == TODAY == task.completed_on
    body = client.get(url).content.decode()
    assert "Đã trả lời" in body and "answer-form" not in body
    with pytest.raises(services.OversightError, match="đã được trả lời"):
        services.answer_obstacle(obstacle, "Lần hai", personas["province_manager"])
    # The reporting commune sees the answer; it cannot post one.
    client.force_login(personas["reporter"])
    assert "Tỉnh bố trí" in client.get(url).content.decode()
    assert client.post(url, {"answer": "x", "answered_on": TODAY.isoformat()}).status_code == 403


def test_an_obstacle_answered_after_its_date_is_answered_late(tree, personas, field):
    obstacle = _obstacle(tree, personas, field, escalated_to=tree["P51"], reported_on=TODAY - dt.timedelta(days=40))
    services.assign_obstacle(obstacle, unit=tree["P51-UB"], resolve_by=TODAY - dt.timedelta(days=10),
                             user=personas["province_manager"], assigned_on=TODAY - dt.timedelta(days=30))
    from nghiquyet.oversight.views import obstacle_row

    obstacle = Obstacle.objects.select_related("task").get(pk=obstacle.pk)
    assert obstacle_row(obstacle, TODAY).state == states.HANDLING_OVERDUE
    services.answer_obstacle(obstacle, "Đã xử lý", personas["province_manager"])
    obstacle = Obstacle.objects.select_related("task").get(pk=obstacle.pk)
    assert obstacle_row(obstacle, TODAY).state == states.ANSWERED_LATE


def test_an_obstacle_needs_a_reporter_of_its_unit(tree, personas, field):
    with pytest.raises(PermissionDenied):
        _obstacle(tree, personas, field, user=personas["viewer"], reported_by=tree["X2"])
    with pytest.raises(Http404):
        _obstacle(tree, personas, field, user=personas["other_province"])
    with pytest.raises(services.OversightError, match="tương lai"):
        _obstacle(tree, personas, field, reported_on=TODAY + dt.timedelta(days=1))
    assert not Obstacle.objects.exists()


# ----------------------------------------------------------------------------- briefings


def _brief(user, resolution, unit, **kw):
    args = dict(held_on=D(2020, 10, 1), cadres_expected=20, cadres_present=18, members_expected=100,
                members_present=90)
    args.update(kw)
    return services.record_briefing(user=user, resolution=resolution, unit=unit, **args)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"cadres_present": 21}, "cán bộ dự học không thể lớn hơn"),
        ({"members_present": 101}, "đảng viên dự học không thể lớn hơn"),
        ({"cadres_expected": -1}, "số nguyên không âm"),
        ({"cadres_expected": 0, "cadres_present": 0, "members_expected": 0, "members_present": 0}, "phải học"),
        ({"held_on": TODAY + dt.timedelta(days=1)}, "tương lai"),
    ],
)
def test_briefing_validation_writes_nothing(tree, personas, resolution, kw, message):
    with pytest.raises(services.OversightError, match=message):
        _brief(personas["reporter"], resolution, tree["X1"], **kw)
    assert not Briefing.objects.exists()


def test_briefing_of_a_unit_that_no_longer_existed(tree, personas, resolution):
    old = OrgUnit.objects.create(code="X-OLD-9", name="Xã Cũ", kind="commune", parent=tree["P51"],
                                 valid_to=D(2025, 7, 1))
    with pytest.raises(services.OversightError, match="đã thôi hoạt động"):
        _brief(personas["province_manager"], resolution, old, held_on=D(2025, 8, 1))
    _brief(personas["province_manager"], resolution, old, held_on=D(2021, 3, 1))
    with pytest.raises(PermissionDenied):
        _brief(personas["viewer"], resolution, tree["X2"])


def test_briefing_page_rolls_up_and_shows_units_not_held(tree, personas, resolution, client):
    old = OrgUnit.objects.create(code="X-OLD-9", name="Xã Cũ", kind="commune", parent=tree["P51"],
                                 valid_to=D(2025, 7, 1))
    new = OrgUnit.objects.create(code="X-NEW", name="Xã Mới", kind="commune", parent=tree["P51"],
                                 valid_from=D(2025, 7, 1))
    manager = personas["province_manager"]
    _brief(manager, resolution, tree["P51-UB"], cadres_expected=50, cadres_present=50, members_expected=50,
           members_present=45)
    _brief(personas["reporter"], resolution, tree["X1"], cadres_expected=10, cadres_present=5,
           members_expected=100, members_present=50)
    _brief(manager, resolution, old, cadres_expected=10, cadres_present=10, members_expected=10,
           members_present=10)
    client.force_login(manager)
    page = client.get(reverse("oversight:briefing", args=[resolution.pk]))
    assert page.status_code == 200
    lines = {line.unit.code: line for line in page.context["table"].lines}
    # The province's own line: its body's conference + X1 + the old commune; X2 held none; the
    # new commune did not exist at the start of the term and is not listed; the village is not
    # asked to hold one.
    assert set(lines) == {"P51", "X1", "X2", "X-OLD-9"}
    p51 = lines["P51"].totals
    assert (p51.cadres_present, p51.cadres_expected, p51.members_present, p51.members_expected) == (65, 70, 105, 160)
    assert (p51.units_held, p51.units_expected) == (3, 4)
    assert lines["X2"].totals.held is False
    body = page.content.decode()
    assert "Chưa tổ chức" in body
    assert "92,9%" in body  # 65/70 cadres, a sum, not the average of 100 %, 50 % and 100 %
    assert "UBND tỉnh Quảng Ngãi" in body  # the body that held the province's conference
    assert new.code not in lines
    # The district-level summary on the list page.
    listing = client.get(reverse("oversight:briefings"))
    summary = listing.context["summaries"][0]
    assert (summary.totals.units_held, summary.totals.units_expected) == (3, 4)
    # A commune's user sees only its own line, rolled up within its scope.
    client.force_login(personas["reporter"])
    page = client.get(reverse("oversight:briefing", args=[resolution.pk]))
    assert [line.unit.code for line in page.context["table"].lines] == ["X1"]
    assert page.context["table"].total.cadres_expected == 10


# ----------------------------------------------------------------------------- scope and exports


@pytest.fixture
def everything(tree, personas, inspection, resolution, field):
    rec = _rec(inspection, tree["X1"], personas["province_manager"], TODAY + dt.timedelta(days=5))
    obstacle = _obstacle(tree, personas, field, escalated_to=tree["P51"])
    _brief(personas["reporter"], resolution, tree["X1"])
    return {"inspection": inspection, "rec": rec, "obstacle": obstacle, "resolution": resolution}


@pytest.mark.parametrize("who", ["outsider", "other_province"])
def test_outsiders_get_404(client, personas, everything, who):
    client.force_login(personas[who])
    for url in (
        reverse("oversight:inspection", args=[everything["inspection"].pk]),
        reverse("oversight:obstacle", args=[everything["obstacle"].pk]),
        reverse("oversight:briefing", args=[everything["resolution"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("oversight:inspections", "oversight:obstacles", "oversight:briefings"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Kiểm tra chuyên đề" not in response.content.decode()
        assert "Thiếu vốn đối ứng" not in response.content.decode()


@pytest.mark.parametrize(("who", "sees"), [("reporter", True), ("viewer", True), ("admin", True)])
def test_units_in_scope_see_the_inspection(client, personas, everything, who, sees):
    # X2's viewer sees the inspection because X2 was inspected, though the body is the province's.
    client.force_login(personas[who])
    response = client.get(reverse("oversight:inspection", args=[everything["inspection"].pk]))
    assert (response.status_code == 200) is sees


def test_obstacle_visible_to_the_escalation_level_not_to_a_sibling(client, personas, everything):
    url = reverse("oversight:obstacle", args=[everything["obstacle"].pk])
    client.force_login(personas["approver"])  # at the province: the escalation level
    assert client.get(url).status_code == 200
    client.force_login(personas["reporter2"])  # X2, a sibling commune
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "args", "header", "needle"),
    [
        ("oversight:inspections", False, "Cơ quan tiến hành", "Kiểm tra chuyên đề thực hiện nghị quyết"),
        ("oversight:inspection", "inspection", "Nội dung kiến nghị", "Khắc phục hồ sơ"),
        ("oversight:obstacles", False, "Khó khăn, vướng mắc", "Thiếu vốn đối ứng"),
        ("oversight:briefings", False, "Nghị quyết", "NQ-TEST-01"),
        ("oversight:briefing", "resolution", "Đơn vị", "Xã Ba Tơ"),
    ],
)
def test_excel_exports_open(client, personas, everything, name, args, header, needle):
    client.force_login(personas["province_manager"])
    url = reverse(name, args=[everything[args].pk] if args else [])
    response = client.get(url, {"xuat": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(BytesIO(response.content))
    ws = wb.active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert header in cells
    assert any(needle in c for c in cells)


def test_briefing_export_has_shares_as_numbers(client, personas, everything):
    client.force_login(personas["province_manager"])
    response = client.get(reverse("oversight:briefing", args=[everything["resolution"].pk]), {"xuat": "xlsx"})
    ws = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = {r[0].strip(): r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Xã Ba Tơ"][2:5] == (20, 18, 0.9)
    assert rows["Xã Ba Vì"][1] == "Chưa tổ chức"
    assert rows["Tổng cộng"][2] == 20


def test_assign_through_the_page(tree, personas, field, client):
    obstacle = _obstacle(tree, personas, field, escalated_to=tree["P51"])
    url = reverse("oversight:obstacle", args=[obstacle.pk])
    data = {"action": "assign", "unit": tree["P51-UB"].pk, "resolve_by": (TODAY + dt.timedelta(days=15)).isoformat()}
    client.force_login(personas["reporter"])
    assert "assign-form" not in client.get(url).content.decode()
    assert client.post(url, data).status_code == 403
    client.force_login(personas["province_manager"])
    assert "assign-form" in client.get(url).content.decode()
    bad = client.post(url, {**data, "resolve_by": (TODAY - dt.timedelta(days=1)).isoformat()})
    assert "Hạn giải quyết không thể trước ngày giao" in bad.content.decode()
    assert client.post(url, data).status_code == 302
    obstacle.refresh_from_db()
    assert obstacle.task.lead_unit == tree["P51-UB"]
    assert obstacle.resolve_by == TODAY + dt.timedelta(days=15)
    assert "Đang xử lý" in client.get(url).content.decode()
