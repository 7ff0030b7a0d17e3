"""Forms of the oversight pages (validation of shape only; the rules live in services.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    answered_on = forms.DateField(
        label=_("Answered on"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AssignForm(forms.Form):
    """The escalation level picks the unit that resolves the obstacle, and the date."""

    unit = forms.ModelChoiceField(label=_("Unit to resolve"), queryset=None)
    resolve_by = forms.DateField(
        label=_("Resolve by"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
