"""plans: entering plans, milestones and tasks in the app (pages and services), who may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from nghiquyet.plans import services
from nghiquyet.plans.models import Milestone, Plan, PlanKind, Task

TODAY = timezone.localdate


def day(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


@pytest.fixture
def world(tree, personas):
    from nghiquyet.indicators.models import Indicator
    from nghiquyet.people.models import Person
    from nghiquyet.resolutions.models import Resolution, Target
    from nghiquyet.units.models import OrgUnit

    ind = Indicator.objects.create(code="QL", name="Chỉ số thử", unit_of_measure="%", value_type="number",
                                   space_aggregation="sum", decimals=0)
    res = {}
    targets = {}
    for code, number in (("P51", "01-NQ/TU"), ("P66", "02-NQ/TU")):
        res[code] = Resolution.objects.create(issuer=tree[code], number=number, title=f"Nghị quyết {code}",
                                              term_start=2025, term_end=2030)
        targets[code] = Target.objects.create(resolution=res[code], code="CT1", text=f"Chỉ tiêu {code}",
                                              indicator=ind, kind="level", target_min=50, target_year=2030)
    # An old district that ended on 01/07/2025 with one old commune, and a ward of P51.
    old = OrgUnit.objects.create(code="H1", name="Huyện cũ", kind="district", parent=tree["P51"],
                                 valid_to=dt.date(2025, 7, 1))
    old_body = OrgUnit.objects.create(code="H1-DU", name="Huyện ủy cũ", kind="party_committee", parent=old,
                                      valid_to=dt.date(2025, 7, 1))
    OrgUnit.objects.create(code="XO", name="Xã cũ", kind="commune", parent=old, valid_to=dt.date(2025, 7, 1))
    ward = OrgUnit.objects.create(code="W1", name="Phường Trần Phú", kind="ward", parent=tree["P51"],
                                  official_code="21100")
    leader = Person.objects.create(full_name="Trần Văn Lãnh", unit=tree["P51"])
    far = Person.objects.create(full_name="Y Bih", unit=tree["P66"])
    plan = services.create_plan(user=personas["province_manager"], issuer=tree["P51-UB"],
                                kind=PlanKind.IMPLEMENTATION_PLAN, number="05-KH/UBND", title="Kế hoạch thực hiện",
                                resolution=res["P51"], targets=[targets["P51"]], start_year=2025, end_year=2030)
    return {"tree": tree, "users": personas, "res": res, "targets": targets, "plan": plan, "old_body": old_body,
            "ward": ward, "leader": leader, "far": far}


def _plan_post(w, **over) -> dict:
    data = {"kind": "program", "issuer": w["tree"]["P51-UB"].pk, "number": "07-CTr/UBND",
            "title": "Chương trình giảm nghèo", "issued_on": day(-3).isoformat(), "resolution": w["res"]["P51"].pk,
            "targets": [w["targets"]["P51"].pk], "parent": w["plan"].pk, "start_year": "2025", "end_year": "2030",
            "budget_planned": "185.000", "budget_disbursed": "1.234,5", "summary": "Tóm tắt"}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def _task_post(w, **over) -> dict:
    data = {"ke_hoach": w["plan"].pk, "code": "NV-01", "title": "Rà soát hộ nghèo", "lead_unit": w["tree"]["X1"].pk,
            "support_units": [w["tree"]["X2"].pk], "leader": w["leader"].pk, "assigned_on": day(-1).isoformat(),
            "recurrence": "none", "deadline": day(30).isoformat(), "deliverable": "Báo cáo"}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


# --------------------------------------------------------------------------- plans


def test_manager_creates_and_edits_a_plan(client, world):
    w, u = world, world["users"]
    client.force_login(u["province_manager"])
    assert 'id="new-plan"' in client.get(reverse("plans:plans")).content.decode()
    r = client.get(reverse("plans:plan_create"))
    assert r.status_code == 200
    issuers = {x.code for x in r.context["form"].fields["issuer"].queryset}
    assert {"P51", "P51-UB", "X1", "X2", "W1"} <= issuers and not issuers & {"P66", "X3", "T1", "H1-DU"}
    r = client.post(reverse("plans:plan_create"), _plan_post(w))
    plan = Plan.objects.get(number="07-CTr/UBND")
    assert r.status_code == 302 and r["Location"] == reverse("plans:plan", args=[plan.pk])
    assert (plan.budget_planned, plan.budget_disbursed, plan.parent) == (185000, 1234.5, w["plan"])
    assert list(plan.targets.all()) == [w["targets"]["P51"]]
    assert plan.history.get().history_user == u["province_manager"]
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert 'id="edit-plan"' in page and 'id="assign-task"' in page and 'id="milestone-form"' in page
    r = client.post(reverse("plans:plan_edit", args=[plan.pk]), _plan_post(w, title="Chương trình giảm nghèo bền vững"))
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Chương trình giảm nghèo bền vững"
    h = plan.history.order_by("history_date")
    assert [x.history_type for x in h] == ["+", "~"] and h.last().history_user == u["province_manager"]
    assert h.last().prev_record.title == "Chương trình giảm nghèo"


@pytest.mark.parametrize("who", ["reporter", "viewer", "approver"])
def test_non_managers_get_403_and_no_buttons(client, world, who):
    w = world
    client.force_login(w["users"][who])
    plan = w["plan"]
    assert client.get(reverse("plans:plan_create")).status_code == 403
    assert client.post(reverse("plans:plan_create"), _plan_post(w)).status_code == 403
    assert client.get(reverse("plans:task_create"), {"ke_hoach": plan.pk}).status_code == 403
    if who == "approver":  # sees the province's plan, may not change it
        assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 403
        assert client.post(reverse("plans:milestone_add", args=[plan.pk]), {"title": "x"}).status_code == 403
        page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
        assert 'id="edit-plan"' not in page and 'id="milestone-form"' not in page
    assert 'id="new-plan"' not in client.get(reverse("plans:plans")).content.decode()
    assert 'id="new-task"' not in client.get(reverse("plans:tasks")).content.decode()
    assert Plan.objects.count() == 1 and not Milestone.objects.exists()


def test_other_province_gets_404_and_cannot_pick_p51(client, world):
    w = world
    client.force_login(w["users"]["other_province"])
    plan = w["plan"]
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plans:plan_edit", args=[plan.pk]), _plan_post(w)).status_code == 404
    assert client.get(reverse("plans:task_create"), {"ke_hoach": plan.pk}).status_code == 404
    assert client.post(reverse("plans:milestone_add", args=[plan.pk]), {"title": "x"}).status_code == 404
    # Their own province: the page works, but P51 units, resolutions and plans are not choices.
    r = client.post(reverse("plans:plan_create"), _plan_post(w))
    assert r.status_code == 200 and {"issuer", "resolution", "parent"} <= set(r.context["form"].errors)
    p66 = w["tree"]["P66"]
    r = client.post(reverse("plans:task_create"), _task_post(w, ke_hoach=None, don_vi_giao=p66.pk, leader=None,
                                                              support_units=None))
    assert r.status_code == 200 and "lead_unit" in r.context["form"].errors
    assert "Hãy chọn" in r.content.decode()  # a Vietnamese message
    # The service refuses the same even when called directly.
    with pytest.raises(ValidationError, match="không thuộc Tỉnh Đắk Lắk"):
        services.create_task(user=w["users"]["other_province"], title="x", assigner=p66, lead_unit=w["tree"]["X1"])
    with pytest.raises(PermissionDenied):
        services.update_plan(plan, user=w["users"]["other_province"], **_plan_args(plan))
    assert Plan.objects.count() == 1 and not Task.objects.exists()


def _plan_args(plan) -> dict:
    return {"issuer": plan.issuer, "kind": plan.kind, "title": plan.title, "number": plan.number}


@pytest.mark.parametrize(("over", "message"), [
    ({"title": ""}, "Mục này là bắt buộc"),
    ({"kind": "implementation_plan"}, "Chỉ chương trình và đề án, dự án mới ghi kinh phí"),
    ({"budget_disbursed": "200.000"}, "không được lớn hơn kinh phí kế hoạch"),
    ({"budget_planned": "-5"}, "Không được âm"),
    ({"end_year": "3000"}, "Hãy nhập năm từ 1945 đến 2100"),
    ({"start_year": "2030", "end_year": "2025"}, "Năm kết thúc phải không trước năm bắt đầu"),
    ({"number": "05-KH/UBND"}, "đã có văn bản số 05-KH/UBND"),
    ({"issued_on": "2999-01-01"}, "không được sau hôm nay"),
    ({"resolution": None}, "Hãy chọn nghị quyết trước khi chọn chỉ tiêu"),
    ({"issuer": "OLD"}, "đã kết thúc hoạt động"),
])
def test_plan_validation_writes_nothing(client, world, over, message, settings):
    w = world
    settings.LANGUAGE_CODE = "vi"
    if over.get("issuer") == "OLD":
        over = {"issuer": w["old_body"].pk}
    client.force_login(w["users"]["admin"] if "issuer" in over else w["users"]["province_manager"])
    if "issuer" in over:  # the form lists only existing units; the service is asked directly too
        with pytest.raises(ValidationError, match=message):
            services.create_plan(user=w["users"]["province_manager"], issuer=w["old_body"], kind="program", title="x")
    else:
        r = client.post(reverse("plans:plan_create"), _plan_post(w, **over))
        assert r.status_code == 200 and message in r.content.decode(), r.context["form"].errors
        assert 'id="form-errors"' in r.content.decode()
    assert Plan.objects.count() == 1 and Plan.history.count() == 1


def test_a_plan_cannot_be_its_own_part(world):
    w = world
    child = services.create_plan(user=w["users"]["province_manager"], issuer=w["tree"]["P51-UB"], kind="program",
                                 title="Con", parent=w["plan"])
    with pytest.raises(ValidationError, match="chính nó"):
        services.update_plan(w["plan"], user=w["users"]["province_manager"], parent=child,
                             **_plan_args(w["plan"]))


def test_milestones_add_and_reach(client, world):
    w = world
    plan = w["plan"]
    client.force_login(w["users"]["province_manager"])
    r = client.post(reverse("plans:milestone_add", args=[plan.pk]), {"title": "Sơ kết 2026", "due_on": day(10).isoformat()})
    assert r.status_code == 302
    m = Milestone.objects.get(plan=plan)
    r = client.post(reverse("plans:milestone_done", args=[plan.pk, m.pk]), {"done_on": day(1).isoformat()}, follow=True)
    assert "không được sau hôm nay" in r.content.decode()
    client.post(reverse("plans:milestone_done", args=[plan.pk, m.pk]), {"done_on": day(-1).isoformat()})
    m.refresh_from_db()
    assert m.done_on == day(-1)
    assert [h.history_user for h in m.history.order_by("history_date")] == [w["users"]["province_manager"]] * 2
    r = client.get(reverse("plans:plan", args=[plan.pk]))
    assert "Sơ kết 2026" in r.content.decode() and "Hoàn thành đúng hạn" in r.content.decode()
    with pytest.raises(ValidationError, match="đã đạt"):
        services.complete_milestone(m, user=w["users"]["province_manager"], on=TODAY())
    r = client.post(reverse("plans:milestone_add", args=[plan.pk]), {"title": ""}, follow=True)
    assert "Mục này là bắt buộc" in r.content.decode() and Milestone.objects.count() == 1


# --------------------------------------------------------------------------- tasks


def test_assign_a_task_from_the_plan(client, world):
    w, u = world, world["users"]
    client.force_login(u["province_manager"])
    r = client.get(reverse("plans:task_create"), {"ke_hoach": w["plan"].pk})
    assert r.status_code == 200
    leads = {x.code for x in r.context["form"].fields["lead_unit"].queryset}
    # Units of P51 that exist today; not villages (a province does not assign to a thôn), not P66.
    assert leads == {"P51", "X1", "X2", "P51-UB", "W1"}
    r = client.post(reverse("plans:task_create"), _task_post(w))
    task = Task.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("plans:task", args=[task.pk])
    assert (task.plan, task.assigner, task.lead_unit, task.leader, task.deadline, task.created_by) == (
        w["plan"], w["tree"]["P51-UB"], w["tree"]["X1"], w["leader"], day(30), u["province_manager"])
    assert list(task.support_units.all()) == [w["tree"]["X2"]]
    assert task.history.get().history_user == u["province_manager"]
    # From the task list: step one, then the assigning unit's form.
    r = client.get(reverse("plans:task_create"))
    assert r.status_code == 200 and "Nhiệm vụ ngoài kế hoạch" in r.content.decode()
    r = client.get(reverse("plans:task_create"), {"don_vi_giao": w["tree"]["P51"].pk})
    assert r.status_code == 200 and 'name="don_vi_giao"' in r.content.decode()
    # A commune-level assigner may give tasks to its villages.
    form = client.get(reverse("plans:task_create"), {"don_vi_giao": w["tree"]["X1"].pk}).context["form"]
    assert {x.code for x in form.fields["lead_unit"].queryset} == {"X1", "T1"}
    assert "bulk" not in form.fields  # no communes below a commune


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"title": ""}, "title", "Mục này là bắt buộc"),
    ({"lead_unit": None}, "lead_unit", "Hãy chọn đơn vị chủ trì"),
    ({"deadline": day(-5).isoformat()}, None, "không được trước ngày giao"),
    ({"due_day": "5"}, "due_day", "Chỉ nhiệm vụ định kỳ"),
    ({"leader": "FAR"}, "leader", "Hãy chọn"),
    ({"recurrence": "monthly", "due_day": "40"}, "due_day", "Hãy nhập ngày từ 1 đến 31"),
])
def test_task_validation_writes_nothing(client, world, over, field, message):
    w = world
    if over.get("leader") == "FAR":
        over = {"leader": w["far"].pk}
    client.force_login(w["users"]["province_manager"])
    r = client.post(reverse("plans:task_create"), _task_post(w, **over))
    assert r.status_code == 200
    form = r.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert message in r.content.decode()
    assert not Task.objects.exists() and not Task.history.exists()


def test_no_new_task_from_an_ended_unit(client, world):
    w = world
    old_plan = services.save_plan(user=None, check=False, issuer=w["old_body"], kind="implementation_plan",
                                  title="Kế hoạch huyện cũ")
    client.force_login(w["users"]["province_manager"])
    page = client.get(reverse("plans:plan", args=[old_plan.pk])).content.decode()
    assert 'id="edit-plan"' in page and 'id="assign-task"' not in page and 'id="issuer-ended"' in page
    r = client.post(reverse("plans:task_create"), _task_post(w, ke_hoach=old_plan.pk))
    assert r.status_code == 200 and 'id="ended"' in r.content.decode() and not Task.objects.exists()
    with pytest.raises(ValidationError, match="đã kết thúc hoạt động"):
        services.create_task(user=w["users"]["province_manager"], title="x", plan=old_plan, lead_unit=w["tree"]["X1"])


def test_bulk_assignment_one_task_per_commune(client, world):
    w = world
    client.force_login(w["users"]["province_manager"])
    form = client.get(reverse("plans:task_create"), {"ke_hoach": w["plan"].pk}).context["form"]
    assert [x.code for x in form.fields["bulk_under"].queryset] == ["P51"]
    r = client.post(reverse("plans:task_create"), _task_post(
        w, lead_unit=None, bulk="on", bulk_under=w["tree"]["P51"].pk, code="NV-05", support_units=None))
    assert r.status_code == 302
    tasks = Task.objects.order_by("code")
    # X1, X2 and the ward; not the old commune (ended), not P66's commune, not the village.
    assert [(t.code, t.lead_unit.code) for t in tasks] == [("NV-05-21100", "W1"), ("NV-05-21484", "X1"),
                                                          ("NV-05-21529", "X2")]
    assert {t.title for t in tasks} == {"Rà soát hộ nghèo"} and {t.plan_id for t in tasks} == {w["plan"].pk}
    assert all(t.history.get().history_user == w["users"]["province_manager"] for t in tasks)
    # All or nothing: a code too long for one commune writes no task at all.
    r = client.post(reverse("plans:task_create"), _task_post(
        w, lead_unit=None, bulk="on", bulk_under=w["tree"]["P51"].pk, code="X" * 25))
    assert r.status_code == 200 and "quá dài" in r.content.decode() and Task.objects.count() == 3
    # No unit chosen: a Vietnamese message.
    r = client.post(reverse("plans:task_create"), _task_post(w, lead_unit=None, bulk="on"))
    assert "Hãy chọn đơn vị có các xã, phường cần giao" in r.content.decode() and Task.objects.count() == 3


def test_edit_task_and_the_deadline_rule(client, world):
    w, u = world, world["users"]
    task = services.create_task(user=u["province_manager"], title="Lập báo cáo", plan=w["plan"],
                                lead_unit=w["tree"]["X1"], assigned_on=day(-10), deadline=day(5))
    url = reverse("plans:task_edit", args=[task.pk])
    client.force_login(u["province_manager"])
    assert 'id="edit-task"' in client.get(reverse("plans:task", args=[task.pk])).content.decode()
    post = {"title": "Lập báo cáo quý", "code": "BC", "lead_unit": w["tree"]["X2"].pk, "assigned_on": day(-10).isoformat(),
            "recurrence": "none", "deadline": day(8).isoformat(), "leader": w["leader"].pk}
    assert client.post(url, post).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.lead_unit.code, task.deadline, task.leader) == ("Lập báo cáo quý", "X2", day(8), w["leader"])
    # Once something is reported, the deadline moves only through an extension.
    services.add_update(task, u["reporter2"], "Đang thu thập số liệu", 20)
    r = client.get(url)
    assert 'id="locked"' in r.content.decode() and r.context["form"].fields["deadline"].disabled
    r = client.post(url, {**post, "deadline": day(40).isoformat(), "title": "Lập báo cáo năm"})
    task.refresh_from_db()
    assert r.status_code == 302 and task.deadline == day(8) and task.title == "Lập báo cáo năm"  # field ignored
    with pytest.raises(ValidationError, match="qua đề nghị gia hạn"):
        services.update_task(task, user=u["province_manager"], title=task.title, lead_unit=task.lead_unit,
                             assigned_on=task.assigned_on, deadline=day(40))
    task.refresh_from_db()
    assert task.deadline == day(8)
    users = [h.history_user for h in task.history.order_by("history_date")]
    assert users[0] == u["province_manager"] and users[-1] == u["province_manager"]
    # The lead unit (reporter) and a viewer of the assigning level may not edit; outsiders get 404.
    for who, code in (("reporter2", 403), ("approver", 403), ("other_province", 404), ("outsider", 404)):
        client.force_login(u[who])
        assert client.get(url).status_code == code
        assert client.post(url, post).status_code == code
    client.force_login(u["reporter2"])
    assert 'id="edit-task"' not in client.get(reverse("plans:task", args=[task.pk])).content.decode()


def test_delete_a_task_entered_by_mistake(client, world):
    w, u = world, world["users"]
    task = services.create_task(user=u["province_manager"], title="Nhập nhầm", plan=w["plan"], lead_unit=w["tree"]["X1"])
    kept = services.create_task(user=u["province_manager"], title="Đã báo cáo", plan=w["plan"], lead_unit=w["tree"]["X1"])
    services.add_update(kept, u["reporter"], "Đã làm", 10)
    client.force_login(u["reporter"])
    assert client.post(reverse("plans:task_delete", args=[task.pk])).status_code == 403
    client.force_login(u["province_manager"])
    assert client.post(reverse("plans:task_delete", args=[task.pk])).status_code == 302
    assert not Task.objects.filter(pk=task.pk).exists()
    gone = Task.history.filter(id=task.pk, history_type="-").get()
    assert gone.history_user == u["province_manager"] and gone.title == "Nhập nhầm"
    r = client.post(reverse("plans:task_delete", args=[kept.pk]), follow=True)
    assert "không xóa được" in r.content.decode() and Task.objects.filter(pk=kept.pk).exists()


# --------------------------------------------------------------------------- in Chromium


def _login(page, live_server, user) -> None:
    from django.conf import settings
    from django.test import Client

    c = Client()
    c.force_login(user)
    cookie = c.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_create_a_plan_and_assign_tasks_in_chromium(page, live_server, artifacts_dir, world):
    w = world
    _login(page, live_server, w["users"]["province_manager"])
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server.url + reverse("plans:plans"))
    page.click("#new-plan")
    page.select_option("#id_kind", "implementation_plan")
    assert not page.locator("#budget-fields").is_visible()  # budget only for programs and projects
    page.select_option("#id_kind", "program")
    assert page.locator("#budget-fields").is_visible()
    page.fill("input[data-filter-for=id_issuer]", "ubnd tinh")  # accents ignored
    visible = page.locator("#id_issuer option:not([hidden])").all_inner_texts()
    assert any("UBND tỉnh Quảng Ngãi" in t for t in visible) and not any("Xã Ba Vì" in t for t in visible)
    page.select_option("#id_issuer", str(w["tree"]["P51-UB"].pk))
    page.fill("#id_number", "09-CTr/UBND")
    page.fill("#id_title", "Chương trình phát triển du lịch cộng đồng")
    page.fill("#id_issued_on", day(-2).isoformat())
    assert not page.locator(".target-group").first.is_visible()
    page.select_option("#id_resolution", str(w["res"]["P51"].pk))
    page.check(f"input[name=targets][value='{w['targets']['P51'].pk}']")
    page.fill("#id_start_year", "2026")
    page.fill("#id_end_year", "2030")
    page.fill("#id_budget_planned", "12.500")
    page.fill("#id_budget_disbursed", "2.500,5")
    page.screenshot(path=str(artifacts_dir / "plans-manage-plan-form.png"), full_page=True)
    page.click("#plan-form button[type=submit]")
    page.wait_for_url("**/ke-hoach/*/")
    assert "Chương trình phát triển du lịch cộng đồng" in page.locator("h1").inner_text()
    assert "12.500" in page.locator("#budget").inner_text()
    plan = Plan.objects.get(number="09-CTr/UBND")
    assert float(plan.budget_disbursed) == 2500.5 and plan.targets.count() == 1

    page.fill("#milestone-form input[name=title]", "Hoàn thành khảo sát điểm du lịch")
    page.fill("#milestone-form input[name=due_on]", day(20).isoformat())
    page.click("#milestone-form button")
    page.wait_for_selector("#milestones tbody tr")
    page.click("#milestones tbody tr button")
    page.wait_for_selector("#milestones tbody tr .task-done-on-time")

    page.click("#assign-task")
    page.wait_for_selector("#task-form")
    page.click("#task-form button[type=submit]")  # empty: errors, nothing written
    assert page.locator("#form-errors").is_visible() and not Task.objects.exists()
    page.screenshot(path=str(artifacts_dir / "plans-manage-task-errors.png"), full_page=True)
    page.fill("#id_code", "DL-01")
    page.fill("#id_title", "Xây dựng mô hình homestay tại thôn")
    page.fill("input[data-filter-for=id_lead_unit]", "ba to")
    page.select_option("#id_lead_unit", str(w["tree"]["X1"].pk))
    page.select_option("#id_leader", str(w["leader"].pk))
    assert not page.locator("#due-day-row").is_visible()
    page.select_option("#id_recurrence", "quarterly")
    assert page.locator("#due-day-row").is_visible()
    page.select_option("#id_recurrence", "none")
    page.fill("#id_deadline", day(60).isoformat())
    page.screenshot(path=str(artifacts_dir / "plans-manage-task-form.png"), full_page=True)
    page.click("#task-form button[type=submit]")
    page.wait_for_url("**/nhiem-vu/*/")
    task = Task.objects.get(code="DL-01")
    assert task.lead_unit == w["tree"]["X1"] and task.plan == plan and task.deadline == day(60)
    page.screenshot(path=str(artifacts_dir / "plans-manage-task.png"), full_page=True)

    # "Giao cho tất cả các xã": the lead unit field gives way to the unit whose communes get it.
    page.goto(live_server.url + reverse("plans:task_create") + f"?ke_hoach={plan.pk}")
    page.fill("#id_title", "Tuyên truyền quảng bá du lịch")
    page.fill("#id_code", "DL-02")
    page.check("#id_bulk")
    assert not page.locator("#id_lead_unit").is_visible() and page.locator("#id_bulk_under").is_visible()
    page.select_option("#id_bulk_under", str(w["tree"]["P51"].pk))
    page.click("#task-form button[type=submit]")
    page.wait_for_selector("#tasks-table")
    assert Task.objects.filter(code__startswith="DL-02-").count() == 3
    assert page.locator("#tasks-table tbody tr").count() == 3
    page.screenshot(path=str(artifacts_dir / "plans-manage-bulk.png"), full_page=True)

    page.goto(live_server.url + reverse("plans:plan", args=[plan.pk]))
    page.screenshot(path=str(artifacts_dir / "plans-manage-plan.png"), full_page=True)
    assert errors == []
