"""What is measured, and the figures each unit reports per period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nghiquyet.core.text import fold


class Field(models.Model):
    """A field of work (lĩnh vực): economy, agriculture, culture–society …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.name


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percent")
    MONEY = "money", _("Money")
    COUNT = "count", _("Count")
    BOOL = "bool", _("Yes/no")


class SpaceAggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    WEIGHTED_MEAN = "weighted_mean", _("Weighted mean")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    NONE = "none", _("Not aggregated")


class TimeAggregation(models.TextChoices):
    SUM = "sum", _("Sum (flow)")
    LAST = "last", _("Last value (stock)")
    MEAN = "mean", _("Mean")


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    value_type = models.CharField(_("value type"), max_length=16, choices=ValueType.choices, default=ValueType.NUMBER)
    space_aggregation = models.CharField(
        _("aggregation over units"), max_length=16, choices=SpaceAggregation.choices, default=SpaceAggregation.SUM
    )
    weight_indicator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="weighted_indicators",
        verbose_name=_("weight indicator"),
    )
    time_aggregation = models.CharField(
        _("aggregation over time"), max_length=8, choices=TimeAggregation.choices, default=TimeAggregation.LAST
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    min_value = models.FloatField(_("minimum"), null=True, blank=True)
    max_value = models.FloatField(_("maximum"), null=True, blank=True)
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("field"))
    description = models.TextField(_("description"), blank=True)
    search_name = models.CharField(max_length=400, editable=False, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)


class ValueKind(models.TextChoices):
    ESTIMATED = "estimated", _("Estimated")
    OFFICIAL = "official", _("Official")


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class DataValue(models.Model):
    """One figure, one owner: a unit's value of an indicator for a period (code from periods.py)."""

    # The composite unique key and (unit, period) index serve every lookup: no single-column FK indexes,
    # each one would slow down the bulk writes rollups depend on.
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", db_index=False)
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="values", db_index=False)
    period = models.CharField(_("period"), max_length=12)
    kind = models.CharField(_("kind"), max_length=10, choices=ValueKind.choices, default=ValueKind.OFFICIAL)
    value = models.FloatField(_("value"))
    status = models.CharField(_("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.APPROVED)
    is_sample = models.BooleanField(_("sample data"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period", "kind"], name="uniq_datavalue"),
        ]
        indexes = [models.Index(fields=["unit", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_id} {self.period}: {self.value}"


class RollupValue(models.Model):
    """Maintained aggregate of one indicator at one unit for one period and kind.

    Written by `indicators.services` whenever a figure changes, so reads never scan DataValue.
    `value` is what the unit shows: its own figure when entered, else `children_value`.
    `parent` is denormalised so the children of a unit are one indexed lookup.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.CASCADE, related_name="+", db_index=False)
    parent = models.ForeignKey("units.OrgUnit", null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    period = models.CharField(max_length=12)
    kind = models.CharField(max_length=10, choices=ValueKind.choices)
    own_value = models.FloatField(null=True)
    children_value = models.FloatField(null=True)
    children_count = models.PositiveIntegerField(default=0)
    value = models.FloatField(null=True)
    conflict = models.BooleanField(default=False)
    # True when the shown value is (or is built from) sample data, so pages can say so without a scan.
    sample = models.BooleanField(default=False)

    class Meta:
        # Reads name a unit and an indicator (and periods): the key leads with them, so reading
        # 24 months of one indicator at the nation touches 48 entries, not every unit's months.
        # It also serves a unit's page (all its figures). The second index serves rollup writes.
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period", "kind"], name="uniq_rollup"),
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "kind", "parent"], name="rollup_children"),
        ]


class DataValueChange(models.Model):
    """Audit of every change of a figure: who, when (UTC), from where, old and new value and status.

    Append-only: written by `indicators.services` in the same statement batch as the figure,
    never edited (the admin and the pages are read-only). A status "" means "no figure"
    (before a creation, after a deletion).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", db_index=False,
                                  verbose_name=_("indicator"))
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.CASCADE, related_name="+", db_index=False,
                             verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=12)
    kind = models.CharField(_("kind"), max_length=10, choices=ValueKind.choices)
    old_value = models.FloatField(_("old value"), null=True)
    new_value = models.FloatField(_("new value"), null=True)
    old_status = models.CharField(_("old status"), max_length=10, choices=ValueStatus.choices, blank=True, default="")
    new_status = models.CharField(_("new status"), max_length=10, choices=ValueStatus.choices, blank=True, default="")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False,
                                   verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("figure change")
        verbose_name_plural = _("figure changes")
        # The second index serves the audit log, newest first.
        indexes = [models.Index(fields=["indicator", "unit", "period"]),
                   models.Index(fields=["changed_at"], name="dvchange_changed_at")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period} {self.kind}: {self.old_value} → {self.new_value}"
