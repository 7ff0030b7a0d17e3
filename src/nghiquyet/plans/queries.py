"""Read side of the task engine: tasks with their computed status, counts per unit, reminders.

Status is never stored: it is computed on read by plans/status.py from the task's deadline,
its approved extensions, its completion and its occurrences. The loaders here fetch a list of
tasks in a constant number of queries (tasks + extensions + occurrences + support units).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from nghiquyet.accounts import access
from nghiquyet.accounts.models import Role
from nghiquyet.units.models import ADMIN_KINDS, OrgUnit

from . import permissions, status
from .models import Extension, ExtensionStatus, Recurrence, Task, TaskOccurrence
from .services import recurrence_end


class _Status:
    """The words and colour of a `status` attribute."""

    status: str

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def css(self) -> str:
        return status.CSS_CLASSES[self.status]


@dataclass(frozen=True)
class Item(_Status):
    """One countable unit: a one-off task, or one occurrence of a recurring task."""

    period: str | None
    deadline: dt.date | None
    completed_on: dt.date | None
    status: str

    @property
    def period_label(self) -> str:
        from nghiquyet.indicators import periods

        return periods.label(self.period) if self.period else ""


@dataclass
class TaskState(_Status):
    task: Task
    status: str
    deadline: dt.date | None  # effective deadline; recurring: of the first open occurrence
    items: list[Item] = field(default_factory=list)
    due_soon: bool = False
    days_late: int = 0
    extended: bool = False  # an approved extension moved the deadline
    pending_extension: bool = False

    @property
    def open_items(self) -> list[Item]:
        return [i for i in self.items if i.status in (status.OVERDUE, status.IN_PROGRESS)]


def status_label(code: str) -> str:
    from .labels import STATUS_NAMES

    return str(STATUS_NAMES[code])


def with_related(qs: QuerySet[Task]) -> QuerySet[Task]:
    """What state_of needs, fetched with the list (constant number of queries)."""
    return qs.select_related("lead_unit", "leader", "plan", "assigner").prefetch_related(
        Prefetch("extensions", queryset=Extension.objects.order_by("requested_on", "pk")),
        Prefetch("occurrences", queryset=TaskOccurrence.objects.order_by("period")),
    )


def state_of(task: Task, today: dt.date) -> TaskState:
    """The task's status today (uses prefetched extensions and occurrences when present)."""
    if task.recurrence in status.PERIODIC:
        done = {o.period: o.completed_on for o in task.occurrences.all()}
        return _state(task, today, recurrence_end(task), [], done)
    extensions = [(e.status, e.new_deadline) for e in task.extensions.all()]
    return _state(task, today, None, extensions, {})


def _state(
    task, today: dt.date, until: dt.date | None, extensions: list[tuple[str, dt.date]],
    done: dict[str, dt.date | None],
) -> TaskState:
    """The arithmetic of state_of, on plain data: `task` needs recurrence, assigned_on, due_day,
    deadline and completed_on; `extensions` are (status, new deadline) in request order;
    `done` maps a recurring task's period to its completion day."""
    if task.recurrence in status.PERIODIC:
        occs = status.occurrences(task.recurrence, task.assigned_on or today, today, until=until, due_day=task.due_day)
        rows = status.occurrence_statuses(occs, done, today)
        items = [Item(r.occurrence.period, r.occurrence.deadline, r.completed_on, r.status) for r in rows]
        summary = status.summary_status(i.status for i in items)
        open_items = [i for i in items if i.completed_on is None]
        deadline = open_items[0].deadline if open_items else (items[-1].deadline if items else None)
        due_soon = any(status.is_due_soon(i.deadline, i.completed_on, today) for i in items)
        late = max((status.days_late(i.deadline, i.completed_on, today) for i in items if i.status == status.OVERDUE), default=0)
        return TaskState(task, summary, deadline, items, due_soon, late)
    approved = [d for st, d in extensions if st == ExtensionStatus.APPROVED]
    ongoing = task.recurrence == Recurrence.ONGOING
    deadline = None if ongoing else status.effective_deadline(task.deadline, approved)
    st = status.task_status(deadline, task.completed_on, today, ongoing=ongoing)
    return TaskState(
        task, st, deadline, [Item(None, deadline, task.completed_on, st)],
        due_soon=status.is_due_soon(deadline, task.completed_on, today),
        days_late=status.days_late(deadline, task.completed_on, today) if st in (status.OVERDUE, status.DONE_LATE) else 0,
        extended=bool(approved) and deadline != task.deadline,
        pending_extension=any(e_status == ExtensionStatus.REQUESTED for e_status, _d in extensions),
    )


