"""Administrative units and the bodies beside them, with their history across reforms."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from nghiquyet.core.text import fold


class UnitKind(models.TextChoices):
    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")
    RESIDENTIAL_GROUP = "residential_group", _("Residential group")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    AGENCY = "agency", _("Agency")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    PARTY_CELL = "party_cell", _("Party cell")


ADMIN_KINDS = {
    UnitKind.NATION, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.WARD,
    UnitKind.SPECIAL_ZONE, UnitKind.TOWNSHIP, UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP,
}
COMMUNE_LEVEL_KINDS = {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE, UnitKind.TOWNSHIP}


def unit_search_name(name: str, short_name: str = "", official_code: str = "") -> str:
    """The folded text a unit is found by; bulk loaders write the same as save()."""
    return fold(f"{name} {short_name} {official_code}")


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def valid_on(self, day: dt.date) -> OrgUnitQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day),
        )

    def current(self) -> OrgUnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def search(self, query: str) -> OrgUnitQuerySet:
        return self.filter(search_name__contains=fold(query))

    def subtree(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def by_level(self) -> OrgUnitQuerySet:
        """Higher levels first; at each level the administrative units, then the bodies, by name
        without diacritics (ids in the path would order siblings arbitrarily)."""
        admin_first = models.Case(models.When(kind__in=ADMIN_KINDS, then=models.Value(0)), default=models.Value(1))
        return self.annotate(body_rank=admin_first).order_by("depth", "body_rank", "search_name")


class OrgUnit(models.Model):
    """A node of the tree: nation → province → commune → village, and bodies beside them.

    `path` is a materialised path of ids ("/1/7/42/") so a subtree is one indexed prefix scan.
    `valid_to` is the first day the unit no longer exists (exclusive).
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    official_code = models.CharField(_("official code"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    search_name = models.CharField(max_length=255, editable=False, default="", db_index=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_admin(self) -> bool:
        return self.kind in ADMIN_KINDS

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def admin_unit(self) -> OrgUnit:
        """The administrative unit whose figures this unit speaks for: itself, or a body's parent."""
        return self if self.is_admin or self.parent_id is None else self.parent

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent (excluding self)."""
        return [int(p) for p in self.path.strip("/").split("/")[:-1] if p]

    def save(self, *args, **kwargs) -> None:
        self.search_name = unit_search_name(self.name, self.short_name, self.official_code)
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            self.depth = path.count("/") - 2
            OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old:  # a moved unit drags its subtree along
                for child in OrgUnit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old):]
                    child.depth = child.path.count("/") - 2
                    OrgUnit.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    ABOLISH = "abolish", _("Abolish")


class Succession(models.Model):
    """`new_unit` took over (all or `share` of) `old_unit` on `date`."""

    old_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="successors_links")
    new_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="predecessor_links")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=SuccessionKind.choices)
    share = models.FloatField(_("share"), null=True, blank=True, help_text=_("Share of the old unit taken over, 0–1; empty means all."))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [models.UniqueConstraint(fields=["old_unit", "new_unit", "date"], name="uniq_succession")]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.new_unit} ({self.date:%d/%m/%Y})"
