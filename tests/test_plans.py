"""plans: services and permissions, statuses through the ORM, pages, Excel, reminders, demo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nghiquyet.plans import queries, reminders, services, status
from nghiquyet.plans.models import Extension, Plan, PlanKind, Task, TaskOccurrence, TaskUpdate

D = dt.date
TODAY = timezone.localdate


def day(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


@pytest.fixture
def plan(tree):
    return services.save_plan(
        user=None, check=False, issuer=tree["P51-UB"], kind=PlanKind.PROGRAM, number="01-CTr",
        title="Chương trình thử", start_year=2024, end_year=2030, budget_planned=1000, budget_disbursed=250,
    )


@pytest.fixture
def person(tree):
    from nghiquyet.people.models import Person

    return Person.objects.create(full_name="Nguyễn Văn Thử", unit=tree["P51"], email="thu@example.vn")


def make(tree, plan=None, lead="X1", **kw) -> Task:
    kw.setdefault("title", "Nhiệm vụ thử")
    kw.setdefault("assigned_on", day(-60))
    return services.create_task(user=None, check=False, lead_unit=tree[lead], plan=plan,
                                assigner=None if plan else tree["P51"], **kw)


def state(task: Task, today: dt.date | None = None) -> queries.TaskState:
    task = queries.with_related(Task.objects.filter(pk=task.pk)).get()
    return queries.state_of(task, today or TODAY())


# --------------------------------------------------------------------------- services & permissions


def test_create_task_needs_a_manager_of_the_assigning_unit(tree, personas, plan):
    t = services.create_task(user=personas["province_manager"], title="Báo cáo", lead_unit=tree["X1"], plan=plan,
                             deadline=day(10))
    assert t.assigner == tree["P51-UB"] and t.source == "plan" and t.created_by == personas["province_manager"]
    assert t.history.count() == 1 and t.history.first().history_user == personas["province_manager"]
    for who in ("reporter", "viewer", "other_province", "outsider", "approver"):
        with pytest.raises(PermissionDenied):
            services.create_task(user=personas[who], title="x", lead_unit=tree["X1"], plan=plan)
    with pytest.raises(ValidationError, match="không được trước ngày giao"):
        services.create_task(user=personas["admin"], title="x", lead_unit=tree["X1"], plan=plan,
                             assigned_on=D(2026, 5, 1), deadline=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="nội dung"):
        services.create_task(user=personas["admin"], title="  ", lead_unit=tree["X1"], plan=plan)
    with pytest.raises(ValidationError, match="định kỳ"):
        services.create_task(user=personas["admin"], title="x", lead_unit=tree["X1"], plan=plan, due_day=5)
    assert Task.objects.count() == 1


def test_who_may_update(tree, personas, plan):
    t = make(tree, plan, deadline=day(10))
    services.add_update(t, personas["reporter"], "Đã triển khai", 40)  # reporter of the lead unit
    services.add_update(t, personas["province_manager"], "Đôn đốc", None)  # manager above
    t.refresh_from_db()
    assert t.percent_done == 40 and TaskUpdate.objects.filter(task=t).count() == 2
    for who in ("viewer", "reporter2", "approver", "other_province", "outsider"):
        with pytest.raises(PermissionDenied):
            services.add_update(t, personas[who], "x", 10)
    with pytest.raises(ValidationError, match="0 đến 100"):
        services.add_update(t, personas["reporter"], "x", 101)
    with pytest.raises(ValidationError, match="Tệp đính kèm"):
        services.add_update(t, personas["reporter"], "x", 10, SimpleUploadedFile("a.exe", b"MZ"))


def test_reporter_of_a_commune_updates_the_tasks_of_its_bodies(tree, personas):
    from nghiquyet.units.models import OrgUnit

    body = OrgUnit.objects.create(code="X1-UB", name="UBND xã Ba Tơ", kind="peoples_committee", parent=tree["X1"])
    t = services.create_task(user=None, check=False, title="x", lead_unit=body, assigner=tree["P51"])
    services.add_update(t, personas["reporter"], "ok", 5)
    with pytest.raises(PermissionDenied):
        services.add_update(t, personas["reporter2"], "no", 5)


@pytest.mark.parametrize(
    ("deadline", "done", "expected"),
    [(-1, -1, status.DONE_ON_TIME), (-3, -1, status.DONE_LATE), (-1, -5, status.DONE_ON_TIME),
     (0, None, status.IN_PROGRESS), (-1, None, status.OVERDUE), (1, None, status.IN_PROGRESS)],
)
def test_status_through_the_orm(tree, plan, deadline, done, expected):
    t = make(tree, plan, deadline=day(deadline))
    if done is not None:
        services.complete_task(t, None, day(done), check=False)
    assert state(t).status == expected


def test_completion_rules(tree, personas, plan):
    t = make(tree, plan, deadline=day(5))
    with pytest.raises(ValidationError, match="sau hôm nay"):
        services.complete_task(t, personas["reporter"], day(1))
    with pytest.raises(ValidationError, match="trước ngày giao"):
        services.complete_task(t, personas["reporter"], day(-61))
    services.add_update(t, personas["reporter"], "Xong", completed_on=TODAY())
    t.refresh_from_db()
    assert t.completed_on == TODAY() and t.percent_done == 100
    with pytest.raises(ValidationError, match="đã hoàn thành"):
        services.complete_task(t, personas["reporter"], TODAY())
    with pytest.raises(PermissionDenied):
        services.reopen_task(t, personas["reporter"], "chưa đạt")  # only the assigning level
    services.reopen_task(t, personas["province_manager"], "Chưa đạt yêu cầu")
    t.refresh_from_db()
    assert t.completed_on is None
    # Audit: every change is a history row with its user.
    users = [h.history_user for h in t.history.order_by("history_date")]
    assert users[-2:] == [personas["reporter"], personas["province_manager"]]


def test_extensions(tree, personas, plan):
    t = make(tree, plan, deadline=day(-2))
    assert state(t).status == status.OVERDUE
    ext = services.request_extension(t, personas["reporter"], day(10), "Chờ vốn")
    with pytest.raises(ValidationError, match="chờ quyết định"):
        services.request_extension(t, personas["reporter"], day(20), "Lần nữa")
    assert state(t).status == status.OVERDUE and state(t).pending_extension  # pending: nothing moves
    with pytest.raises(PermissionDenied):
        services.decide_extension(ext, personas["reporter"], True)  # a lead unit cannot extend itself
    with pytest.raises(ValidationError, match="lý do"):
        services.decide_extension(ext, personas["province_manager"], False, "")
    services.decide_extension(ext, personas["province_manager"], True)
    st = state(t)
    assert (st.status, st.deadline, st.extended) == (status.IN_PROGRESS, day(10), True)
    with pytest.raises(ValidationError, match="đã được quyết định"):
        services.decide_extension(ext, personas["province_manager"], False, "x")
    with pytest.raises(ValidationError, match="Hạn mới phải sau"):
        services.request_extension(t, personas["reporter"], day(5), "ngắn hơn")
    ext2 = services.request_extension(t, personas["reporter"], day(30), "Thêm nữa")
    services.decide_extension(ext2, personas["province_manager"], False, "Không đồng ý")
    assert state(t).deadline == day(10)  # refused: the approved one stands
    assert Extension.history.filter(id=ext.pk).count() == 2


def test_recurring_task_occurrences(tree, personas, plan):
    start = TODAY().replace(day=1) - dt.timedelta(days=80)  # ~3 months back, 1st of a month
    start = start.replace(day=1)
    t = make(tree, plan, recurrence="monthly", due_day=31, assigned_on=start)
    occs = services.task_occurrences(t, TODAY())
    assert len(occs) >= 3 and occs[-1].start <= TODAY() <= occs[-1].end
    first = occs[0]
    services.complete_occurrence(t, first.period, first.deadline, personas["reporter"])  # on the day
    services.complete_occurrence(t, occs[1].period.lower(), min(TODAY(), occs[1].deadline + dt.timedelta(days=1)), personas["reporter"])
    st = state(t)
    by_period = {i.period: i.status for i in st.items}
    assert by_period[first.period] == status.DONE_ON_TIME
    assert by_period[occs[1].period] == status.DONE_LATE
    assert by_period[occs[-1].period] == status.IN_PROGRESS
    assert st.status == (status.OVERDUE if len(occs) > 3 else status.IN_PROGRESS) or st.status == status.OVERDUE
    with pytest.raises(ValidationError, match="đã hoàn thành"):
        services.complete_occurrence(t, first.period, first.deadline, personas["reporter"])
    with pytest.raises(ValidationError, match="không phải một kỳ"):
        services.complete_occurrence(t, "2001M01", TODAY(), personas["reporter"])
    with pytest.raises(ValidationError, match="Mã kỳ"):
        services.complete_occurrence(t, "bogus", TODAY(), personas["reporter"])
    with pytest.raises(ValidationError, match="từng kỳ"):
        services.complete_task(t, personas["reporter"], TODAY())
    with pytest.raises(PermissionDenied):
        services.complete_occurrence(t, occs[-1].period, TODAY(), personas["viewer"])
    assert TaskOccurrence.objects.filter(task=t).count() == 2


def test_counts_per_unit(tree, plan):
    make(tree, plan, "X1", deadline=day(-10))  # overdue
    services.complete_task(make(tree, plan, "X1", deadline=day(-10)), None, day(-10), check=False)  # on time
    services.complete_task(make(tree, plan, "X1", deadline=day(-10)), None, day(-9), check=False)  # late
    make(tree, plan, "X2", deadline=day(3))  # in progress
    make(tree, plan, "X2", recurrence="ongoing")  # counted as in progress
    services.complete_task(make(tree, plan, "X2", deadline=day(5)), None, day(-1), check=False)  # done early
    rows = {r.unit.code: r.counts for r in queries.counts_by_unit(queries.states(queries.with_related(Task.objects.all())))}
    x1, x2 = rows["X1"], rows["X2"]
    assert (x1.total, x1.done_on_time, x1.done_late, x1.in_progress, x1.overdue) == (3, 1, 1, 0, 1)
    assert (x2.total, x2.done_on_time, x2.done_late, x2.in_progress, x2.overdue) == (3, 1, 0, 2, 0)
    assert x1.done_rate == 2 / 3 and x1.on_time_rate == 1 / 3 and x2.done_rate == 1.0


# --------------------------------------------------------------------------- pages


def _tasks(tree, plan, n: int) -> None:
    for i in range(n):
        make(tree, plan, "X1" if i % 2 else "X2", code=f"T{i:02d}", deadline=day(i - n // 2))


def test_task_list_scope_order_and_bounded_queries(client, tree, personas, plan):
    _tasks(tree, plan, 4)
    client.force_login(personas["province_manager"])
    url = reverse("plans:tasks")
    with CaptureQueriesContext(connection) as small:
        r = client.get(url)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Quá hạn" in html and "Đang thực hiện trong hạn" in html
    rows = [s for s in r.context["rows"]]
    assert rows[0].status == status.OVERDUE and rows[-1].status == status.IN_PROGRESS
    _tasks(tree, plan, 20)
    with CaptureQueriesContext(connection) as big:
        r = client.get(url)
    assert len(r.context["rows"]) == 24
    assert len(big) == len(small)  # no query per row

    # Filters.
    r = client.get(url, {"trang_thai": "overdue", "don_vi": tree["X1"].pk})
    assert r.context["rows"] and all(s.status == "overdue" and s.task.lead_unit == tree["X1"] for s in r.context["rows"])
    # Scope: reporter2/viewer of X2 see only X2's tasks; others see nothing.
    client.force_login(personas["viewer"])
    assert {s.task.lead_unit.code for s in client.get(url).context["rows"]} == {"X2"}
    for who in ("other_province", "outsider"):
        client.force_login(personas[who])
        assert list(client.get(url).context["rows"]) == []


def test_task_detail_scope_and_forms(client, tree, personas, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    t = make(tree, plan, "X1", deadline=day(-1))
    url = reverse("plans:task", args=[t.pk])
    for who in ("other_province", "outsider", "reporter2", "viewer"):
        client.force_login(personas[who])
        assert client.get(url).status_code == 404
    client.force_login(personas["reporter"])
    r = client.get(url)
    assert r.status_code == 200 and "Báo cáo tiến độ" in r.content.decode()
    r = client.post(reverse("plans:task_update", args=[t.pk]), {
        "text": "Đã xong 50%", "percent": "50", "attachment": SimpleUploadedFile("bc.pdf", b"%PDF-1.4 test"),
    })
    assert r.status_code == 302
    upd = TaskUpdate.objects.get(task=t)
    assert upd.percent == 50 and upd.attachment.name.endswith(".pdf")
    # The attachment is served only to users who can see the task.
    r = client.get(reverse("plans:attachment", args=[upd.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"
    client.force_login(personas["outsider"])
    assert client.get(reverse("plans:attachment", args=[upd.pk])).status_code == 404
    # Extension: requested by the reporter, refused to decide by them, approved by the manager.
    client.force_login(personas["reporter"])
    client.post(reverse("plans:task_extension", args=[t.pk]), {"new_deadline": day(9).isoformat(), "reason": "Mưa lũ"})
    ext = Extension.objects.get(task=t)
    assert client.post(reverse("plans:extension_decide", args=[t.pk, ext.pk]), {"decision": "approve"}).status_code == 403
    client.force_login(personas["province_manager"])
    r = client.post(reverse("plans:extension_decide", args=[t.pk, ext.pk]), {"decision": "approve"}, follow=True)
    assert "Đang thực hiện trong hạn" in r.content.decode()
    # Bad input: a Vietnamese message, nothing written.
    client.force_login(personas["reporter"])
    r = client.post(reverse("plans:task_update", args=[t.pk]), {"text": "x", "completed_on": day(3).isoformat()}, follow=True)
    assert "không được sau hôm nay" in r.content.decode()
    t.refresh_from_db()
    assert t.completed_on is None
    # A viewer in scope (of the assigning level) may look but not change.
    client.force_login(personas["approver"])
    assert client.get(url).status_code == 200
    assert client.post(reverse("plans:task_update", args=[t.pk]), {"text": "x"}).status_code == 403


def test_unit_counts_page_and_excel(client, tree, personas, plan):
    make(tree, plan, "X1", deadline=day(-3))
    services.complete_task(make(tree, plan, "X1", deadline=day(-3)), None, day(-3), check=False)
    make(tree, plan, "X2", deadline=day(3))
    client.force_login(personas["province_manager"])
    r = client.get(reverse("plans:unit_counts"))
    assert r.status_code == 200
    rows = {row.unit.code: row.counts for row in r.context["rows"]}
    assert (rows["X1"].total, rows["X1"].done_on_time, rows["X1"].overdue) == (2, 1, 1)
    r = client.get(reverse("plans:unit_counts"), {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["B4"].value == "Đơn vị chủ trì" and ws["C4"].value == "Tổng số nhiệm vụ"
    body = {ws.cell(row, 2).value: [ws.cell(row, c).value for c in range(3, 10)] for row in range(5, ws.max_row + 1)}
    assert body["Xã Ba Tơ"] == [2, 1, 0, 0, 1, 0.5, 0.5]
    assert body["Tổng cộng"][:5] == [3, 1, 0, 1, 1]
    client.force_login(personas["outsider"])
    assert client.get(reverse("plans:unit_counts")).context["rows"] == []


def test_task_list_excel(client, tree, personas, plan):
    make(tree, plan, "X1", code="A1", title="Nhiệm vụ quá hạn", deadline=day(-3))
    make(tree, plan, "X2", code="A2", title="Nhiệm vụ trong hạn", deadline=day(3))
    client.force_login(personas["province_manager"])
    r = client.get(reverse("plans:tasks"), {"format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [ws.cell(4, c).value for c in (2, 3, 12)] == ["Mã", "Nhiệm vụ", "Trạng thái"]
    assert [(ws.cell(r_, 2).value, ws.cell(r_, 12).value) for r_ in (5, 6)] == [
        ("A1", "Quá hạn"), ("A2", "Đang thực hiện trong hạn")]
    assert ws.cell(5, 8).value.date() == day(-3)


def test_leader_plan_and_my_pages(client, tree, personas, plan, person):
    from nghiquyet.people.models import Person

    person.user = personas["reporter2"]
    person.save()
    make(tree, plan, "X1", code="L1", leader=person, deadline=day(2))
    make(tree, plan, "X1", code="L2", deadline=day(-4))
    make(tree, plan, "X1", code="L3", deadline=day(30))
    services.save_milestone(user=None, check=False, plan=plan, title="Mốc 1", due_on=day(-5), done_on=day(-6))
    client.force_login(personas["province_manager"])
    r = client.get(reverse("plans:leader", args=[person.pk]))
    assert [s.task.code for s in r.context["rows"]] == ["L1"]
    r = client.get(reverse("plans:plan", args=[plan.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and "25,0%" in html and "Mốc 1" in html and "Hoàn thành đúng hạn" in html
    r = client.get(reverse("plans:plans"))
    assert r.context["rows"][0]["counts"].total == 3
    # My tasks: the reporter of X1 gets the due-soon and overdue ones of X1, not L3.
    client.force_login(personas["reporter"])
    r = client.get(reverse("plans:mine"))
    assert [s.task.code for s in r.context["overdue"]] == ["L2"] and [s.task.code for s in r.context["soon"]] == ["L1"]
    # reporter2 leads L1 as a Person but cannot see X1's tasks: scope wins.
    assert queries.reminders_for_user(personas["reporter2"]) == []
    # Plan pages are 404 outside scope.
    for who in ("other_province", "outsider"):
        client.force_login(personas[who])
        assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404
        assert client.get(reverse("plans:leader", args=[person.pk])).status_code == 404
    assert Person.objects.count() == 1


# --------------------------------------------------------------------------- reminders


FIXED = D(2026, 3, 10)


def test_reminders_with_a_fixed_date(tree, personas, plan, person, django_user_model):
    from nghiquyet.accounts.models import Membership
    from nghiquyet.units.models import OrgUnit

    personas["reporter"].email = "xa1@example.vn"
    personas["reporter"].save()
    personas["reporter2"].email = "xa2@example.vn"
    personas["reporter2"].save()
    personas["viewer"].email = "viewer@example.vn"  # a viewer is not reminded
    personas["viewer"].save()
    tree["X2-UB"] = OrgUnit.objects.create(code="X2-UB", name="UBND xã Ba Vì", kind="peoples_committee", parent=tree["X2"])
    boss = django_user_model.objects.create(username="chu-tich", email="ct@example.vn")
    Membership.objects.create(user=boss, unit=tree["X2-UB"], role="manager")

    def task(code, lead, deadline, **kw):
        return make(tree, plan, lead, code=code, title=f"Việc {code}", assigned_on=D(2026, 1, 2), deadline=deadline, **kw)

    task("A", "X1", D(2026, 3, 17))  # due in 7 days → reminded
    task("B", "X1", D(2026, 3, 18))  # 8 days → not yet
    task("C", "X1", D(2026, 3, 9), leader=person)  # overdue by 1 day → X1 and the leader
    services.complete_task(task("D", "X1", D(2026, 3, 5)), None, D(2026, 3, 1), check=False)  # done
    task("E", "X1", D(2026, 3, 10))  # due today → reminded
    e2 = task("F", "X2", D(2026, 3, 1))  # overdue but extended to 20/03 → not reminded
    ext = services.request_extension(e2, None, D(2026, 3, 20), "lý do", check=False)
    services.decide_extension(ext, None, True, check=False)
    task("G", "X2-UB", D(2026, 3, 12), leader=person)  # body of X2: X2's reporter and the body's manager
    task("H", "X2", None, recurrence="ongoing")  # thường xuyên: never reminded
    monthly = task("M", "X1", None, recurrence="monthly", due_day=5)  # Jan, Feb overdue (Feb done), Mar 5 overdue
    services.complete_occurrence(monthly, "2026M02", D(2026, 2, 5), None, check=False)

    sent = reminders.send(FIXED)
    got = {r.email: (s, b) for r, s, b in sent}
    assert set(got) == {"xa1@example.vn", "xa2@example.vn", "ct@example.vn", "thu@example.vn"}

    def codes(email):
        msg = reminders.build(*reminders.gather(FIXED), FIXED)[email]
        return ([(x.title, x.period) for x in msg.overdue], [x.title for x in msg.due_soon])

    assert codes("xa1@example.vn") == (
        [("Việc M", "2026M01"), ("Việc M", "2026M03"), ("Việc C", None)], ["Việc E", "Việc A"])
    assert codes("xa2@example.vn") == ([], ["Việc G"])
    assert codes("ct@example.vn") == ([], ["Việc G"])
    assert codes("thu@example.vn") == ([("Việc C", None)], ["Việc G"])
    assert len(mail.outbox) == 4
    m = next(m for m in mail.outbox if m.to == ["thu@example.vn"])
    assert "quá hạn 1 ngày" in m.body and "còn 2 ngày" in m.body and "10/03/2026" in m.subject
    assert reverse("plans:task", args=[Task.objects.get(code="C").pk]) in m.body
    # --dry-run sends nothing.
    mail.outbox.clear()
    assert len(reminders.send(FIXED, dry_run=True)) == 4 and mail.outbox == []


def test_reminder_command(tree, plan, personas, capsys):
    from django.core.management import call_command

    personas["reporter"].email = "xa1@example.vn"
    personas["reporter"].save()
    make(tree, plan, "X1", code="Z", title="Việc Z", assigned_on=D(2026, 1, 2), deadline=D(2026, 3, 12))
    call_command("send_reminders", "--date", "2026-03-10")
    assert len(mail.outbox) == 1 and "Việc Z" in mail.outbox[0].body
    with pytest.raises(Exception, match="Ngày không hợp lệ"):
        call_command("send_reminders", "--date", "10/03/2026")


def test_build_is_pure_and_deduplicates():
    r = reminders.Recipient("A@x.vn", "A")
    t = reminders.TaskInfo(1, "Việc", 7, "Xã", 3, [(None, D(2026, 3, 12), None)])
    out = reminders.build([t], {7: [r, reminders.Recipient("a@x.vn")]}, {3: reminders.Recipient("a@X.vn")}, FIXED)
    assert list(out) == ["a@x.vn"] and len(out["a@x.vn"].due_soon) == 1


# --------------------------------------------------------------------------- demo


def test_demo_is_idempotent_and_has_every_status(db):
    from nghiquyet.plans import demo
    from nghiquyet.resolutions.demo import load_demo

    load_demo(units="ba-to")
    demo.load()
    counts = (Plan.objects.count(), Task.objects.count(), TaskUpdate.objects.count(), Extension.objects.count(),
              TaskOccurrence.objects.count(), Task.history.count())
    demo.load()
    assert counts == (Plan.objects.count(), Task.objects.count(), TaskUpdate.objects.count(), Extension.objects.count(),
                      TaskOccurrence.objects.count(), Task.history.count())
    assert Task.objects.count() == 60 and not Task.objects.filter(is_sample=False).exists()
    st = queries.states(queries.with_related(Task.objects.all()))
    assert {s.status for s in st} == set(status.STATUSES)
    assert any(s.due_soon for s in st)
    assert {e.status for e in Extension.objects.all()} == {"requested", "approved", "refused"}
    program = Plan.objects.get(number="03-CTr/HU")
    assert program.targets.filter(code="CT10").exists() and program.milestones.count() == 3
