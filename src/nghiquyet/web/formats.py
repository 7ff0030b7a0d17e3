"""Vietnamese number, percent and date formatting: "1.234,5", "85,3%", "27/11/2026".

Pure functions (no Django) so the template filters and the Excel export share one rule.
"""

from __future__ import annotations

import datetime as dt
import math

DASH = "—"


def format_number(value: float | int | None, decimals: int = 1, *, sign: bool = False) -> str:
    """Group thousands with "." and use "," for decimals; None/NaN/inf become a dash."""
    if value is None or isinstance(value, bool):
        return DASH
    try:
        number = float(value)
    except (TypeError, ValueError):
        return DASH
    if math.isnan(number) or math.isinf(number):
        return DASH
    decimals = max(0, int(decimals))
    text = f"{abs(number):,.{decimals}f}"  # "1,234.5"
    if float(text.replace(",", "")) == 0:
        number = 0.0  # no "-0,0"
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    if number < 0:
        return "-" + text
    return ("+" + text) if sign and number > 0 else text


def format_percent(ratio: float | None, decimals: int = 1) -> str:
    """A ratio (0.853) as a Vietnamese percent ("85,3%")."""
    try:
        scaled = None if ratio is None or isinstance(ratio, bool) else float(ratio) * 100
    except (TypeError, ValueError):
        scaled = None
    text = format_number(scaled, decimals)
    return text if text == DASH else text + "%"


def format_date(day: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates."""
    if day is None:
        return DASH
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_compact(value: float | int | None, decimals: int = 2) -> str:
    """Like format_number, without trailing zeros: 62.0 → "62", 9.50 → "9,5"."""
    text = format_number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text
