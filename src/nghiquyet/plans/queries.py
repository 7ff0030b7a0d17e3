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
from nghiquyet.units.models import ADMIN_KINDS

from . import permissions, status
from .models import Extension, ExtensionStatus, Recurrence, Task, TaskOccurrence
from .services import recurrence_end


@dataclass(frozen=True)
class Item:
    """One countable unit: a one-off task, or one occurrence of a recurring task."""

    period: str | None
    deadline: dt.date | None
    completed_on: dt.date | None
    status: str

    @property
    def period_label(self) -> str:
        from nghiquyet.indicators import periods

        return periods.label(self.period) if self.period else ""

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def css(self) -> str:
        return status.CSS_CLASSES[self.status]


@dataclass
class TaskState:
    task: Task
    status: str
    deadline: dt.date | None  # effective deadline; recurring: of the first open occurrence
    items: list[Item] = field(default_factory=list)
    due_soon: bool = False
    days_late: int = 0
    extended: bool = False  # an approved extension moved the deadline
    pending_extension: bool = False

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def css(self) -> str:
        return status.CSS_CLASSES[self.status]

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
        occs = status.occurrences(
            task.recurrence, task.assigned_on or today, today, until=recurrence_end(task), due_day=task.due_day,
        )
        rows = status.occurrence_statuses(occs, done, today)
        items = [Item(r.occurrence.period, r.occurrence.deadline, r.completed_on, r.status) for r in rows]
        summary = status.summary_status(i.status for i in items)
        open_items = [i for i in items if i.completed_on is None]
        deadline = open_items[0].deadline if open_items else (items[-1].deadline if items else None)
        due_soon = any(status.is_due_soon(i.deadline, i.completed_on, today) for i in items)
        late = max((status.days_late(i.deadline, i.completed_on, today) for i in items if i.status == status.OVERDUE), default=0)
        return TaskState(task, summary, deadline, items, due_soon, late)
    extensions = list(task.extensions.all())
    approved = [e.new_deadline for e in extensions if e.status == ExtensionStatus.APPROVED]
    ongoing = task.recurrence == Recurrence.ONGOING
    deadline = None if ongoing else status.effective_deadline(task.deadline, approved)
    st = status.task_status(deadline, task.completed_on, today, ongoing=ongoing)
    return TaskState(
        task, st, deadline, [Item(None, deadline, task.completed_on, st)],
        due_soon=status.is_due_soon(deadline, task.completed_on, today),
        days_late=status.days_late(deadline, task.completed_on, today) if st in (status.OVERDUE, status.DONE_LATE) else 0,
        extended=bool(approved) and deadline != task.deadline,
        pending_extension=any(e.status == ExtensionStatus.REQUESTED for e in extensions),
    )


def states(tasks: Iterable[Task], today: dt.date | None = None) -> list[TaskState]:
    """States sorted the way every list shows them: overdue first (oldest deadline first)."""
    today = today or timezone.localdate()
    out = [state_of(t, today) for t in tasks]
    out.sort(key=lambda s: (*status.sort_key(s.status, s.deadline), s.task.pk))
    return out


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
    units = {}
    for s in task_states:
        units[s.task.lead_unit_id] = s.task.lead_unit
        by_unit[s.task.lead_unit_id].extend(i.status for i in s.items)
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
    qs = with_related(Task.objects.filter(my_tasks_q(user)).filter(permissions.task_q(user)).distinct())
    return [s for s in states(qs, today) if s.status == status.OVERDUE or s.due_soon]
