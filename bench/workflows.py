"""Workflow benchmark (issues 3–4): monthly reporting and the task engine at province scale.

Builds, in the database the environment points at (SQLite under NGHIQUYET_HOME by default,
PostgreSQL with DATABASE_URL), the real administrative tree and a province-scale world:

* Reporting: a monthly form of 30 indicators reported by the 96 communes of Quảng Ngãi, last
  month's figures approved; then times, through Django's test client (server time, logged in):
  the entry page, saving a draft of 30 figures, submitting, approving (rollups to the province
  and the nation), the form dashboard with every commune submitted, the province workbook
  download, its upload (all-or-nothing check + write of 2,880 figures) and a re-upload that
  changes nothing. With --national: the same form for all 3,321 communes.
* Tasks: 6,000 tasks over the province's communes (every status, monthly recurring tasks with
  their occurrences, approved and pending extensions), 54,000 more over the other provinces
  with --national; then times the task list (province manager, commune reporter, filters,
  a later page), the per-unit counts, a leader's page, "my tasks", the home page with its
  reminders and `send-reminders --dry-run`.
* API: /api/v1/submissions and /api/v1/figures, 500 rows.

    NGHIQUYET_HOME=/tmp/wb .venv/bin/python bench/workflows.py --fresh            # SQLite
    NGHIQUYET_HOME=/tmp/wb DATABASE_URL=postgres://postgres@127.0.0.1:5432/wbench \\
        .venv/bin/python bench/workflows.py --fresh                                # PostgreSQL
    ... bench/workflows.py --quick        # a small world (600 tasks, few repeats): a quick look
    ... bench/workflows.py --national     # also 3,321 communes reporting and 60,000 tasks

--fresh deletes the SQLite file under NGHIQUYET_HOME/var, or drops and re-creates the
PostgreSQL database of DATABASE_URL; without it the database must be empty. Tables are made
with `migrate`. Figures are medians of several runs (first run discarded as warm-up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-only-2026"
ROWS: list[tuple[str, str, float, int, int | None, str]] = []  # section, measure, ms, runs, queries, note


def _prepare_database(fresh: bool) -> None:
    url = os.environ.get("DATABASE_URL")
    if url:
        if not fresh:
            return
        import dj_database_url
        import psycopg

        cfg = dj_database_url.parse(url)
        with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"], user=cfg["USER"], password=cfg.get("PASSWORD") or None,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
        return
    home = os.environ.get("NGHIQUYET_HOME")
    if not home:
        sys.exit("Set NGHIQUYET_HOME to a scratch directory (or DATABASE_URL to a scratch PostgreSQL database).")
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(home, "var", f"nghiquyet.sqlite3{suffix}").unlink(missing_ok=True)


class _Counter:
    """Counts SQL statements (a request resets connection.queries, so a wrapper it is)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> _Counter:
        from django.db import connection

        self._cm = connection.execute_wrapper(self)
        self._cm.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._cm.__exit__(*exc)


def _measure(section: str, name: str, fn, runs: int, note: str = "", warmup: bool = True) -> float:
    """Median server time in ms of `fn()` over `runs` calls; the query count of one call."""
    if warmup:
        fn()
    with _Counter() as ctx:
        t0 = time.perf_counter()
        fn()
        first = (time.perf_counter() - t0) * 1000
    times = [first]
    for _ in range(runs - 1):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    ms = statistics.median(times)
    ROWS.append((section, name, ms, runs, ctx.n, note))
    print(f"  {section:<10} {name:<58} {ms:>9.1f} ms  ({runs} runs, {ctx.n} queries) {note}", flush=True)
    return ms


def _series(section: str, name: str, fns: list, note: str = "") -> float:
    """Median of one call each of `fns` (actions that change state, so each runs once)."""
    times, queries = [], None
    for fn in fns:
        with _Counter() as ctx:
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        queries = ctx.n if queries is None else queries
    ms = statistics.median(times)
    ROWS.append((section, name, ms, len(fns), queries, note))
    print(f"  {section:<10} {name:<58} {ms:>9.1f} ms  ({len(fns)} runs, {queries} queries) {note}", flush=True)
    return ms


