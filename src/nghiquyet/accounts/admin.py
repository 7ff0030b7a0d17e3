"""Admin pages (/quan-tri/, superusers): users with their memberships, units, the access log."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from nghiquyet.core.admin import ReadOnlyAdmin
from nghiquyet.units.models import OrgUnit

from .models import AccessEvent, Membership

admin.site.site_header = "Quản trị Nghị Quyết"
admin.site.site_title = "Quản trị Nghị Quyết"
admin.site.index_title = _("Users, memberships and the access log")

User = get_user_model()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "created_at"]
    readonly_fields = ["created_at"]


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser", "last_login"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    """Searchable for the membership form; units are changed by `load-units`, not here."""

    list_display = ["code", "name", "kind", "official_code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "official_code", "search_name"]
    ordering = ["path"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    """Append-only: readable, never added, changed or deleted by hand."""

    list_display = ["at", "kind", "username", "ip", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip", "path", "detail"]
    date_hierarchy = "at"
