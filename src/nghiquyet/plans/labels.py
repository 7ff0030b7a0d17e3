"""Task statuses in the active language (Vietnamese: the Government's words, status.LABELS_VI)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from . import status

STATUS_NAMES = {
    status.IN_PROGRESS: pgettext_lazy("task status", "In progress, within deadline"),
    status.OVERDUE: pgettext_lazy("task status", "Overdue"),
    status.DONE_ON_TIME: pgettext_lazy("task status", "Done on time"),
    status.DONE_LATE: pgettext_lazy("task status", "Done late"),
    status.ONGOING: pgettext_lazy("task status", "Ongoing"),
}
