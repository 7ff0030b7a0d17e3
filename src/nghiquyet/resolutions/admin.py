"""Admin: resolutions, targets and plans keep their history (simple-history); the history is read-only."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from nghiquyet.core.admin import ReadOnlyAdmin

from .models import AnnualPlan, Resolution, Target


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "issuer", "term_start", "term_end", "is_sample")
    list_select_related = ("issuer",)
    search_fields = ("number", "search_name")
    raw_id_fields = ("issuer", "parent")


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("code", "text", "resolution", "kind", "target_year")
    list_select_related = ("resolution",)
    search_fields = ("code", "text", "resolution__number")
    raw_id_fields = ("resolution", "indicator", "scope_unit", "parent_target")


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ("target", "year", "value")
    list_select_related = ("target",)
    raw_id_fields = ("target",)


class HistoryAdmin(ReadOnlyAdmin):
    list_display = ("history_date", "history_type", "history_user", "ip_address", "history_change_reason", "__str__")
    list_filter = ("history_type",)
    list_select_related = ("history_user",)
    date_hierarchy = "history_date"
    show_full_result_count = False


for _model in (Resolution, Target, AnnualPlan):
    admin.site.register(_model.history.model, HistoryAdmin)
