"""What a recommendation or an obstacle shows, derived from its task's status (pure).

The task (`plans.Task`) is the only place where "done" lives; these functions translate the
task status of `plans.status` into the words of inspection follow-up and obstacle handling.
"""

from __future__ import annotations

from nghiquyet.plans import status as ts

# Recommendation states (kết luận kiểm tra: "đã khắc phục", "đang khắc phục", "quá hạn").
FIXED = "fixed"
FIXED_LATE = "fixed_late"
FIXING = "fixing"
OVERDUE = "overdue"
NO_TASK = "no_task"

# Obstacle states.
REPORTED = "reported"  # not yet escalated
WAITING = "waiting"  # escalated, nobody assigned yet
HANDLING = "handling"  # assigned, within the resolve-by date
HANDLING_OVERDUE = "handling_overdue"
ANSWERED = "answered"
ANSWERED_LATE = "answered_late"

LABELS_VI: dict[str, str] = {
    FIXED: "Đã khắc phục",
    FIXED_LATE: "Đã khắc phục (quá hạn)",
    FIXING: "Đang khắc phục",
    OVERDUE: "Quá hạn",
    NO_TASK: "Chưa giao nhiệm vụ",
    REPORTED: "Mới phản ánh",
    WAITING: "Chờ giao xử lý",
    HANDLING: "Đang xử lý",
    HANDLING_OVERDUE: "Quá hạn xử lý",
    ANSWERED: "Đã trả lời",
    ANSWERED_LATE: "Đã trả lời (quá hạn)",
}
# The site's status badges (site.css): each carries a symbol as well as a colour.
CSS_CLASSES: dict[str, str] = {
    FIXED: "status-met",
    FIXED_LATE: "status-needs-acceleration",
    FIXING: "status-on-track",
    OVERDUE: "status-off-track",
    NO_TASK: "status-no-data",
    REPORTED: "status-no-data",
    WAITING: "status-no-data",
    HANDLING: "status-on-track",
    HANDLING_OVERDUE: "status-off-track",
    ANSWERED: "status-met",
    ANSWERED_LATE: "status-needs-acceleration",
}
CLOSED = frozenset({FIXED, FIXED_LATE, ANSWERED, ANSWERED_LATE})


def recommendation_state(task_status: str | None) -> str:
    """From the status of the recommendation's task (None: no task)."""
    return {
        None: NO_TASK,
        ts.DONE_ON_TIME: FIXED,
        ts.DONE_LATE: FIXED_LATE,
        ts.IN_PROGRESS: FIXING,
        ts.ONGOING: FIXING,
        ts.OVERDUE: OVERDUE,
    }[task_status]


def obstacle_state(escalated: bool, task_status: str | None) -> str:
    """From whether it was escalated and the status of its resolving task (None: unassigned)."""
    if task_status is None:
        return WAITING if escalated else REPORTED
    return {
        ts.DONE_ON_TIME: ANSWERED,
        ts.DONE_LATE: ANSWERED_LATE,
        ts.IN_PROGRESS: HANDLING,
        ts.ONGOING: HANDLING,
        ts.OVERDUE: HANDLING_OVERDUE,
    }[task_status]
