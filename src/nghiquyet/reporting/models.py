"""Reporting forms, submissions and their approval.

A `ReportingForm` lists the indicators a set of units reports for a periodicity, with the
cut-off day and deadline rule of the reporting regime (see `schedule.py`). A `Submission` is
one unit's form for one period and moves draft → submitted → approved, or back to returned
with a reason; `SubmissionEvent` records every step (append-only). The figures themselves are
`indicators.DataValue` rows written through `indicators.services.write_values`, whose status
follows the submission's (only approved figures roll up).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nghiquyet.resolutions.models import AuditedHistory

from . import schedule


class Periodicity(models.TextChoices):
    MONTH = schedule.MONTH, _("Monthly")
    QUARTER = schedule.QUARTER, _("Quarterly")
    HALF_YEAR = schedule.HALF_YEAR, _("Six-monthly")
    NINE_MONTHS = schedule.NINE_MONTHS, _("Nine months")
    YEAR = schedule.YEAR, _("Annual")


class Comparator(models.TextChoices):
    LTE = "lte", "≤"
    GTE = "gte", "≥"
    EQ = "eq", "="
    LT = "lt", "<"
    GT = "gt", ">"


def default_unit_kinds() -> list[str]:
    return ["commune", "ward", "special_zone"]


class ReportingForm(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    periodicity = models.CharField(_("periodicity"), max_length=16, choices=Periodicity.choices)
    cutoff_day = models.PositiveSmallIntegerField(
        _("cut-off day"), default=schedule.DEFAULT_CUTOFF_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Figures are taken up to this day of the period's last month (NĐ 09/2019: the 14th)."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to send after cut-off"), default=schedule.DEFAULT_DUE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    due_in_working_days = models.BooleanField(
        _("count working days"), default=True,
        help_text=_("Count Monday–Friday only (public holidays are not skipped)."),
    )
    scope_unit = models.ForeignKey(
        "units.OrgUnit", on_delete=models.PROTECT, related_name="reporting_forms", verbose_name=_("scope unit"),
        help_text=_("The units below this one report the form."),
    )
    unit_kinds = models.JSONField(
        _("reporting unit kinds"), default=default_unit_kinds,
        help_text=_("Kinds of units that report, e.g. [\"commune\", \"ward\", \"special_zone\"]."),
    )
    change_warning_percent = models.FloatField(
        _("warn on change above (%)"), default=30, null=True, blank=True,
        help_text=_("Warn (without blocking) when a figure changes more than this against the previous period."),
    )
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[AuditedHistory], excluded_fields=["created_at"], cascade_delete_history=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reporting form")
        verbose_name_plural = _("reporting forms")

    def __str__(self) -> str:
        return self.name

    @property
    def period_kind(self) -> str:
        return schedule.PERIOD_KIND[self.periodicity]

    def schedule_for(self, period: str) -> schedule.Schedule:
        return schedule.schedule(period, self.cutoff_day, self.due_days, self.due_in_working_days)


class ReportingFormItem(models.Model):
    form = models.ForeignKey(ReportingForm, on_delete=models.CASCADE, related_name="items", verbose_name=_("form"))
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="form_items", verbose_name=_("indicator"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=True)
    history = HistoricalRecords(bases=[AuditedHistory], cascade_delete_history=False)

    class Meta:
        ordering = ["form", "order", "id"]
        verbose_name = _("form item")
        verbose_name_plural = _("form items")
        constraints = [models.UniqueConstraint(fields=["form", "indicator"], name="uniq_form_item")]

    def __str__(self) -> str:
        return f"{self.form.code}: {self.indicator.code}"


class ValidationRule(models.Model):
    """left comparator right, e.g. poor households ≤ total households."""

    form = models.ForeignKey(ReportingForm, on_delete=models.CASCADE, related_name="rules", verbose_name=_("form"))
    left = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("left"))
    comparator = models.CharField(_("comparator"), max_length=4, choices=Comparator.choices, default=Comparator.LTE)
    right = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("right"))
    message = models.CharField(_("message"), max_length=300, blank=True)
    history = HistoricalRecords(bases=[AuditedHistory], cascade_delete_history=False)

    class Meta:
        ordering = ["form", "id"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")

    def __str__(self) -> str:
        return f"{self.left.code} {self.get_comparator_display()} {self.right.code}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Submission(models.Model):
    """One unit's report on one form for one period."""

    form = models.ForeignKey(ReportingForm, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("form"))
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="submissions", verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=12)
    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    period_start = models.DateField(_("figures from"))
    period_end = models.DateField(_("cut-off day"))
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("approved by"),
    )
    returned_reason = models.TextField(_("reason for return"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["form", "period", "unit"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["form", "unit", "period"], name="uniq_submission")]
        indexes = [models.Index(fields=["form", "period", "status"])]

    def __str__(self) -> str:
        return f"{self.form.code} {self.unit} {self.period}"

    @property
    def is_locked(self) -> bool:
        """Figures cannot be changed: sent and waiting for approval, or approved."""
        return self.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


class EventAction(models.TextChoices):
    CREATED = "created", _("Created")
    SAVED = "saved", _("Saved")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    UPLOADED = "uploaded", _("Uploaded from Excel")


class SubmissionEvent(models.Model):
    """One step of a submission: who, when (UTC), from which address, status before and after.

    Append-only: written by `reporting.services`, never updated or deleted.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=EventAction.choices)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed = models.PositiveIntegerField(_("figures changed"), default=0)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
