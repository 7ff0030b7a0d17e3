"""Forms of the accounts pages; the checks that need the database live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role


class MembershipForm(forms.Form):
    """Give a user (existing, or new with a password) a role at a unit of the admin's subtree."""

    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name (new user)"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password (new user)"), required=False, widget=forms.PasswordInput(render_value=False),
    )
    unit = forms.CharField(label=_("Unit code"), max_length=32)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
