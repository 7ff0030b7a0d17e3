"""Forms of the task and plan pages: they only parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nghiquyet.accounts import access
from nghiquyet.core.forms import unit_label
from nghiquyet.people.models import Person
from nghiquyet.resolutions.models import Resolution, Target
from nghiquyet.units.models import OrgUnit, UnitKind

from . import permissions
from .models import Plan, PlanKind, Recurrence


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UpdateForm(forms.Form):
    text = forms.CharField(label=_("Progress report"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100, required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False)
    completed_on = forms.DateField(
        label=_("Completed on (fill in only when the task is done)"), required=False, widget=DateInput(),
    )


class ExtensionRequestForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class OccurrenceForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


# --------------------------------------------------------------------------- plan and task editors
# Choices are limited to the user's scope, so a unit, resolution or person out of scope is an
# "invalid choice" error; the services check the same rules again (they are the authority).

REQUIRED = {"required": _("This field is required.")}
NOT_NEGATIVE = {"min_value": _("Must not be negative.")}
YEAR = {"min_value": _("Enter a year from 1945 to 2100."), "max_value": _("Enter a year from 1945 to 2100.")}
DUE_DAY = {"min_value": _("Enter a day from 1 to 31."), "max_value": _("Enter a day from 1 to 31.")}
_NOT_ISSUERS = [UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP]


def manageable_units(user, include: OrgUnit | None = None):
    """Existing units the user manages that may issue a plan or give a task (no villages).

    A superuser manages everything: the list is cut to the nation, the provinces, their bodies
    and the communes (depth ≤ 2); deeper levels are reached from their plans.
    """
    qs = OrgUnit.objects.current().exclude(kind__in=_NOT_ISSUERS)
    if access.is_superadmin(user):
        qs = qs.filter(depth__lte=2)
    else:
        qs = qs.filter(access.unit_q(user, "", access.MANAGE_ROLES))
    if include is not None:
        qs = qs | OrgUnit.objects.filter(pk=include.pk)
    return qs.order_by("path")


def manageable_plans(user):
    """Plans whose issuer the user manages (tasks may be added to them)."""
    return Plan.objects.filter(access.unit_q(user, "issuer__", access.MANAGE_ROLES)).select_related("issuer")


# Non-breaking spaces: an <option> collapses ordinary ones.
INDENT = "\u00a0\u00a0"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{INDENT * max(obj.depth - 1, 0)}{unit_label(obj)}"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Plan) -> str:
        head = f"{obj.number} — " if obj.number else ""
        return f"{head}{obj.title[:90]} ({obj.issuer.name})"


class TargetsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Target) -> str:
        return f"{obj.code}. {obj.text[:160]}"


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    issuer = UnitChoiceField(label=_("Issuing unit"), queryset=OrgUnit.objects.none(), error_messages=REQUIRED)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=400, error_messages=REQUIRED)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    resolution = forms.ModelChoiceField(label=_("Resolution it implements"), queryset=Resolution.objects.none(), required=False)
    targets = TargetsField(label=_("Targets it moves"), queryset=Target.objects.none(), required=False,
                           widget=forms.CheckboxSelectMultiple)
    parent = PlanChoiceField(label=_("Part of (parent plan)"), queryset=Plan.objects.none(), required=False)
    start_year = forms.IntegerField(label=_("Start year"), required=False, min_value=1945, max_value=2100,
                                    error_messages=YEAR)
    end_year = forms.IntegerField(label=_("End year"), required=False, min_value=1945, max_value=2100,
                                    error_messages=YEAR)
    budget_planned = forms.DecimalField(label=_("Planned budget (million đồng)"), required=False, min_value=0,
                                        max_digits=14, decimal_places=1, localize=True,
                                        error_messages=NOT_NEGATIVE)
    budget_disbursed = forms.DecimalField(label=_("Disbursed (million đồng)"), required=False, min_value=0,
                                          max_digits=14, decimal_places=1, localize=True,
                                        error_messages=NOT_NEGATIVE)
    summary = forms.CharField(label=pgettext_lazy("plan", "Summary"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, plan: Plan | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = manageable_units(user, include=plan.issuer if plan else None)
        resolutions = Resolution.objects.filter(access.resolution_q(user)).select_related("issuer")
        self.fields["resolution"].queryset = resolutions.order_by("-term_start", "number")
        self.fields["targets"].queryset = Target.objects.filter(resolution__in=resolutions).order_by(
            "resolution_id", "order", "code")
        parents = Plan.objects.filter(permissions.plan_q(user)).distinct().select_related("issuer")
        if plan is not None:
            parents = parents.exclude(pk=plan.pk)
        self.fields["parent"].queryset = parents.order_by("issuer__path", "-issued_on", "number")

    def target_groups(self) -> list[dict]:
        """Targets grouped by resolution, for the checkbox list the page filters by resolution."""
        chosen = {str(v) for v in (self["targets"].value() or [])}
        groups: dict[int, dict] = {}
        for t in self.fields["targets"].queryset.select_related("resolution"):
            g = groups.setdefault(t.resolution_id, {"resolution": t.resolution, "targets": []})
            g["targets"].append({"target": t, "checked": str(t.pk) in chosen})
        return list(groups.values())


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300, error_messages=REQUIRED)
    due_on = forms.DateField(label=_("Planned date"), required=False, widget=DateInput())


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Reached on"), widget=DateInput(), error_messages=REQUIRED)


class StartForm(forms.Form):
    """Step one of "giao nhiệm vụ" when neither a plan nor an assigning unit was given."""

    ke_hoach = PlanChoiceField(label=_("Plan or program"), queryset=Plan.objects.none(), required=False)
    don_vi_giao = UnitChoiceField(label=_("Assigning unit"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ke_hoach"].queryset = manageable_plans(user).filter(
            Q(issuer__valid_to__isnull=True)).order_by("issuer__path", "-issued_on", "number")
        self.fields["don_vi_giao"].queryset = manageable_units(user)


class TaskForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30, required=False)
    title = forms.CharField(label=_("Task"), max_length=500, error_messages=REQUIRED,
                            widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Description"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    bulk = forms.BooleanField(label=_("Assign to every commune and ward under"), required=False)
    bulk_under = UnitChoiceField(label=_("Communes and wards under"), queryset=OrgUnit.objects.none(), required=False)
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=OrgUnit.objects.none(), required=False)
    support_units = UnitsChoiceField(label=_("Support units"), queryset=OrgUnit.objects.none(), required=False,
                                     widget=forms.SelectMultiple(attrs={"size": 6}))
    leader = forms.ModelChoiceField(label=_("Leader in charge"), queryset=Person.objects.none(), required=False)
    assigned_on = forms.DateField(label=_("Assigned on"), required=False, widget=DateInput())
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices, initial=Recurrence.NONE)
    deadline = forms.DateField(label=_("Deadline (recurring: last day of the recurrence)"), required=False,
                               widget=DateInput())
    due_day = forms.IntegerField(label=_("Due day of the period's last month"), required=False, min_value=1, max_value=31,
                                 error_messages=DUE_DAY)
    deliverable = forms.CharField(label=_("Expected deliverable"), max_length=300, required=False)

    def __init__(self, *args, user, assigner: OrgUnit, task=None, schedule_locked: bool = False, **kwargs) -> None:
        from . import services

        super().__init__(*args, **kwargs)
        leads = services.lead_unit_choices(assigner)
        if task is not None:  # keep the current lead and support units even if they have ended
            leads = leads | OrgUnit.objects.filter(pk__in=[task.lead_unit_id, *task.support_units.values_list("pk", flat=True)])
            del self.fields["bulk"], self.fields["bulk_under"]
        else:
            roots = services.bulk_roots(assigner)
            if roots.exists():
                self.fields["bulk_under"].queryset = roots
            else:  # a commune assigns to its own bodies and villages: no "every commune"
                del self.fields["bulk"], self.fields["bulk_under"]
        self.fields["lead_unit"].queryset = leads.order_by("path")
        self.fields["support_units"].queryset = leads.order_by("path")
        people = Person.objects.filter(access.unit_q(user, "unit__"))
        if task is not None and task.leader_id:
            people = people | Person.objects.filter(pk=task.leader_id)
        self.fields["leader"].queryset = people.order_by("full_name")
        if schedule_locked:
            for name in ("assigned_on", "recurrence", "deadline", "due_day"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("bulk"):
            if not data.get("bulk_under"):
                self.add_error("bulk_under", "Hãy chọn đơn vị có các xã, phường cần giao.")
        elif not data.get("lead_unit") and "lead_unit" not in self.errors:
            self.add_error("lead_unit", "Hãy chọn đơn vị chủ trì.")
        if data.get("recurrence") == Recurrence.NONE and data.get("due_day"):
            self.add_error("due_day", "Chỉ nhiệm vụ định kỳ (hằng tháng, quý, năm) mới có ngày đến hạn trong kỳ.")
        return data
