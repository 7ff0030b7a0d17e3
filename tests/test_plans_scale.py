"""plans at scale: list pages compute statuses from plain columns (queries.light_states) and load
full tasks only for the page shown; the results must be exactly those of the full computation.
Timings are measured by bench/workflows.py, never here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nghiquyet.plans import queries, reminders, services, status, views
from nghiquyet.plans.models import PlanKind, Task

TODAY = timezone.localdate


def day(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


@pytest.fixture
def plan(tree):
    return services.save_plan(
        user=None, check=False, issuer=tree["P51-UB"], kind=PlanKind.PROGRAM, number="02-CTr",
        title="Chương trình thử tải", start_year=2024, end_year=2030,
    )


def make(tree, plan, lead="X1", **kw) -> Task:
    kw.setdefault("title", "Nhiệm vụ thử")
    kw.setdefault("assigned_on", day(-60))
    return services.create_task(user=None, check=False, lead_unit=tree[lead], plan=plan, **kw)


@pytest.fixture
def mixed(tree, personas, plan):
    """Every status, extensions approved/pending/refused, a monthly task with occurrences."""
    make(tree, plan, code="A", deadline=day(-5))  # overdue
    make(tree, plan, "X2", code="B", deadline=day(3))  # in progress, due soon
    make(tree, plan, code="C", recurrence="ongoing")
    done = make(tree, plan, code="D", deadline=day(-10))
    services.complete_task(done, None, day(-8), check=False)  # done late
    early = make(tree, plan, "X2", code="E", deadline=day(-10))
    services.complete_task(early, None, day(-12), check=False)  # done on time
    moved = make(tree, plan, code="F", deadline=day(-2))
    ext = services.request_extension(moved, personas["reporter"], day(20), "Chờ vốn")
    services.decide_extension(ext, personas["province_manager"], True)  # approved: in progress
    pending = make(tree, plan, code="G", deadline=day(-1))
    services.request_extension(pending, personas["reporter"], day(9), "Chờ")  # pending: still overdue
    refused = make(tree, plan, "X2", code="H", deadline=day(-3))
    ext = services.request_extension(refused, personas["reporter2"], day(9), "Xin")
    services.decide_extension(ext, personas["province_manager"], False, "Không")
    start = (TODAY().replace(day=1) - dt.timedelta(days=100)).replace(day=1)
    monthly = make(tree, plan, code="M", recurrence="monthly", due_day=20, assigned_on=start)
    first = services.task_occurrences(monthly, TODAY())[0]
    services.complete_occurrence(monthly, first.period, first.deadline, personas["reporter"])
    # A monthly task without a deadline runs to the end of its plan (services.recurrence_end).
    make(tree, plan, "X2", code="N", recurrence="quarterly", assigned_on=start)
    return plan


def _summary(st: queries.TaskState) -> tuple:
    return (st.task.pk, st.status, st.deadline, st.due_soon, st.days_late, st.extended, st.pending_extension,
            [(i.period, i.deadline, i.completed_on, i.status) for i in st.items])


@pytest.mark.parametrize("offset", [-40, 0, 15])
def test_light_states_equal_full_states(mixed, offset):
    today = day(offset)
    full = queries.states(queries.with_related(Task.objects.all()), today)
    light = queries.light_states(Task.objects.all(), today)
    assert [_summary(s) for s in light] == [_summary(s) for s in full]
    assert all(isinstance(s.task, queries.TaskRow) for s in light)
    hydrated = queries.hydrate(light, today)
    assert [_summary(s) for s in hydrated] == [_summary(s) for s in full]
    assert all(isinstance(s.task, Task) for s in hydrated)
    assert queries.counts(light) == queries.counts(full)
    by_unit = {r.unit.code: r.counts for r in queries.counts_by_unit(light)}
    assert by_unit == {r.unit.code: r.counts for r in queries.counts_by_unit(full)}


def test_light_states_take_a_constant_number_of_queries(mixed, tree, plan):
    with CaptureQueriesContext(connection) as small:
        queries.light_states(Task.objects.all(), TODAY())
    for i in range(15):
        make(tree, plan, code=f"Z{i}", deadline=day(i - 7))
    with CaptureQueriesContext(connection) as big:
        queries.light_states(Task.objects.all(), TODAY())
    assert len(big) == len(small) <= 3


def test_hydrate_keeps_order_across_chunks(mixed, monkeypatch):
    monkeypatch.setattr(queries, "HYDRATE_CHUNK", 2)
    light = queries.light_states(Task.objects.all(), TODAY())
    assert [s.task.pk for s in queries.hydrate(light, TODAY())] == [s.task.pk for s in light]


def test_task_list_pages_keep_overdue_first_and_show_full_rows(client, tree, personas, plan, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    for i in range(10):
        make(tree, plan, code=f"P{i:02d}", deadline=day(i - 5))  # 5 overdue, 5 in progress
    client.force_login(personas["province_manager"])
    url = reverse("plans:tasks")
    pages = []
    for n in (1, 2, 3):
        r = client.get(url, {"trang": n})
        assert r.status_code == 200
        assert all(isinstance(s.task, Task) for s in r.context["rows"])  # templates get real tasks
        pages.append([s.task.code for s in r.context["rows"]])
        assert r.context["totals"].total == 10  # counts cover every page
    assert [len(p) for p in pages] == [4, 4, 2]
    assert pages[0] == ["P00", "P01", "P02", "P03"]  # overdue first, oldest deadline first
    assert pages[1] == ["P04", "P05", "P06", "P07"]
    html = client.get(url, {"trang": 2}).content.decode()
    assert "trang=1" in html and "trang=3" in html and "P04" in html and "P00" not in html
    # Filters still apply before paging; the status filter counts ongoing tasks as in progress.
    r = client.get(url, {"trang_thai": "overdue"})
    assert r.context["page"].paginator.count == 5
    r = client.get(url, {"q": "p09"})
    assert [s.task.code for s in r.context["rows"]] == ["P09"]


def test_reminders_match_the_full_computation(mixed, tree, personas):
    today = TODAY()
    light = queries.reminders_for_user(personas["reporter"], today)
    qs = queries.with_related(Task.objects.filter(queries.my_tasks_q(personas["reporter"])).distinct())
    full = [s for s in queries.states(qs, today) if s.status == status.OVERDUE or s.due_soon]
    assert [_summary(s) for s in light] == [_summary(s) for s in full]
    tasks, _members, _leaders = reminders.gather(today)
    open_tasks = queries.states(queries.with_related(Task.objects.filter(completed_on__isnull=True)), today)
    expected = [s.task.pk for s in open_tasks if reminders.lines_of(reminders.TaskInfo(
        s.task.pk, "", s.task.lead_unit_id, "", None, [(i.period, i.deadline, i.completed_on) for i in s.items]), today)]
    assert [t.task_id for t in tasks] == expected and expected
