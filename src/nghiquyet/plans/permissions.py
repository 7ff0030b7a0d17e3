"""Who may see and change tasks and plans — built on accounts.access (see docs/tasks.md).

* See a task: anyone who can see its lead unit or its assigning unit (or, failing that, the
  issuer of its plan).
* See a plan: anyone who can see its issuer, or who leads one of its tasks (they then see only
  the tasks in their scope on the plan page).
* Update a task (progress, completion, occurrences, ask for an extension): reporters of the lead
  unit (or of the administrative unit the lead body belongs to), managers/admins of the lead
  unit or above, and managers/admins of the assigning unit or above.
* Create tasks, edit or reopen them, decide extensions: managers/admins of the assigning unit
  (the level that gave the task) or above. A lead unit cannot grant itself more time.
"""

from __future__ import annotations

from django.db.models import Q

from nghiquyet.accounts import access
from nghiquyet.accounts.models import Role


def task_q(user) -> Q:
    """Tasks the user may see (one indexed condition per membership)."""
    if access.is_superadmin(user):
        return Q()
    return access.unit_q(user, "lead_unit__") | access.unit_q(user, "assigner__") | access.unit_q(user, "plan__issuer__")


def plan_q(user) -> Q:
    if access.is_superadmin(user):
        return Q()
    return access.unit_q(user, "issuer__") | access.unit_q(user, "tasks__lead_unit__")


def assigner_of(task):
    """The level that gave the task: its assigning unit, else its plan's issuer, else the lead unit."""
    if task.assigner_id:
        return task.assigner
    if task.plan_id:
        return task.plan.issuer
    return task.lead_unit


def can_view_task(user, task) -> bool:
    return (
        access.can_view_unit(user, task.lead_unit)
        or (task.assigner_id is not None and access.can_view_unit(user, task.assigner))
        or (task.plan_id is not None and access.can_view_unit(user, task.plan.issuer))
    )


def _reports_for(user, unit) -> bool:
    """A reporter (or approver) of the unit itself, or of the admin unit a body belongs to."""
    targets = {unit.pk}
    if not unit.is_admin and unit.parent_id:
        targets.add(unit.parent_id)
    return any(g.role in (Role.REPORTER, Role.APPROVER) and g.unit_id in targets for g in access.grants(user))


def can_update_task(user, task) -> bool:
    if access.is_superadmin(user):
        return True
    lead = task.lead_unit
    return (
        _reports_for(user, lead)
        or access.can_manage(user, lead)
        or access.can_manage(user, assigner_of(task))
    )


def can_assign(user, unit) -> bool:
    """Create tasks given by `unit`, decide their extensions."""
    return access.can_manage(user, unit)


def can_decide(user, task) -> bool:
    return can_assign(user, assigner_of(task))


def can_view_plan(user, plan, *, leads_task: bool = False) -> bool:
    return access.can_view_unit(user, plan.issuer) or leads_task
