"""Admin views are read-mostly: writes that create tasks go through services (the pages, the demo)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Briefing, Inspection, Obstacle, Recommendation


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ("order", "unit", "text", "deadline", "task")
    readonly_fields = ("task",)
    raw_id_fields = ("unit",)


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "mode", "body", "period_start", "period_end", "is_sample")
    list_filter = ("kind", "mode", "is_sample")
    search_fields = ("title", "decision_number", "conclusion_number")
    raw_id_fields = ("body", "units", "resolution")
    inlines = [RecommendationInline]


@admin.register(Obstacle)
class ObstacleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "reported_by", "reported_on", "escalated_to", "resolve_by", "answered_on", "is_sample")
    list_filter = ("is_sample", "field")
    search_fields = ("title", "description", "answer")
    raw_id_fields = ("reported_by", "escalated_to", "assignee_unit", "assignee", "resolution")
    readonly_fields = ("task",)


@admin.register(Briefing)
class BriefingAdmin(SimpleHistoryAdmin):
    list_display = ("resolution", "unit", "held_on", "cadres_present", "cadres_expected",
                    "members_present", "members_expected", "is_sample")
    list_filter = ("is_sample", "resolution")
    raw_id_fields = ("unit", "resolution")
