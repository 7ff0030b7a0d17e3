"""Resolutions, their quantified targets (chỉ tiêu) and annual plans."""

from __future__ import annotations

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from nghiquyet.core import context
from nghiquyet.core.text import fold


class AuditedHistory(models.Model):
    """Base of the history models: simple-history records who and when (UTC); this adds from where."""

    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _stamp_history(sender, history_instance, **kwargs) -> None:
    """Fill the address (and the user, outside simple-history's middleware) from the request context."""
    if not isinstance(history_instance, AuditedHistory):
        return
    if history_instance.ip_address is None:
        history_instance.ip_address = context.current_ip()
    if history_instance.history_user_id is None:
        history_instance.history_user_id = context.current().user_id


def _history() -> HistoricalRecords:
    return HistoricalRecords(bases=[AuditedHistory], excluded_fields=["search_name"], cascade_delete_history=False)


class IssuerKind(models.TextChoices):
    CONGRESS = "congress", _("Party Congress")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")


class Resolution(models.Model):
    issuer = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("issuing unit"))
    issuer_kind = models.CharField(_("issuing body"), max_length=20, choices=IssuerKind.choices, default=IssuerKind.CONGRESS)
    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=400)
    term_start = models.PositiveSmallIntegerField(_("term start"))
    term_end = models.PositiveSmallIntegerField(_("term end"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("implements"))
    is_sample = models.BooleanField(_("sample data"), default=False)
    source = models.CharField(_("source"), max_length=400, blank=True)
    search_name = models.CharField(max_length=500, editable=False, default="")
    history = _history()

    class Meta:
        ordering = ["-term_start", "number"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def term(self) -> str:
        return f"{self.term_start}-{self.term_end}"

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(f"{self.number} {self.title}")
        super().save(*args, **kwargs)


class TargetKind(models.TextChoices):
    LEVEL = "level", _("Level reached by the target year")
    AVG_GROWTH = "avg_growth", _("Average annual growth")
    AVG_CHANGE = "avg_change", _("Average annual change (points)")
    CUMULATIVE = "cumulative", _("Cumulative over the term")
    EVERY_YEAR = "every_year", _("Every year")
    COUNT_UNITS = "count_units", _("Number of units meeting a standard")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="
    RANGE = "range", _("range")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase is better")
    DECREASE = "decrease", _("Decrease is better")


class Target(models.Model):
    """A chỉ tiêu. See resolutions/progress.py and docs/target-calculus.md for the arithmetic.

    For `avg_growth` the target values are percent per year; for `avg_change` points per year
    (negative for a decrease, e.g. -4 for "giảm bình quân 4%/năm"); for `count_units` the
    indicator is a yes/no indicator reported per unit and the target counts units in `scope_unit`.
    """

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("target text"))
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(_("kind"), max_length=16, choices=TargetKind.choices)
    field = models.ForeignKey("indicators.Field", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("field"))
    scope_unit = models.ForeignKey("units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("scope"))
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target_min = models.FloatField(_("target (minimum)"), null=True, blank=True)
    target_max = models.FloatField(_("target (maximum)"), null=True, blank=True)
    comparator = models.CharField(_("comparator"), max_length=8, choices=Comparator.choices, default=Comparator.GTE)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    parent_target = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="child_targets")
    order = models.PositiveSmallIntegerField(default=0)
    history = _history()

    class Meta:
        ordering = ["resolution", "order", "code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["resolution", "code"], name="uniq_target_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def unit(self):
        """The unit whose figures judge this target: its scope, else the issuer's admin unit.

        A resolution is often issued by a body (a Party committee); its figures are the
        figures of the administrative unit the body belongs to.
        """
        return self.scope_unit if self.scope_unit_id else self.resolution.issuer.admin_unit


class AnnualPlan(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="annual_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("plan value"))
    history = _history()

    class Meta:
        ordering = ["target", "year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [models.UniqueConstraint(fields=["target", "year"], name="uniq_annual_plan")]
