"""Admin of the people app: a superuser's tool. Pages and commands write through services.py."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Appointment, Person, Post, Responsibility, Training


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    raw_id_fields = ("post", "from_unit")


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    raw_id_fields = ("unit",)


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "birth_year", "unit", "is_party_member", "is_sample")
    list_filter = ("is_sample", "gender", "is_party_member")
    search_fields = ("full_name", "search_name")
    raw_id_fields = ("unit", "user")
    inlines = [AppointmentInline, ResponsibilityInline, TrainingInline]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ("title", "unit", "order", "is_standing_committee", "is_executive_committee", "is_sample")
    list_filter = ("is_standing_committee", "is_executive_committee", "is_sample")
    search_fields = ("title",)
    raw_id_fields = ("unit",)


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ("person", "post", "kind", "start_on", "end_on", "decision_number", "is_sample")
    list_filter = ("kind", "is_sample")
    search_fields = ("person__full_name", "post__title", "decision_number")
    raw_id_fields = ("person", "post", "from_unit")
    date_hierarchy = "start_on"


@admin.register(Responsibility)
class ResponsibilityAdmin(SimpleHistoryAdmin):
    list_display = ("person", "unit", "field", "role", "start_on", "end_on", "is_sample")
    list_filter = ("field", "is_sample")
    search_fields = ("person__full_name", "unit__name")
    raw_id_fields = ("person", "unit")


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ("person", "title", "kind", "level", "start_on", "end_on", "is_sample")
    list_filter = ("kind", "level", "is_sample")
    search_fields = ("person__full_name", "title")
    raw_id_fields = ("person",)
