"""Sample plans, programs and tasks for Ba Tơ (`nghiquyet demo` calls `load`).

Reads `data/demo/ba-to-plans.yaml` (sample data, see its header) and writes through
`plans.services` acting for the system (user None, check=False). Idempotent: plans are matched
by (issuer, number), milestones by (plan, title), tasks by (plan, code); an existing task is
left as it is (with its updates, extensions and occurrences), so a second run changes nothing.
Dates given relative to the day of loading (`due_in: 3`) make every status occur whenever the
demo is loaded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.db import transaction
from django.utils import timezone

from nghiquyet.people.models import Person
from nghiquyet.resolutions.models import Resolution, Target
from nghiquyet.units.models import OrgUnit

from . import services
from .models import Milestone, Plan, Task

PACK = Path(__file__).resolve().parent / "data" / "demo" / "ba-to-plans.yaml"


class DemoError(ValueError):
    pass


def _day(spec: dict[str, Any], key: str, today: dt.date) -> dt.date | None:
    """`key` as an absolute date, or `key_in` days from today (`due` ↔ `due_in`)."""
    if spec.get(key) is not None:
        return spec[key]
    rel = spec.get(f"{key}_in")
    return None if rel is None else today + dt.timedelta(days=int(rel))


def _deadline(spec: dict[str, Any], today: dt.date) -> dt.date | None:
    return spec.get("deadline") or _day(spec, "due", today)


@transaction.atomic
def load(stdout: TextIO | None = None, path: Path = PACK, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = " ".join(str(data.get("source", "")).split())
    codes = {str(t["lead"]) for rows in data["tasks"].values() for t in rows}
    codes |= {str(s) for rows in data["tasks"].values() for t in rows for s in t.get("support") or []}
    codes |= {str(p["issuer"]) for p in data["plans"]}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    if not units:
        if stdout:
            stdout.write("Bỏ qua kế hoạch, nhiệm vụ mẫu: chưa có đơn vị Ba Tơ (chạy nghiquyet demo --units ba-to).\n")
        return {"plans": 0, "tasks": 0}
    missing = sorted(codes - set(units))
    if missing:
        raise DemoError(f"Gói {path.name}: không tìm thấy đơn vị {', '.join(missing)}.")

    district_body = units.get("H535-DU")
    leaders: dict[str, Person] = {}
    for row in data["leaders"]:
        person, _ = Person.objects.get_or_create(
            full_name=row["name"], is_sample=True, defaults={"unit": district_body, "is_party_member": True},
        )
        leaders[row["name"]] = person

    created = {"plans": 0, "milestones": 0, "tasks": 0}
    plans: dict[str, Plan] = {}
    for spec in data["plans"]:
        plans[spec["key"]] = _plan(spec, units, plans, source, today, created)

    for key, rows in data["tasks"].items():
        plan = plans[key]
        existing = set(Task.objects.filter(plan=plan).values_list("code", flat=True))
        for spec in rows:
            if spec["code"] in existing:
                continue
            _task(spec, plan, units, leaders, today)
            created["tasks"] += 1
    if stdout:
        total = Task.objects.filter(is_sample=True, plan__in=plans.values()).count()
        stdout.write(
            f"Kế hoạch, chương trình mẫu: {len(plans)} (tạo mới {created['plans']}); nhiệm vụ mẫu: {total} "
            f"(tạo mới {created['tasks']}); mốc tiến độ tạo mới: {created['milestones']}.\n"
        )
    return created


def _plan(spec, units, plans, source, today, created) -> Plan:
    issuer = units[spec["issuer"]]
    resolution = Resolution.objects.filter(number=spec["resolution"]).first() if spec.get("resolution") else None
    targets = list(Target.objects.filter(resolution=resolution, code__in=spec.get("targets") or [])) if resolution else []
    budget = spec.get("budget") or [None, None]
    years = spec.get("years") or [None, None]
    plan = Plan.objects.filter(issuer=issuer, number=spec["number"]).first()
    fields = dict(
        issuer=issuer, kind=spec["kind"], title=spec["title"], number=spec["number"], issued_on=spec.get("issued_on"),
        resolution=resolution, targets=targets, parent=plans.get(spec.get("parent")), start_year=years[0],
        end_year=years[1], budget_planned=None if budget[0] is None else Decimal(str(budget[0])),
        budget_disbursed=None if budget[1] is None else Decimal(str(budget[1])),
        summary=" ".join(str(spec.get("summary", "")).split()), is_sample=True, source=source,
    )
    created["plans"] += plan is None
    plan = services.save_plan(user=None, plan=plan, check=False, **fields)
    have = set(Milestone.objects.filter(plan=plan).values_list("title", flat=True))
    for order, m in enumerate(spec.get("milestones") or [], start=1):
        if m["title"] in have:
            continue
        services.save_milestone(
            user=None, plan=plan, title=m["title"], due_on=_day(m, "due", today), done_on=_day(m, "done", today),
            order=order, check=False,
        )
        created["milestones"] += 1
    return plan


def _task(spec, plan, units, leaders, today) -> Task:
    leader = leaders.get(spec.get("leader")) if spec.get("leader") else None
    if spec.get("leader") and leader is None:
        raise DemoError(f"Nhiệm vụ {spec['code']}: lãnh đạo {spec['leader']!r} không có trong mục leaders.")
    assigned = _day(spec, "assigned", today)
    task = services.create_task(
        user=None, check=False, title=spec["title"], lead_unit=units[spec["lead"]], plan=plan, code=spec["code"],
        support_units=[units[c] for c in spec.get("support") or []], leader=leader, assigned_on=assigned,
        deadline=_deadline(spec, today), recurrence=spec.get("recurrence", "none"), due_day=spec.get("due_day"),
        deliverable=spec.get("deliverable", ""), is_sample=True,
    )
    for u in spec.get("updates") or []:
        services.add_update(task, None, u["text"], u.get("percent"), check=False, is_sample=True)
    ext = spec.get("extension")
    if ext:
        e = services.request_extension(
            task, None, _day(ext, "new", today), ext["reason"], on=_day(ext, "requested", today),
            check=False, is_sample=True,
        )
        if ext["status"] != "requested":
            services.decide_extension(
                e, None, ext["status"] == "approved", ext.get("note", ""), on=_day(ext, "decided", today), check=False,
            )
    done = _day(spec, "done", today)
    if done is not None:
        services.complete_task(task, None, done, "Báo cáo hoàn thành (dữ liệu mẫu).", check=False)
    elif spec.get("percent") and task.percent_done != spec["percent"]:
        services.add_update(task, None, "Cập nhật tiến độ (dữ liệu mẫu).", spec["percent"], check=False, is_sample=True)
    _occurrences(task, spec, today)
    return task


def _occurrences(task: Task, spec: dict[str, Any], today: dt.date) -> None:
    for period, on in (spec.get("occurrences") or {}).items():
        services.complete_occurrence(task, str(period), on, None, check=False, is_sample=True)
    occs = services.task_occurrences(task, today)
    picks = [(i, 0) for i in spec.get("done_periods") or []] + [(i, 3) for i in spec.get("late_periods") or []]
    for index, late in picks:
        try:
            occ = occs[index - 1 if index > 0 else index]
        except IndexError:
            continue
        on = min(today, occ.deadline + dt.timedelta(days=late if late else -2))
        services.complete_occurrence(task, occ.period, max(on, task.assigned_on), None, check=False, is_sample=True)

