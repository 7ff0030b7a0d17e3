"""Forms of the cadre pages: the shape of the input only; the rules live in services.py.

Every choice of a unit or a post is limited to what the user may write (or, for "from unit",
see), so a unit outside the user's scope is a form error, never a write.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nghiquyet.accounts import access
from nghiquyet.core.forms import NOT_IN_SCOPE, UnitChoice, date_field
from nghiquyet.indicators.models import Field
from nghiquyet.units.models import ADMIN_KINDS, OrgUnit

from .models import AppointmentKind, Gender, Post, TrainingKind, TrainingLevel


class PostChoice(forms.ModelChoiceField):
    def label_from_instance(self, post: Post) -> str:
        return f"{post.title} — {post.unit.name}"


def manageable_units(user):
    """Units whose cadres the user may manage (all of them, including units that ended, for
    records entered after the fact)."""
    return OrgUnit.objects.filter(access.unit_q(user, "", access.MANAGE_ROLES)).by_level()


def visible_units(user):
    return OrgUnit.objects.filter(access.unit_q(user)).exclude(kind="village").by_level()


def _unit_field(label, queryset, required: bool = True) -> UnitChoice:
    return UnitChoice(label=label, queryset=queryset, required=required,
                      error_messages={"invalid_choice": NOT_IN_SCOPE})


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    unit = UnitChoice(label=_("Unit (cadre list)"), queryset=OrgUnit.objects.none(),
                      error_messages={"invalid_choice": NOT_IN_SCOPE})
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False,
                                    error_messages={"invalid": _("Enter a year as a number, e.g. 1975.")})
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices])
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=40, required=False)
    is_party_member = forms.BooleanField(label=_("Party member"), required=False, initial=True)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args, user, current_unit: OrgUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Current units only, but a person listed at a unit that has ended keeps it when edited.
        keep = Q(pk=current_unit.pk) if current_unit is not None else Q(pk__in=[])
        self.fields["unit"].queryset = manageable_units(user).filter(Q(valid_to__isnull=True) | keep)


class PostForm(forms.Form):
    unit = UnitChoice(label=_("Unit"), queryset=OrgUnit.objects.none(),
                      error_messages={"invalid_choice": NOT_IN_SCOPE})
    title = forms.CharField(label=_("Title of the post"), max_length=200)
    is_standing_committee = forms.BooleanField(label=_("Member of the standing committee"), required=False)
    is_executive_committee = forms.BooleanField(label=_("Member of the executive committee"), required=False)
    order = forms.IntegerField(label=_("Order in lists"), required=False, min_value=0, max_value=999,
                               help_text=_("Empty: after the unit's other posts."),
                               error_messages={"invalid": _("Enter a whole number.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_units(user)


class AppointmentForm(forms.Form):
    post = PostChoice(label=_("Post"), queryset=Post.objects.none(),
                      error_messages={"invalid_choice": _("The post chosen is not one you may fill.")})
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices, initial=AppointmentKind.APPOINTMENT)
    from_unit = UnitChoice(label=_("From unit (transfer, rotation, secondment)"), required=False,
                           queryset=OrgUnit.objects.none(), error_messages={"invalid_choice": NOT_IN_SCOPE})
    start_on = date_field(_("Start date"))
    end_on = date_field(_("End date (last day in post)"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = date_field(_("Decision date"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = (
            Post.objects.filter(access.unit_q(user, "unit__", access.MANAGE_ROLES))
            .select_related("unit").order_by("unit__depth", "unit__search_name", "order", "title")
        )
        self.fields["from_unit"].queryset = visible_units(user)


class ResponsibilityForm(forms.Form):
    unit = UnitChoice(label=_("Area (unit)"), required=False, queryset=OrgUnit.objects.none(),
                      error_messages={"invalid_choice": NOT_IN_SCOPE})
    field = forms.ModelChoiceField(label=_("or field"), required=False, queryset=Field.objects.none())
    role = forms.CharField(label=_("Role"), max_length=120, required=False, initial="phụ trách")
    start_on = date_field(_("Start date"))
    end_on = date_field(_("End date"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_units(user).filter(kind__in=ADMIN_KINDS)
        self.fields["field"].queryset = Field.objects.order_by("order", "name")


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Course"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    level = forms.ChoiceField(label=_("Level (political theory only)"), required=False,
                              choices=[("", "—"), *TrainingLevel.choices])
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    start_on = date_field(_("Start date"))
    end_on = date_field(_("End date"), required=False)
    certificate = forms.CharField(label=_("Certificate"), max_length=200, required=False)


class EndForm(forms.Form):
    end_on = date_field(_("Last day"))