def _ok(response, expected=(200,)):
    if response.status_code not in expected:
        import re

        text = response.content.decode("utf-8", "replace")
        text = text[text.find("<main"):] if "<main" in text else text
        body = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))[:3000]
        raise SystemExit(f"unexpected HTTP {response.status_code} for {response.request.get('PATH_INFO')}\n{body}")
    return response


# --------------------------------------------------------------------------- world


def _user(username: str, unit, role: str, email: str = ""):
    from django.contrib.auth import get_user_model

    from nghiquyet.accounts.models import Membership

    user = get_user_model().objects.create_user(username, email=email, password=PASSWORD)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def _client(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def build_reporting(province, nation, indicators: int):
    from nghiquyet.indicators.models import Indicator
    from nghiquyet.reporting import schedule
    from nghiquyet.reporting.models import ReportingForm, ReportingFormItem, ValidationRule

    inds = []
    for i in range(1, indicators + 1):
        inds.append(Indicator.objects.create(
            code=f"WB{i:02d}", name=f"Chỉ tiêu báo cáo thử {i}", value_type="number", space_aggregation="sum",
            time_aggregation="sum" if i % 3 else "last", decimals=1, min_value=0,
        ))
    forms = {}
    for code, scope in (("BENCH-TINH", province), ("BENCH-TQ", nation)):
        form = ReportingForm.objects.create(
            code=code, name=f"Báo cáo tháng thử tải ({scope.name})", periodicity=schedule.MONTH, scope_unit=scope,
            unit_kinds=["commune", "ward", "special_zone"], change_warning_percent=30,
        )
        ReportingFormItem.objects.bulk_create([
            ReportingFormItem(form=form, indicator=ind, order=n, required=n <= 25) for n, ind in enumerate(inds, 1)
        ])
        # One cross-indicator check, as real forms have (a part never exceeds its whole).
        ValidationRule.objects.create(form=form, left=inds[1], comparator="lte", right=inds[0],
                                      message="Chỉ tiêu 2 không vượt chỉ tiêu 1.")
        forms[code] = form
    return forms, inds


def figures(rng: random.Random, inds) -> dict[int, float]:
    out = {ind.pk: round(rng.uniform(10, 1000), 1) for ind in inds}
    out[inds[1].pk] = round(out[inds[0].pk] * rng.uniform(0.2, 0.9), 1)
    return out


def build_tasks(province_communes: dict, today: dt.date, rng: random.Random) -> dict:
    """For each province (key): (its communes, how many tasks over them); bulk inserts."""
    from nghiquyet.people.models import Person
    from nghiquyet.plans.models import Extension, Plan, Task, TaskOccurrence

    leaders_by_province = {}
    made = 0
    t0 = time.perf_counter()
    for province, (communes, per_province) in province_communes.items():
        plan = Plan.objects.create(kind="implementation_plan", issuer=province, number=f"KH-{province.code}",
                                   title=f"Kế hoạch thử tải {province.name}", issued_on=dt.date(2026, 1, 5))
        people = Person.objects.bulk_create([
            Person(full_name=f"Lãnh đạo {n} {province.name}", unit=province, email=f"ld{n}.{province.code.lower()}@bench.vn")
            for n in range(30)
        ])
        leaders_by_province[province.pk] = people
        tasks, kinds = [], []
        for i in range(per_province):
            commune = communes[i % len(communes)]
            kind = i % 20
            assigned = today - dt.timedelta(days=rng.randint(20, 320))
            t = Task(plan=plan, assigner=province, lead_unit=commune, leader=people[i % len(people)],
                     code=f"NV{i:05d}", title=f"Nhiệm vụ thử tải số {i} về {'chuyển đổi số' if i % 2 else 'giảm nghèo'}",
                     assigned_on=assigned)
            if kind <= 4:  # done on time
                t.deadline = assigned + dt.timedelta(days=rng.randint(30, 200))
                t.completed_on = min(today, t.deadline - dt.timedelta(days=rng.randint(0, 15)))
                t.percent_done = 100
            elif kind <= 6:  # done late
                t.deadline = today - dt.timedelta(days=rng.randint(20, 120))
                t.completed_on = t.deadline + dt.timedelta(days=rng.randint(1, 19))
                t.percent_done = 100
            elif kind <= 9:  # overdue
                t.deadline = today - dt.timedelta(days=rng.randint(1, 90))
                t.percent_done = rng.randint(0, 90)
            elif kind <= 16:  # in progress (some due within 7 days)
                t.deadline = today + dt.timedelta(days=rng.randint(0, 200) if i % 7 else rng.randint(0, 6))
                t.percent_done = rng.randint(0, 90)
            elif kind == 17:
                t.recurrence = "ongoing"
            else:  # monthly report, due on the 25th, since the start of the year
                t.recurrence, t.due_day = "monthly", 25
                t.assigned_on = dt.date(today.year, 1, rng.randint(1, 20))
            tasks.append(t)
            kinds.append(kind)
        tasks = Task.objects.bulk_create(tasks, batch_size=2000)
        made += len(tasks)
        exts, occs = [], []
        for t, kind in zip(tasks, kinds, strict=True):
            if t.recurrence == "monthly":
                for month in range(1, today.month):
                    if rng.random() < 0.85:
                        due = dt.date(today.year, month, 25)
                        occs.append(TaskOccurrence(task=t, period=f"{today.year}M{month:02d}",
                                                   completed_on=due + dt.timedelta(days=rng.randint(-10, 5))))
            elif t.deadline and 7 <= kind <= 16 and rng.random() < 0.07:
                approved = rng.random() < 0.7
                exts.append(Extension(
                    task=t, requested_on=t.deadline - dt.timedelta(days=5), new_deadline=t.deadline + dt.timedelta(days=30),
                    reason="Xin gia hạn (thử tải)", status="approved" if approved else "requested",
                    decided_on=t.deadline - dt.timedelta(days=2) if approved else None,
                ))
        TaskOccurrence.objects.bulk_create(occs, batch_size=2000)
        Extension.objects.bulk_create(exts, batch_size=2000)
        # 10% of the tasks have a support unit (the next commune).
        through = Task.support_units.through
        through.objects.bulk_create([
            through(task_id=t.pk, orgunit_id=communes[(n + 1) % len(communes)].pk)
            for n, t in enumerate(tasks) if n % 10 == 3
        ], batch_size=2000)
    return {"tasks": made, "seconds": time.perf_counter() - t0, "leaders": leaders_by_province}


# --------------------------------------------------------------------------- the run


def run(args) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone
    from openpyxl import load_workbook

    from nghiquyet.accounts.models import Role
    from nghiquyet.indicators.models import DataValue
    from nghiquyet.indicators.services import ValueInput, write_values
    from nghiquyet.plans.models import Task
    from nghiquyet.reporting import excel, schedule, services
    from nghiquyet.units.loader import load_units
    from nghiquyet.units.models import COMMUNE_LEVEL_KINDS, OrgUnit, UnitKind

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if OrgUnit.objects.exists():
        sys.exit("The database is not empty: run with --fresh (it deletes/re-creates the scratch database).")
    quick = args.quick
    reps = 3 if quick else args.runs
    rng = random.Random(42)
    today = timezone.localdate()
    print(f"… {connection.vendor}: loading units", flush=True)
    load_units()
    nation = OrgUnit.objects.get(kind=UnitKind.NATION)
    province = OrgUnit.objects.current().get(kind=UnitKind.PROVINCE, name__icontains="Quảng Ngãi")
    communes_of: dict[int, list] = {}
    provinces = {p.pk: p for p in OrgUnit.objects.current().filter(kind=UnitKind.PROVINCE)}
    for c in OrgUnit.objects.current().filter(kind__in=COMMUNE_LEVEL_KINDS).order_by("path"):
        communes_of.setdefault(c.parent_id, []).append(c)
    communes = communes_of[province.pk]

    # ---------------------------------------------------------------- reporting
    forms, inds = build_reporting(province, nation, 30)
    form = forms["BENCH-TINH"]
    period = schedule.last_closed_period(today, form.periodicity, form.cutoff_day)
    prev = services.previous_period(form, period)
    upload_period = services.previous_period(form, prev)
    approver = _user("tinh.duyet", province, Role.APPROVER)
    manager = _user("tinh.quanly", province, Role.MANAGER, "quanly@bench.vn")
    province_reporter = _user("tinh.quantri", province, Role.ADMIN)  # an admin enters figures below it
    reporters = {c.pk: _user(f"bc.{c.code.lower()}", c, Role.REPORTER, f"bc.{c.code.lower()}@bench.vn") for c in communes}
    national_scope = args.national and not quick
    all_communes = [c for cs in communes_of.values() for c in cs]
    # Last month's figures, approved (the entry page and the upload compare against them).
    write_values([ValueInput(ind_id, c.pk, prev, v) for c in (all_communes if national_scope else communes)
                  for ind_id, v in figures(rng, inds).items()], source="bench")
    print(f"… reporting world: form of {len(inds)} indicators, {len(communes)} communes of {province.name}, "
          f"period {period}", flush=True)

    a_client = _client(approver)
    sample = communes[: reps + 1]  # one extra: the first run of each action is a warm-up

    def entry_url(c) -> str:
        return reverse("reporting:entry", args=[form.code, period, c.pk])

    def post_values(c, action: str):
        data = {"action": action, **{f"v-{k}": str(v).replace(".", ",") for k, v in figures(rng, inds).items()}}
        return _ok(_client(reporters[c.pk]).post(entry_url(c), data), (302,))

    clients = {c.pk: _client(reporters[c.pk]) for c in sample}
    _measure("reporting", "entry page (commune reporter, no draft yet)",
             lambda: _ok(clients[sample[0].pk].get(entry_url(sample[0]))), reps)
    _series("reporting", "save draft of 30 figures", [lambda c=c: post_values(c, "save") for c in sample][1:],
            "one commune each")
    post_values(sample[0], "save")
    _series("reporting", "submit (figures re-checked)", [
        lambda c=c: _ok(clients[c.pk].post(entry_url(c), {
            "action": "submit", **{f"v-{k}": v for k, v in services.current_values(form, [c.pk], period, [i.pk for i in inds])
                                   .get(c.pk, {}).items()}}), (302,))
        for c in sample][1:])
    _measure("reporting", "entry page (submitted, approver)", lambda: _ok(a_client.get(entry_url(sample[1]))), reps)
    _series("reporting", "approve (rollups to province and nation)",
            [lambda c=c: _ok(a_client.post(entry_url(c), {"action": "approve"}), (302,)) for c in sample][1:],
            "30 figures each")
    t0 = time.perf_counter()
    done = {c.pk for c in sample}
    for c in communes:
        if c.pk in done:
            continue
        result = services.save_draft((form, c, period), figures(rng, inds), reporters[c.pk])
        services.submit(result.submission, reporters[c.pk])
    print(f"  (setup: {len(communes) - len(done)} communes saved and submitted through the services in "
          f"{time.perf_counter() - t0:.1f} s)", flush=True)
    status_url = reverse("reporting:form_status", args=[form.code]) + f"?ky={period}"
    _measure("reporting", f"form dashboard, {len(communes)} communes submitted (approver)",
             lambda: _ok(a_client.get(status_url)), reps)
    _measure("reporting", "reporting index (approver)", lambda: _ok(a_client.get(reverse("reporting:index"))), reps)
    p_client = _client(province_reporter)
    dl_url = reverse("reporting:download", args=[form.code, period]) + f"?don-vi={province.pk}&tat-ca=1"
    _measure("reporting", f"download province workbook, {len(communes)} rows (filled)", lambda: _ok(p_client.get(dl_url)), reps)
    empty_url = reverse("reporting:download", args=[form.code, upload_period]) + f"?don-vi={province.pk}&tat-ca=1"
    blank = _ok(p_client.get(empty_url)).content

    def filled(data: bytes, seed: int) -> bytes:
        wb = load_workbook(io.BytesIO(data))
        ws = wb[excel.DATA_SHEET]
        r = random.Random(seed)
        for row in range(excel.FIRST_DATA_ROW, ws.max_row + 1):
            if not ws.cell(row, 1).value:
                continue
            whole = round(r.uniform(100, 1000), 1)
            ws.cell(row, 3, whole)
            ws.cell(row, 4, round(whole * r.uniform(0.2, 0.9), 1))
            for col in range(5, 3 + len(inds)):
                ws.cell(row, col, round(r.uniform(10, 1000), 1))
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    up_url = reverse("reporting:upload", args=[form.code, upload_period]) + f"?don-vi={province.pk}"
    books = [filled(blank, seed) for seed in range(reps)]
    before = DataValue.objects.count()

    def upload(data: bytes, name: str = "bao-cao.xlsx"):
        f = io.BytesIO(data)
        f.name = name
        response = _ok(p_client.post(up_url, {"file": f, "don-vi": province.pk}))
        return response

    _series("reporting", f"upload province workbook, {len(communes) * len(inds):,} figures written",
            [lambda b=b: upload(b) for b in books], "new values each run")
    written = DataValue.objects.count() - before
    assert written == len(communes) * len(inds), (written, len(communes) * len(inds))
    _measure("reporting", "re-upload the same workbook (no change)", lambda: upload(books[-1]), reps, warmup=False)

    if national_scope:
        nform = forms["BENCH-TQ"]
        national_reporter = _user("tq.quantri", nation, Role.ADMIN)
        national_approver = _user("tq.duyet", nation, Role.APPROVER)
        n_client, na_client = _client(national_reporter), _client(national_approver)
        nblank = _ok(n_client.get(reverse("reporting:download", args=[nform.code, period]) + f"?don-vi={nation.pk}&tat-ca=1")).content
        nbook = filled(nblank, 99)
        nup = reverse("reporting:upload", args=[nform.code, period])
        f = io.BytesIO(nbook)
        f.name = "toan-quoc.xlsx"
        t0 = time.perf_counter()
        _ok(n_client.post(nup, {"file": f, "submit": "1"}))
        ms = (time.perf_counter() - t0) * 1000
        n = len(all_communes) * len(inds)
        ROWS.append(("national", f"upload national workbook with submit, {n:,} figures", ms, 1, None,
                     f"{len(all_communes):,} reports sent"))
        print(f"  national   upload national workbook with submit: {ms:.0f} ms", flush=True)
        nstatus = reverse("reporting:form_status", args=[nform.code]) + f"?ky={period}"
        _measure("national", f"form dashboard, {len(all_communes):,} communes submitted", lambda: _ok(na_client.get(nstatus)),
                 max(2, reps // 2))
        ndl = reverse("reporting:download", args=[nform.code, period]) + f"?don-vi={nation.pk}&tat-ca=1"
        _measure("national", f"download national workbook, {len(all_communes):,} rows", lambda: _ok(n_client.get(ndl)),
                 max(2, reps // 2))

    # ---------------------------------------------------------------- API
    api_client = a_client
    _measure("api", "GET /api/v1/submissions?limit=500 (province approver)",
             lambda: _ok(api_client.get("/api/v1/submissions", {"limit": 500})), reps)
    _measure("api", "GET /api/v1/figures?limit=500 (province approver)",
             lambda: _ok(api_client.get("/api/v1/figures", {"limit": 500})), reps)
    _measure("api", f"GET /api/v1/figures?limit=500&period={prev}",
             lambda: _ok(api_client.get("/api/v1/figures", {"limit": 500, "period": prev})), reps)

    # ---------------------------------------------------------------- tasks
    per_province = 600 if quick else args.tasks
    scope = {province: (communes, per_province)}
    if args.national and not quick:
        others = {provinces[pid]: cs for pid, cs in communes_of.items() if pid != province.pk and pid in provinces}
        each = max(0, args.national_tasks - per_province) // max(1, len(others))
        scope.update({p: (cs, each) for p, cs in others.items()})
    built = build_tasks(scope, today, rng)
    print(f"… task world: {built['tasks']:,} tasks ({per_province:,} in {province.name}) inserted in "
          f"{built['seconds']:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    m_client = _client(manager)
    commune = communes[len(communes) // 2]
    r_client = _client(reporters[commune.pk])
    tasks_url = reverse("plans:tasks")
    n_prov = Task.objects.filter(lead_unit__path__startswith=province.path).count()
    _measure("tasks", f"task list, province manager ({n_prov:,} tasks), page 1", lambda: _ok(m_client.get(tasks_url)), reps)
    _measure("tasks", "task list, province manager, page 20", lambda: _ok(m_client.get(tasks_url, {"trang": 20})), reps)
    _measure("tasks", "task list, province manager, ?trang_thai=overdue",
             lambda: _ok(m_client.get(tasks_url, {"trang_thai": "overdue"})), reps)
    _measure("tasks", "task list, province manager, ?q=chuyen doi so",
             lambda: _ok(m_client.get(tasks_url, {"q": "chuyen doi so"})), reps)
    _measure("tasks", "task list, province manager, one commune (?don_vi=)",
             lambda: _ok(m_client.get(tasks_url, {"don_vi": commune.pk})), reps)
    _measure("tasks", "task list, province manager, Excel (all rows)",
             lambda: _ok(m_client.get(tasks_url, {"format": "xlsx"})), max(2, reps // 2))
    n_comm = Task.objects.filter(lead_unit=commune).count()
    _measure("tasks", f"task list, commune reporter ({n_comm} tasks)", lambda: _ok(r_client.get(tasks_url)), reps)
    _measure("tasks", "per-unit counts /nhiem-vu/don-vi/ (province manager)",
             lambda: _ok(m_client.get(reverse("plans:unit_counts"))), reps)
    leader = built["leaders"][province.pk][0]
    _measure("tasks", f"leader page ({Task.objects.filter(leader=leader).count()} tasks)",
             lambda: _ok(m_client.get(reverse("plans:leader", args=[leader.pk]))), reps)
    _measure("tasks", "plan list /nhiem-vu/ke-hoach/ (province manager)",
             lambda: _ok(m_client.get(reverse("plans:plans"))), reps)
    _measure("tasks", "my tasks /nhiem-vu/cua-toi/ (commune reporter)",
             lambda: _ok(r_client.get(reverse("plans:mine"))), reps)
    _measure("tasks", "home page with reminders (commune reporter)", lambda: _ok(r_client.get("/")), reps)
    _measure("tasks", "home page with reminders (province manager)", lambda: _ok(m_client.get("/")), reps)
    task = Task.objects.filter(lead_unit__path__startswith=province.path, recurrence="monthly").first()
    _measure("tasks", "one task page (monthly recurring, province manager)",
             lambda: _ok(m_client.get(reverse("plans:task", args=[task.pk]))), reps)
    if args.national and not quick:
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("quantri", "qt@bench.vn", PASSWORD)
        s_client = _client(admin)
        total = Task.objects.count()
        _measure("national", f"task list, superuser ({total:,} tasks), page 1", lambda: _ok(s_client.get(tasks_url)),
                 max(2, reps // 2))
        _measure("national", "per-unit counts, superuser", lambda: _ok(s_client.get(reverse("plans:unit_counts"))),
                 max(2, reps // 2))
    out = io.StringIO()
    _measure("tasks", f"send-reminders --dry-run ({Task.objects.count():,} tasks in the database)",
             lambda: call_command("send_reminders", "--dry-run", f"--date={today:%Y-%m-%d}", stdout=out),
             max(2, reps // 2))
    mails = out.getvalue().count("--- Tới:") // max(2, reps // 2) if out.getvalue() else 0
    print(f"  ({mails} reminder mails per run)")

    print()
    print(f"database: {connection.vendor}; today {today:%d/%m/%Y}; "
          f"{'quick world' if quick else 'province world'}{' + national' if national_scope else ''}")
    print(f"| {'section':<9} | {'measure':<64} | {'median ms':>9} | runs | queries |")
    print(f"|{'-' * 11}|{'-' * 66}|{'-' * 11}|------|---------|")
    for section, name, ms, runs, queries, _note in ROWS:
        print(f"| {section:<9} | {name:<64} | {ms:>9.1f} | {runs:>4} | {queries if queries is not None else '':>7} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small world: 600 tasks, 3 runs per figure")
    parser.add_argument("--national", action="store_true",
                        help="also 3,321 communes reporting a national form and tasks in every province")
    parser.add_argument("--tasks", type=int, default=6000, help="tasks per province (default 6,000)")
    parser.add_argument("--national-tasks", type=int, default=60000, help="tasks nationally with --national")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (default 7)")
    parser.add_argument("--fresh", action="store_true", help="delete and re-create the scratch database first")
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    sys.path.insert(0, str(ROOT / "src"))
    _prepare_database(args.fresh)
    t0 = time.perf_counter()
    run(args)
    print(f"\ntotal bench time {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
