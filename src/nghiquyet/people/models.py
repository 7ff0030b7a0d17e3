"""Cadres (cán bộ): people, the posts they hold, appointments, responsibilities, training."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

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
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)


class Post(models.Model):
    """A position (chức vụ) at a unit, e.g. "Bí thư Huyện ủy" at the district Party committee."""

    title = models.CharField(pgettext_lazy("post", "title"), max_length=200)
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit"))
    is_standing_committee = models.BooleanField(_("member of the standing committee"), default=False)
    is_executive_committee = models.BooleanField(_("member of the executive committee"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "order", "title"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [models.UniqueConstraint(fields=["unit", "title"], name="uniq_post_title")]

    def __str__(self) -> str:
        return self.title


class AppointmentKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    ELECTION = "election", _("Election")
    TRANSFER = "transfer", _("Transfer")
    ROTATION = "rotation", _("Rotation")
    SECONDMENT = "secondment", _("Secondment")


# Kinds that move a person from one unit to another (the rotation report reads these).
MOVE_KINDS = (AppointmentKind.TRANSFER, AppointmentKind.ROTATION, AppointmentKind.SECONDMENT)


class Appointment(models.Model):
    """A person holding a post for a period: the "posts held over time" of a person.

    `end_on` is the last day in post (inclusive); empty while the person still holds it.
    `from_unit` says where a transferred / rotated / seconded person came from.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("person"))
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("post"))
    kind = models.CharField(_("kind"), max_length=16, choices=AppointmentKind.choices, default=AppointmentKind.APPOINTMENT)
    from_unit = models.ForeignKey(
        "units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("from unit"),
    )
    start_on = models.DateField(_("start date"))
    end_on = models.DateField(_("end date"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start_on", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["kind", "start_on"]), models.Index(fields=["post", "start_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="appointment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"


class Responsibility(models.Model):
    """A leader in charge (phụ trách) of an area (a unit) or a field for a period: exactly one of them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("person"))
    unit = models.ForeignKey(
        "units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="responsibilities",
        verbose_name=_("area"),
    )
    field = models.ForeignKey(
        "indicators.Field", null=True, blank=True, on_delete=models.PROTECT, related_name="responsibilities",
        verbose_name=_("field"),
    )
    role = models.CharField(_("role"), max_length=120, default="phụ trách", blank=True)
    start_on = models.DateField(_("start date"))
    end_on = models.DateField(_("end date"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start_on", "pk"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(unit__isnull=False, field__isnull=True) | models.Q(unit__isnull=True, field__isnull=False)
                ),
                name="responsibility_unit_xor_field",
            ),
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="responsibility_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit or self.field}"

    @property
    def area(self):
        return self.unit or self.field


class TrainingKind(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("Political theory")
    STATE_MANAGEMENT = "state_management", _("State management")
    PROFESSIONAL = "professional", _("Professional")
    IT = "it", _("Information technology")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
    DEFENCE = "defence", _("National defence and security")
    OTHER = "other", _("Other")


class TrainingLevel(models.TextChoices):
    # Levels of political theory (lý luận chính trị).
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Training(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("person"))
    title = models.CharField(_("course"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=TrainingLevel.choices, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    start_on = models.DateField(_("start date"))
    end_on = models.DateField(_("end date"), null=True, blank=True)
    certificate = models.CharField(_("certificate"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start_on", "pk"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="training_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title
