"""Forms of the task pages: they only parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
