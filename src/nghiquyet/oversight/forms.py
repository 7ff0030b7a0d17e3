"""Forms of the oversight pages (validation of shape only; the rules live in services.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nghiquyet.core.forms import NOT_IN_SCOPE, UnitChoice, date_field, unit_label

from .models import InspectionKind, InspectionMode


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    answered_on = date_field(_("Answered on"))


class AssignForm(forms.Form):
    """The escalation level picks the unit that resolves the obstacle, and the date."""

    unit = forms.ModelChoiceField(label=_("Unit to resolve"), queryset=None)
    resolve_by = date_field(_("Resolve by"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


# --------------------------------------------------------------------------- entry forms
# Choices are limited to what the user may pick (units in scope, resolutions they see), so a
# unit of another province is a form error; the services check the rules again.

def count_field(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, initial=0,
                              error_messages={"invalid": _("Enter a whole number.")})


def preselect_single(form: forms.Form, *names: str) -> None:
    """A required choice with a single option (a commune reporter's own commune) comes chosen."""
    for name in names:
        field = form.fields[name]
        if field.required and not form.initial.get(name):
            options = list(field.queryset[:2])
            if len(options) == 1:
                form.initial[name] = options[0].pk


class UnitsChoice(forms.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": NOT_IN_SCOPE,
                                             "required": _("Choose at least one inspected unit.")})
        super().__init__(*args, queryset=kwargs.pop("queryset", None), **kwargs)

    def label_from_instance(self, unit) -> str:
        return unit_label(unit)


class ResolutionChoice(forms.ModelChoiceField):
    def label_from_instance(self, res) -> str:
        return f"{res.number} — {res.title}"[:160]


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of oversight"), choices=InspectionKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=InspectionMode.choices)
    body = UnitChoice(label=_("Inspecting body"))
    wide_fields = ("title", "units", "findings")
    title = forms.CharField(label=_("Title of the inspection"), max_length=400,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Thematic inspection of …")}))
    units = UnitsChoice(label=_("Inspected units"), widget=forms.CheckboxSelectMultiple)
    resolution = ResolutionChoice(label=_("Resolution (optional)"), required=False, queryset=None)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = date_field(_("Decision date"), required=False)
    period_start = date_field(_("Period inspected: from"))
    period_end = date_field(_("Period inspected: to"))
    findings = forms.CharField(label=_("Findings"), required=False, max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    conclusion_number = forms.CharField(label=_("Conclusion number"), max_length=60, required=False)
    conclusion_date = date_field(_("Conclusion date"), required=False)

    def __init__(self, *args, bodies, units, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["units"].queryset = units
        self.fields["resolution"].queryset = resolutions
        preselect_single(self, "body")


class RecommendationForm(forms.Form):
    unit = UnitChoice(label=_("Addressed to"),
                      error_messages={"invalid_choice": _("Choose one of the inspected units.")})
    text = forms.CharField(label=_("Recommendation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = date_field(_("Deadline to carry it out"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        preselect_single(self, "unit")


class ObstacleForm(forms.Form):
    wide_fields = ("title",)
    reported_by = UnitChoice(label=_("Reporting unit"))
    title = forms.CharField(label=_("Difficulty or obstacle"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    reported_on = date_field(_("Reported on"))
    field = forms.ModelChoiceField(label=_("Field (optional)"), required=False, queryset=None)
    resolution = ResolutionChoice(label=_("Resolution (optional)"), required=False, queryset=None)
    escalated_to = UnitChoice(label=_("Escalate to (a level above)"), required=False,
                              error_messages={"invalid_choice": _("Choose a level above the reporting unit.")})

    def __init__(self, *args, reporters, levels, fields, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_by"].queryset = reporters
        self.fields["escalated_to"].queryset = levels
        self.fields["field"].queryset = fields
        self.fields["resolution"].queryset = resolutions
        preselect_single(self, "reported_by")


class EscalateForm(forms.Form):
    level = UnitChoice(label=_("Escalate to"),
                       error_messages={"invalid_choice": _("Choose a level above the reporting unit.")})

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels


class BriefingForm(forms.Form):
    resolution = ResolutionChoice(label=_("Resolution"), queryset=None)
    unit = UnitChoice(label=_("Holding unit"))
    held_on = date_field(_("Held on"))
    cadres_expected = count_field(_("Cadres expected"))
    cadres_present = count_field(_("Cadres present"))
    members_expected = count_field(pgettext_lazy("form", "Party members expected"))
    members_present = count_field(pgettext_lazy("form", "Party members present"))
    note = forms.CharField(label=_("Note"), max_length=400, required=False)

    def __init__(self, *args, resolutions, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolutions
        self.fields["unit"].queryset = units
        preselect_single(self, "resolution", "unit")
