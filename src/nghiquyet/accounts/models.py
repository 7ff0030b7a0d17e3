"""Who may do what where: a user's memberships (unit, role), and the access log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Every role also lets its holder see the unit's subtree.
    VIEWER = "viewer", _("Viewer")
    REPORTER = "reporter", _("Reporter")  # enters figures for that unit
    APPROVER = "approver", _("Approver")  # approves figures of that unit and every unit below it
    MANAGER = "manager", _("Manager")  # manages resolutions, targets, forms, plans in the subtree
    ADMIN = "admin", _("Administrator")  # all of the above, and users, in the subtree


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
