"""Inspections, supervision, recommendations, obstacles and briefings.

Every "someone must do X by a date" here is a `plans.Task` (one status engine, one overdue list):
a recommendation of an inspection and an obstacle assigned for resolution each own one task.
Their state is read from that task (`plans.status`), never stored a second time, so the two
cannot drift: completing the task through `plans.services.complete_task` closes the
recommendation. Writes go through `oversight.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection (kiểm tra)")
    SUPERVISION = "supervision", _("Supervision (giám sát)")


class InspectionMode(models.TextChoices):
    REGULAR = "regular", _("Regular, by programme")
    THEMATIC = "thematic", _("Thematic")
    ON_SIGNS = "on_signs", _("On signs of violation")


class Inspection(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    mode = models.CharField(_("mode"), max_length=12, choices=InspectionMode.choices)
    # The inspecting body (Ủy ban Kiểm tra Huyện ủy, HĐND huyện …).
    body = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="inspections_made", verbose_name=_("inspecting body"))
    units = models.ManyToManyField("units.OrgUnit", related_name="inspections_received", verbose_name=_("inspected units"))
    title = models.CharField(_("title"), max_length=400)
    resolution = models.ForeignKey("resolutions.Resolution", null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections", verbose_name=_("resolution"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    findings = models.TextField(_("findings"), blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=60, blank=True)
    conclusion_date = models.DateField(_("conclusion date"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A point of an inspection's conclusion, addressed to one inspected unit; carried by a Task."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("inspection"))
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("addressed to"))
    text = models.TextField(_("recommendation"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    task = models.OneToOneField("plans.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="recommendation", verbose_name=_("task"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "order", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def closed_on(self):
        """The day the recommendation was carried out: its task's completion day (never a copy)."""
        return self.task.completed_on if self.task_id else None


class Obstacle(models.Model):
    """A difficulty (khó khăn, vướng mắc) a unit reports, escalated to a level above and resolved."""

    reported_by = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="obstacles_reported", verbose_name=_("reported by"))
    field = models.ForeignKey("indicators.Field", null=True, blank=True, on_delete=models.SET_NULL, related_name="obstacles", verbose_name=_("field"))
    resolution = models.ForeignKey("resolutions.Resolution", null=True, blank=True, on_delete=models.SET_NULL, related_name="obstacles", verbose_name=_("resolution"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    reported_on = models.DateField(_("reported on"))
    escalated_to = models.ForeignKey("units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="obstacles_escalated", verbose_name=_("escalated to"))
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    assignee_unit = models.ForeignKey("units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="obstacles_assigned", verbose_name=_("unit to resolve"))
    assignee = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="obstacles_assigned", verbose_name=_("person in charge"))
    resolve_by = models.DateField(_("resolve by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    task = models.OneToOneField("plans.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="obstacle", verbose_name=_("task"))
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "pk"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self) -> str:
        return self.title


class Briefing(models.Model):
    """A session where a unit studied (học tập, quán triệt) a resolution, with its attendance."""

    resolution = models.ForeignKey("resolutions.Resolution", on_delete=models.CASCADE, related_name="briefings", verbose_name=_("resolution"))
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="briefings", verbose_name=_("holding unit"))
    held_on = models.DateField(_("held on"))
    cadres_expected = models.PositiveIntegerField(_("cadres expected"), default=0)
    cadres_present = models.PositiveIntegerField(_("cadres present"), default=0)
    members_expected = models.PositiveIntegerField(_("Party members expected"), default=0)
    members_present = models.PositiveIntegerField(_("Party members present"), default=0)
    note = models.CharField(_("note"), max_length=400, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "unit", "held_on"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        constraints = [
            models.CheckConstraint(condition=models.Q(cadres_present__lte=models.F("cadres_expected")), name="briefing_cadres_present_lte_expected"),
            models.CheckConstraint(condition=models.Q(members_present__lte=models.F("members_expected")), name="briefing_members_present_lte_expected"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.resolution.number} ({self.held_on:%d/%m/%Y})"
