"""Admin: the audit of figures is visible to administrators and can never be edited there."""

from __future__ import annotations

from django.contrib import admin

from nghiquyet.core.admin import ReadOnlyAdmin

from .models import DataValueChange


@admin.register(DataValueChange)
class DataValueChangeAdmin(ReadOnlyAdmin):
    list_display = ("changed_at", "indicator", "unit", "period", "kind", "old_value", "new_value",
                    "old_status", "new_status", "changed_by", "ip", "source")
    list_filter = ("kind", "new_status")
    list_select_related = ("indicator", "unit", "changed_by")
    search_fields = ("unit__code", "indicator__code", "changed_by__username", "period")
    date_hierarchy = "changed_at"
    show_full_result_count = False  # the table can be large: no COUNT(*) on every page
