"""Plans, programs and projects that deliver a resolution, and the one Task engine.

Every "someone must do X by a date" is a Task: a plan item, a point of a conclusion
notice, an inspection recommendation, an obstacle to resolve. Status is computed from
dates by plans/status.py (pure), never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PlanKind(models.TextChoices):
    IMPLEMENTATION_PLAN = "implementation_plan", _("Implementation plan")
    ACTION_PROGRAM = "action_program", _("Action program")
    PROGRAM = "program", _("Program")
    PROJECT = "project", _("Project")
    CONCLUSION = "conclusion", _("Conclusion notice")


class Plan(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=PlanKind.choices)
    issuer = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="plans", verbose_name=_("issuing unit"))
    number = models.CharField(_("number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=400)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    resolution = models.ForeignKey("resolutions.Resolution", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans", verbose_name=_("resolution"))
    targets = models.ManyToManyField("resolutions.Target", blank=True, related_name="plans", verbose_name=_("targets it moves"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("part of"))
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    # Programs and projects: million đồng.
    budget_planned = models.DecimalField(_("planned budget (million đồng)"), max_digits=14, decimal_places=1, null=True, blank=True)
    budget_disbursed = models.DecimalField(_("disbursed (million đồng)"), max_digits=14, decimal_places=1, null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    source = models.CharField(_("source"), max_length=400, blank=True)
    # Audit of every edit made in the app or the admin (who, when, old and new values).
    history = HistoricalRecords()

    class Meta:
        ordering = ["issuer", "-issued_on", "number"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title


class TaskSource(models.TextChoices):
    PLAN = "plan", _("Plan or program")
    CONCLUSION = "conclusion", _("Conclusion notice")
    RECOMMENDATION = "recommendation", _("Inspection recommendation")
    OBSTACLE = "obstacle", _("Obstacle to resolve")
    OTHER = "other", _("Other")


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    ONGOING = "ongoing", _("Ongoing (thường xuyên)")


class Task(models.Model):
    source = models.CharField(_("source"), max_length=16, choices=TaskSource.choices, default=TaskSource.PLAN)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    # The unit that gave the task (the plan's issuer, the inspecting body…): its managers create
    # tasks and decide extensions; its users see the task as well as the lead unit's.
    assigner = models.ForeignKey("units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_tasks", verbose_name=_("assigning unit"))
    code = models.CharField(_("code"), max_length=30, blank=True)
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("lead unit"))
    support_units = models.ManyToManyField("units.OrgUnit", blank=True, related_name="supported_tasks", verbose_name=_("support units"))
    leader = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks", verbose_name=_("leader in charge"))
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=12, choices=Recurrence.choices, default=Recurrence.NONE)
    # Recurring tasks: the day of the period's last month each occurrence is due (None: last day).
    due_day = models.PositiveSmallIntegerField(_("due day of the month"), null=True, blank=True)
    deliverable = models.CharField(_("expected deliverable"), max_length=300, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Audit of every change (completion, percent, deadline…): who, when, old and new values.
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["lead_unit", "deadline"]), models.Index(fields=["leader", "deadline"])]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan"))
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: TaskUpdate, filename: str) -> str:
    return f"nhiem-vu/{instance.task_id}/{filename}"


class TaskUpdate(models.Model):
    """A progress report on a task: append-only (it is its own audit trail)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates", verbose_name=_("task"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by"))
    text = models.TextField(_("progress report"))
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True, max_length=300)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["task", "-at", "-pk"]
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")

    def __str__(self) -> str:
        return self.text[:60]


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """A request to move a task's deadline; only approved ones move it (plans/status.py)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("task"))
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("requested by"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=12, choices=ExtensionStatus.choices, default=ExtensionStatus.REQUESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["task", "requested_on", "pk"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self) -> str:
        return f"{self.task_id} → {self.new_deadline}"


class TaskOccurrence(models.Model):
    """The completion of one period of a recurring task (period codes of indicators.periods)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("task"))
    period = models.CharField(_("period"), max_length=12)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("completed by"))
    note = models.TextField(_("note"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["task", "period"]
        verbose_name = _("task occurrence")
        verbose_name_plural = _("task occurrences")
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="uniq_task_occurrence")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.period}"
