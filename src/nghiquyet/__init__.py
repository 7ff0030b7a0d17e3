"""Nghị Quyết: carry a term resolution's targets into assigned work, figures and verdicts."""

__version__ = "0.1.0"
