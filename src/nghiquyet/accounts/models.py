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


class EventKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Logged out")
    REFUSED = "refused", _("Access refused")


class AccessEvent(models.Model):
    """Append-only log of log-ins and refused accesses (who, from where, what, when — UTC).

    Written only by `accounts.events.record`; no page edits or deletes rows (the admin is read-only).
    """

    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices, db_index=True)
    username = models.CharField(_("user name"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="access_events", verbose_name=_("user"),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.username}"
