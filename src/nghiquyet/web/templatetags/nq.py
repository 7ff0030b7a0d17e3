"""Template filters for Vietnamese numbers, percents, dates and period labels."""

from __future__ import annotations

import datetime as dt

from django import template

from nghiquyet.web import display, formats

register = template.Library()


@register.filter
def num(value, decimals=1) -> str:
    """`{{ value|num:indicator.decimals }}` → "1.234,5"; None → "—"."""
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 1
    return formats.format_number(value, places)


@register.filter
def signed(value, decimals=1) -> str:
    """Like `num`, with a "+" on positive numbers (changes, growth rates)."""
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 1
    return formats.format_number(value, places, sign=True)


@register.filter
def pct(ratio, decimals=1) -> str:
    """A ratio as a percent: 0.853 → "85,3%"."""
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 1
    return formats.format_percent(ratio, places)


@register.filter
def vdate(day: dt.date | dt.datetime | None) -> str:
    return formats.format_date(day)


@register.filter
def bar_width(ratio) -> str:
    """CSS width (0–100%) for a progress bar from a ratio; clamps and tolerates None."""
    try:
        share = max(0.0, min(1.0, float(ratio)))
    except (TypeError, ValueError):
        share = 0.0
    return f"{share * 100:.1f}%"


@register.filter
def period_label(code: str) -> str:
    return display.period_label(code)


@register.filter
def unit_kind(kind: str) -> str:
    return display.unit_kind_label(kind)
