"""Processing register (core.processing): responsibility lists and duty access (准入) are about
organisations' work, not about people; the few free-text fields describe duties and decisions."""

from yipanqi.core.processing import NOT_PERSONAL, declare

declare(
    (),
    {
        "duties.AccessRequest.description": (NOT_PERSONAL, "a duty's description"),
        "duties.AccessRequest.reason": (NOT_PERSONAL, "why a body decided on a duty"),
        "duties.AccessRequest.staff_note": (NOT_PERSONAL, "posts that go with a duty, not names"),
        "duties.DutyItem.progress_note": (NOT_PERSONAL, "an organisation's progress on a duty"),
        "duties.TaskRefusal.reason": (NOT_PERSONAL, "why an organisation refused a task"),
    },
)