def states(tasks: Iterable[Task], today: dt.date | None = None) -> list[TaskState]:
    """States sorted the way every list shows them: overdue first (oldest deadline first)."""
    today = today or timezone.localdate()
    out = [state_of(t, today) for t in tasks]
    out.sort(key=lambda s: (*status.sort_key(s.status, s.deadline), s.task.pk))
    return out


@dataclass(frozen=True)
class TaskRow:
    """The columns of a task that statuses, sorting, text search and counts need: lists compute
    the state of every visible task from these (a few plain queries), and load full Task
    objects only for the rows they show (`hydrate`)."""

    pk: int
    code: str
    title: str
    recurrence: str
    assigned_on: dt.date | None
    due_day: int | None
    deadline: dt.date | None
    completed_on: dt.date | None
    lead_unit_id: int
    plan_id: int | None
    plan_end_year: int | None
    is_sample: bool

    @property
    def recurrence_end(self) -> dt.date | None:
        # Same rule as services.recurrence_end: the deadline, else the end of the plan.
        if self.deadline:
            return self.deadline
        return dt.date(self.plan_end_year, 12, 31) if self.plan_id and self.plan_end_year else None


_ROW_FIELDS = ("pk", "code", "title", "recurrence", "assigned_on", "due_day", "deadline", "completed_on",
               "lead_unit_id", "plan_id", "plan__end_year", "is_sample")


def light_states(qs: QuerySet[Task], today: dt.date | None = None) -> list[TaskState]:
    """Like states(with_related(qs)), sorted the same way, with TaskRow in place of Task.

    Three queries whatever the number of tasks (tasks, their extensions, their occurrences),
    and no model instances: at province scale (thousands of tasks) building Task objects with
    their units, leaders, plans and prefetches was most of a list page's time.
    """
    today = today or timezone.localdate()
    rows = [TaskRow(*r) for r in qs.order_by().values_list(*_ROW_FIELDS)]
    ids = qs.order_by().values("pk")
    extensions: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    done: dict[int, dict[str, dt.date | None]] = defaultdict(dict)
    if any(r.recurrence not in status.PERIODIC for r in rows):
        for task_id, st, new_deadline in (
            Extension.objects.filter(task_id__in=ids).order_by("requested_on", "pk")
            .values_list("task_id", "status", "new_deadline")
        ):
            extensions[task_id].append((st, new_deadline))
    if any(r.recurrence in status.PERIODIC for r in rows):
        for task_id, period, completed_on in (
            TaskOccurrence.objects.filter(task_id__in=ids).values_list("task_id", "period", "completed_on")
        ):
            done[task_id][period] = completed_on
    out = [
        _state(r, today, r.recurrence_end, [], done.get(r.pk, {})) if r.recurrence in status.PERIODIC
        else _state(r, today, None, extensions.get(r.pk, []), {})
        for r in rows
    ]
    out.sort(key=lambda s: (*status.sort_key(s.status, s.deadline), s.task.pk))
    return out


HYDRATE_CHUNK = 5000  # ids per query: SQLite allows 32,766 parameters in a statement


