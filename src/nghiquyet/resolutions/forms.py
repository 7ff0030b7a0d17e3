"""Forms of the resolution import pages: they only read the input; the services check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Resolution workbook (.xlsx)"),
        error_messages={"required": _("Choose an Excel file."), "empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }),
    )
