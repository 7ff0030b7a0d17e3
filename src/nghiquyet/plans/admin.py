from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Extension, Milestone, Plan, Task, TaskOccurrence, TaskUpdate


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "kind", "issuer", "issued_on", "is_sample")
    list_filter = ("kind", "is_sample")
    search_fields = ("number", "title")
    raw_id_fields = ("issuer", "resolution", "parent")
    filter_horizontal = ("targets",)
    inlines = [MilestoneInline]


class UpdateInline(admin.TabularInline):
    model = TaskUpdate
    extra = 0
    readonly_fields = ("at", "by")


class ExtensionInline(admin.TabularInline):
    model = Extension
    extra = 0


class OccurrenceInline(admin.TabularInline):
    model = TaskOccurrence
    extra = 0


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "lead_unit", "leader", "deadline", "recurrence", "completed_on", "is_sample")
    list_filter = ("source", "recurrence", "is_sample")
    search_fields = ("code", "title")
    raw_id_fields = ("plan", "lead_unit", "assigner", "leader", "created_by", "support_units")
    inlines = [UpdateInline, ExtensionInline, OccurrenceInline]


@admin.register(Extension)
class ExtensionAdmin(SimpleHistoryAdmin):
    list_display = ("task", "requested_on", "new_deadline", "status", "decided_on")
    list_filter = ("status",)
    raw_id_fields = ("task", "requested_by", "decided_by")
