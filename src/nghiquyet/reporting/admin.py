"""Admin for forms and their items and rules. Submissions are read-only here: every change of
status goes through `reporting.services` so that it is checked and audited."""

from django.contrib import admin

from .models import ReportingForm, ReportingFormItem, Submission, SubmissionEvent, ValidationRule


class ItemInline(admin.TabularInline):
    model = ReportingFormItem
    extra = 0
    raw_id_fields = ["indicator"]


class RuleInline(admin.TabularInline):
    model = ValidationRule
    extra = 0
    raw_id_fields = ["left", "right"]


@admin.register(ReportingForm)
class ReportingFormAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "periodicity", "cutoff_day", "due_days", "scope_unit", "active", "is_sample"]
    list_filter = ["periodicity", "active", "is_sample"]
    search_fields = ["code", "name"]
    raw_id_fields = ["scope_unit"]
    inlines = [ItemInline, RuleInline]


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "reason", "changed", "user", "at", "ip"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["form", "unit", "period", "status", "due_on", "submitted_at", "approved_at"]
    list_filter = ["form", "status", "period"]
    search_fields = ["unit__name", "unit__code"]
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
