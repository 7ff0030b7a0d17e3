"""Cadres (cán bộ): people, the posts they hold, appointments, responsibilities, training."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nghiquyet.core.text import fold


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    is_party_member = models.BooleanField(_("Party member"), default=True)
    # The unit whose cadre list the person is on (their current workplace), for scope checks.
    unit = models.ForeignKey("units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit"))
    user = models.OneToOneField("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="person", verbose_name=_("user account"))
    email = models.EmailField(_("email"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    search_name = models.CharField(max_length=200, editable=False, default="", db_index=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)
