"""Forms of the form-management pages: they only read the input; `services` checks and writes.

Range checks (cut-off day, due days, scope) are left to the services on purpose, so the page,
the API and the tests get the same Vietnamese message from one place.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nghiquyet.indicators.models import Indicator
from nghiquyet.units.models import UnitKind

from .models import Comparator, Periodicity, ReportingForm
from .services import ItemInput

INTEGER = {"invalid": _("Enter a whole number."), "required": _("This field is required.")}
# Kinds of units that may report a form: everything below the nation.
REPORTING_KINDS = [(k, label) for k, label in UnitKind.choices if k != UnitKind.NATION]


class FormSettingsForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Letters without accents, digits, “-”, e.g. BC-THANG."))
    name = forms.CharField(label=_("Form name"), max_length=200)
    periodicity = forms.ChoiceField(label=_("Periodicity"), choices=Periodicity.choices)
    cutoff_day = forms.IntegerField(
        label=_("Cut-off day"), error_messages=INTEGER, widget=forms.NumberInput(attrs={"min": 1, "max": 31}),
        help_text=_("Figures are taken up to this day of the period's last month (NĐ 09/2019: the 14th)."),
    )
    due_days = forms.IntegerField(
        label=_("Days to send after cut-off"), error_messages=INTEGER,
        widget=forms.NumberInput(attrs={"min": 1, "max": 90}),
    )
    due_in_working_days = forms.BooleanField(label=_("Count working days (Monday–Friday)"), required=False)
    scope_unit = forms.IntegerField(label=_("Scope unit"), widget=forms.Select, error_messages=INTEGER,
                                    help_text=_("The units below this one report the form."))
    unit_kinds = forms.MultipleChoiceField(label=_("Reporting unit kinds"), choices=REPORTING_KINDS,
                                           widget=forms.CheckboxSelectMultiple, required=False)
    change_warning_percent = forms.FloatField(
        label=_("Warn on change above (%)"), required=False, localize=True,
        error_messages={"invalid": _("Enter a number, e.g. 30 or 30,5.")},
        help_text=_("Leave empty for no warning."),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("In use"), required=False)

    def __init__(self, *args, units=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A plain id: the service (not the list offered here) refuses a unit outside the manage scope.
        self.fields["scope_unit"].widget.choices = [(u.pk, f"{u.name} ({u.code})") for u in units]

    @staticmethod
    def initial_for(form: ReportingForm | None) -> dict:
        if form is None:
            return {"cutoff_day": 14, "due_days": 2, "due_in_working_days": True, "active": True,
                    "unit_kinds": ["commune", "ward", "special_zone"], "change_warning_percent": 30}
        return {
            "code": form.code, "name": form.name, "periodicity": form.periodicity, "cutoff_day": form.cutoff_day,
            "due_days": form.due_days, "due_in_working_days": form.due_in_working_days,
            "scope_unit": form.scope_unit_id, "unit_kinds": list(form.unit_kinds or []),
            "change_warning_percent": form.change_warning_percent, "legal_basis": form.legal_basis,
            "description": form.description, "active": form.active,
        }


class ItemsForm(forms.Form):
    """The form's items as rows (order, required, remove) plus one indicator to add."""

    add = forms.ModelChoiceField(label=_("Add an indicator"), queryset=Indicator.objects.none(), required=False,
                                 empty_label=_("— choose an indicator —"))
    add_order = forms.IntegerField(label=_("Order"), required=False, error_messages=INTEGER)
    add_required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        taken = [it.indicator_id for it in self.items]
        self.fields["add"].queryset = Indicator.objects.exclude(pk__in=taken).order_by("code")
        self.fields["add"].label_from_instance = lambda ind: f"{ind.code} — {ind.name}"
        for it in self.items:
            self.fields[f"order_{it.indicator_id}"] = forms.IntegerField(
                initial=it.order, error_messages=INTEGER, label=_("Order"),
                widget=forms.NumberInput(attrs={"min": 0, "max": 32767, "class": "order-input"}))
            self.fields[f"required_{it.indicator_id}"] = forms.BooleanField(
                initial=it.required, required=False, label=_("Required"))
            self.fields[f"remove_{it.indicator_id}"] = forms.BooleanField(required=False, label=_("Remove from the form"))

    def rows(self) -> list[dict]:
        return [{"item": it, "order": self[f"order_{it.indicator_id}"], "required": self[f"required_{it.indicator_id}"],
                 "remove": self[f"remove_{it.indicator_id}"]} for it in self.items]

    def wanted(self) -> list[ItemInput]:
        """The items the form should have after this change, in the order asked for."""
        d = self.cleaned_data
        out = [ItemInput(it.indicator_id, d[f"order_{it.indicator_id}"], d[f"required_{it.indicator_id}"])
               for it in self.items if not d.get(f"remove_{it.indicator_id}")]
        if d.get("add") is not None:
            order = d.get("add_order")
            if order is None:
                order = max([i.order for i in out], default=0) + 1
            out.append(ItemInput(d["add"].pk, order, bool(d.get("add_required"))))
        return sorted(out, key=lambda i: i.order)


class RuleForm(forms.Form):
    left = forms.TypedChoiceField(label=_("Left"), coerce=int, choices=())
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    right = forms.TypedChoiceField(label=_("Right"), coerce=int, choices=())
    message = forms.CharField(label=_("Message shown when the check fails"), max_length=300, required=False)

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(it.indicator_id, f"{it.indicator.code} — {it.indicator.name}") for it in items]
        self.fields["left"].choices = self.fields["right"].choices = choices
        if len(choices) > 1:  # two different indicators by default: a rule needs two
            self.fields["right"].initial = choices[1][0]
