"""Daily reminders: who gets which tasks (pure), and the mail job built on it.

`build` is pure: from plain task data, the members of each lead unit and the leaders in
charge, it returns recipient → the items overdue or due within 7 days, for a given day. The
job (`send`, run by `nghiquyet send-reminders`, see docs/tasks.md) gathers that data from the
database, then sends one plain-text Vietnamese email per recipient with django.core.mail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import status

# --------------------------------------------------------------------------- pure part


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""


@dataclass(frozen=True)
class TaskInfo:
    task_id: int
    title: str
    lead_unit_id: int
    lead_unit_name: str
    leader_id: int | None
    # (period code or None, effective deadline, completed on) — one per countable item
    items: Sequence[tuple[str | None, dt.date | None, dt.date | None]]
    url: str = ""


@dataclass(frozen=True)
class Line:
    task_id: int
    title: str
    unit: str
    period: str | None
    deadline: dt.date
    overdue: bool
    days: int  # days late (overdue) or days left
    url: str = ""


@dataclass
class Message:
    recipient: Recipient
    overdue: list[Line] = field(default_factory=list)
    due_soon: list[Line] = field(default_factory=list)


def lines_of(task: TaskInfo, today: dt.date, horizon: int = status.DUE_SOON_DAYS) -> list[Line]:
    out = []
    for period, deadline, completed_on in task.items:
        if completed_on is not None or deadline is None:
            continue
        st = status.task_status(deadline, None, today)
        if st == status.OVERDUE:
            out.append(Line(task.task_id, task.title, task.lead_unit_name, period, deadline, True, (today - deadline).days, task.url))
        elif status.is_due_soon(deadline, None, today, horizon):
            out.append(Line(task.task_id, task.title, task.lead_unit_name, period, deadline, False, (deadline - today).days, task.url))
    return out


def build(
    tasks: Iterable[TaskInfo], unit_members: Mapping[int, Iterable[Recipient]],
    leaders: Mapping[int, Recipient], today: dt.date, horizon: int = status.DUE_SOON_DAYS,
) -> dict[str, Message]:
    """email (lower case) → its message; each task appears once per recipient.

    A task goes to every member of its lead unit (as given in `unit_members`) and to its
    leader in charge; a recipient reached both ways gets it once.
    """
    out: dict[str, Message] = {}
    seen: set[tuple[str, int, str | None]] = set()
    for task in tasks:
        lines = lines_of(task, today, horizon)
        if not lines:
            continue
        recipients = list(unit_members.get(task.lead_unit_id, ()))
        if task.leader_id is not None and task.leader_id in leaders:
            recipients.append(leaders[task.leader_id])
        for r in recipients:
            key = r.email.strip().lower()
            if not key:
                continue
            msg = out.setdefault(key, Message(r))
            for line in lines:
                if (key, line.task_id, line.period) in seen:
                    continue
                seen.add((key, line.task_id, line.period))
                (msg.overdue if line.overdue else msg.due_soon).append(line)
    for msg in out.values():
        msg.overdue.sort(key=lambda x: (x.deadline, x.task_id))
        msg.due_soon.sort(key=lambda x: (x.deadline, x.task_id))
    return out


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def render(msg: Message, today: dt.date, site: str = "") -> tuple[str, str]:
    """(subject, plain-text body) in Vietnamese."""
    subject = (
        f"[Nghị Quyết] Nhắc việc ngày {_fmt(today)}: {len(msg.overdue)} nhiệm vụ quá hạn, "
        f"{len(msg.due_soon)} nhiệm vụ đến hạn trong 7 ngày"
    )
    lines = [f"Kính gửi {msg.recipient.name or msg.recipient.email},", ""]

    def block(title: str, items: list[Line]) -> None:
        if not items:
            return
        lines.append(title)
        for n, x in enumerate(items, start=1):
            period = f" (kỳ {x.period})" if x.period else ""
            when = f"quá hạn {x.days} ngày" if x.overdue else ("đến hạn hôm nay" if x.days == 0 else f"còn {x.days} ngày")
            lines.append(f"{n}. {x.title}{period} — {x.unit}; hạn {_fmt(x.deadline)}, {when}.")
            if x.url:
                lines.append(f"   {site}{x.url}")
        lines.append("")

    block("NHIỆM VỤ QUÁ HẠN:", msg.overdue)
    block("NHIỆM VỤ ĐẾN HẠN TRONG 7 NGÀY TỚI:", msg.due_soon)
    lines.append("Thư tự động của hệ thống Nghị Quyết; xem danh sách đầy đủ tại trang Nhiệm vụ của tôi.")
    return subject, "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the job


def gather(today: dt.date) -> tuple[list[TaskInfo], dict[int, list[Recipient]], dict[int, Recipient]]:
    """Open tasks, the members answering for each lead unit, and the leaders' addresses."""
    from django.db.models import Q
    from django.urls import reverse

    from nghiquyet.accounts.models import Membership

    from . import queries
    from .models import Task

    # Statuses of every open task from plain columns; full objects only for the tasks with a
    # line to send (the others add nothing to any message).
    light = queries.light_states(Task.objects.filter(Q(completed_on__isnull=True)), today)
    wanted = [s for s in light if lines_of(TaskInfo(
        s.task.pk, "", s.task.lead_unit_id, "", None, [(i.period, i.deadline, i.completed_on) for i in s.items]), today)]
    infos = []
    lead_units = {}
    task_states = queries.hydrate(wanted, today, Task.objects.select_related("lead_unit", "leader__user"))
    for st in task_states:
        t = st.task
        lead_units[t.lead_unit_id] = t.lead_unit
        infos.append(TaskInfo(
            t.pk, t.title, t.lead_unit_id, t.lead_unit.name, t.leader_id,
            [(i.period, i.deadline, i.completed_on) for i in st.items], reverse("plans:task", args=[t.pk]),
        ))
    # A lead body (UBND xã) is answered for by the members of its unit (the xã) too.
    answering: dict[int, set[int]] = {uid: {uid} for uid in lead_units}
    for uid, unit in lead_units.items():
        if not unit.is_admin and unit.parent_id:
            answering[uid].add(unit.parent_id)
    wanted = {u for ids in answering.values() for u in ids}
    by_unit: dict[int, list[Recipient]] = {}
    for m in Membership.objects.filter(unit_id__in=wanted, role__in=queries.RESPONSIBLE_ROLES).select_related("user"):
        if m.user.is_active and m.user.email:
            by_unit.setdefault(m.unit_id, []).append(Recipient(m.user.email, m.user.get_full_name() or m.user.username))
    members = {uid: [r for u in ids for r in by_unit.get(u, [])] for uid, ids in answering.items()}
    leaders = {}
    for st in task_states:
        p = st.task.leader
        if p is None or p.pk in leaders:
            continue
        email = p.email or (p.user.email if p.user_id and p.user else "")
        if email:
            leaders[p.pk] = Recipient(email, p.full_name)
    return infos, members, leaders


def send(today: dt.date, *, dry_run: bool = False, site: str = "") -> list[tuple[Recipient, str, str]]:
    """Build and (unless dry_run) send the day's reminders; returns (recipient, subject, body)."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    tasks, members, leaders = gather(today)
    messages = build(tasks, members, leaders, today)
    out = []
    mails = []
    for msg in messages.values():
        subject, body = render(msg, today, site)
        out.append((msg.recipient, subject, body))
        mails.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [msg.recipient.email]))
    if mails and not dry_run:
        get_connection().send_messages(mails)
    return out
