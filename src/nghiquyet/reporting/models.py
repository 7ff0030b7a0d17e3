"""Reporting forms, submissions and their approval."""

from django.db import models  # noqa: F401
