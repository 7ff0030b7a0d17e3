"""Links to a figure's history and audit times: `{% load audit %}`."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import NoReverseMatch

from nghiquyet.web.history import figure_history_url as _figure_history_url
from nghiquyet.web.history import local_and_utc

register = template.Library()


@register.simple_tag
def figure_history_url(indicator_id, unit_id, period) -> str:
    """`{% figure_history_url f.indicator.pk unit.pk f.period %}` → /so-lieu/<ind>/<unit>/<period>/."""
    try:
        return _figure_history_url(int(getattr(indicator_id, "pk", indicator_id)),
                                   int(getattr(unit_id, "pk", unit_id)), str(period))
    except (TypeError, ValueError, NoReverseMatch):
        return ""


@register.filter
def local_time(moment: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM in local time (Asia/Ho_Chi_Minh)."""
    return local_and_utc(moment)[0]


@register.filter
def utc_time(moment: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM UTC: what the database stores."""
    return local_and_utc(moment)[1]


@register.filter
def can_read_audit_log(user) -> bool:
    """For the navigation: `{% if user|can_read_audit_log %}` — managers, administrators, superusers."""
    from nghiquyet.web.history import may_read_log

    return may_read_log(user)
