"""Inspections, supervision, recommendations, obstacles and briefings."""

from django.db import models  # noqa: F401
