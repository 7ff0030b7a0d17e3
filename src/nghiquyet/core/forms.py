"""Form pieces shared by the entry pages of several apps (plans, people, oversight …)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

# A date input sends ISO dates; people type dd/mm/yyyy.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
NOT_IN_SCOPE = _("The unit chosen is not one you may choose.")


def date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def parse_day(raw: str | None) -> dt.date | None:
    """A date from a query parameter (?ngay=2024-06-30 or 30/06/2024); None when empty or not a date."""
    raw = (raw or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def unit_label(unit) -> str:
    """A unit's name, with the day it ceased to exist when it no longer does."""
    return f"{unit.name} (đến {unit.valid_to:%d/%m/%Y})" if unit.valid_to else unit.name


class UnitChoice(forms.ModelChoiceField):
    """A unit among those the user may pick; any other is "not one you may choose"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": NOT_IN_SCOPE})
        super().__init__(*args, queryset=kwargs.pop("queryset", None), **kwargs)

    def label_from_instance(self, unit) -> str:
        return unit_label(unit)