def hydrate(light: list[TaskState], today: dt.date | None = None, base: QuerySet[Task] | None = None) -> list[TaskState]:
    """Full states (Task objects with their relations) for these rows, in the same order."""
    today = today or timezone.localdate()
    base = Task.objects.all() if base is None else base
    ids = [s.task.pk for s in light]
    tasks: dict[int, Task] = {}
    for start in range(0, len(ids), HYDRATE_CHUNK):
        tasks.update((t.pk, t) for t in with_related(base.filter(pk__in=ids[start:start + HYDRATE_CHUNK])))
    return [state_of(tasks[pk], today) for pk in ids if pk in tasks]


def visible_tasks(user) -> QuerySet[Task]:
    return Task.objects.filter(permissions.task_q(user)).distinct()


def counts(task_states: Iterable[TaskState]) -> status.Counts:
    return status.count(i.status for s in task_states for i in s.items)


@dataclass
class UnitCounts:
    unit: object
    counts: status.Counts


def counts_by_unit(task_states: Iterable[TaskState]) -> list[UnitCounts]:
    """The Government report's table: one row per lead unit (by unit name)."""
    by_unit: dict[int, list[str]] = defaultdict(list)
    for s in task_states:
        by_unit[s.task.lead_unit_id].extend(i.status for i in s.items)
    # One query for the units: the states may be light ones (TaskRow carries only the unit id).
    units = OrgUnit.objects.in_bulk(list(by_unit))
    rows = [UnitCounts(units[uid], status.count(sts)) for uid, sts in by_unit.items()]
    rows.sort(key=lambda r: (r.unit.path, r.unit.name))
    return rows


# --------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class ReminderItem:
    task_id: int
    title: str
    period: str | None
    deadline: dt.date
    overdue: bool
    days: int  # days left (due soon) or days late (overdue)


def reminder_items(state: TaskState, today: dt.date, horizon: int = status.DUE_SOON_DAYS) -> list[ReminderItem]:
    """The open items of a task that are overdue or due within `horizon` days."""
    out = []
    for item in state.items:
        if item.completed_on is not None or item.deadline is None:
            continue
        if item.status == status.OVERDUE:
            out.append(ReminderItem(state.task.pk, state.task.title, item.period, item.deadline, True,
                                    (today - item.deadline).days))
        elif status.is_due_soon(item.deadline, None, today, horizon):
            out.append(ReminderItem(state.task.pk, state.task.title, item.period, item.deadline, False,
                                    (item.deadline - today).days))
    return out


# --------------------------------------------------------------------------- "my tasks"

# Memberships that make a user answer for the tasks a unit leads (reminders, "my tasks").
RESPONSIBLE_ROLES = frozenset({Role.REPORTER, Role.MANAGER, Role.ADMIN})


def led_by_units_q(unit_ids: Iterable[int]) -> Q:
    """Tasks led by these units or by one of their bodies (UBND xã for the xã's members)."""
    ids = list(unit_ids)
    return Q(lead_unit_id__in=ids) | (Q(lead_unit__parent_id__in=ids) & ~Q(lead_unit__kind__in=ADMIN_KINDS))


def my_tasks_q(user) -> Q:
    """Tasks the user answers for: led by a unit they report for or manage, or led by them."""
    unit_ids = {g.unit_id for g in access.grants(user) if g.role in RESPONSIBLE_ROLES}
    q = Q(leader__user=user) if user.is_authenticated else Q(pk__in=[])
    return q | led_by_units_q(unit_ids) if unit_ids else q


def reminders_for_user(user, today: dt.date | None = None) -> list[TaskState]:
    """The user's tasks due within 7 days or overdue (home page and /nhiem-vu/cua-toi/)."""
    today = today or timezone.localdate()
    if user is None or not user.is_authenticated:
        return []
    qs = Task.objects.filter(my_tasks_q(user)).filter(permissions.task_q(user)).distinct()
    return hydrate([s for s in light_states(qs, today) if s.status == status.OVERDUE or s.due_soon], today)
