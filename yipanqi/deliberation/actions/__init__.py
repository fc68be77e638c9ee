"""Every write of deliberation (议事协商): guarded by the transition tables, locked, audited."""

from yipanqi.deliberation.actions.bodies import hall_create, seat_add, seat_bind
from yipanqi.deliberation.actions.followups import (
    followup_cancel,
    followup_complete,
    followup_create,
    followup_open_order,
)
from yipanqi.deliberation.actions.meetings import (
    agenda_add,
    attendance_set,
    meeting_cancel,
    meeting_close,
    meeting_open,
    meeting_schedule,
    minutes_save,
)
from yipanqi.deliberation.actions.photos import meeting_photo_add, meeting_photo_remove
from yipanqi.deliberation.actions.resolutions import (
    rating_submit,
    resolution_draft,
    resolution_publish,
    resolution_resolve,
    vote_record,
)
from yipanqi.deliberation.actions.topics import topic_accept, topic_decline, topic_raise

__all__ = [
    "agenda_add",
    "attendance_set",
    "followup_cancel",
    "followup_complete",
    "followup_create",
    "followup_open_order",
    "hall_create",
    "meeting_cancel",
    "meeting_close",
    "meeting_open",
    "meeting_photo_add",
    "meeting_photo_remove",
    "meeting_schedule",
    "minutes_save",
    "rating_submit",
    "resolution_draft",
    "resolution_publish",
    "resolution_resolve",
    "seat_add",
    "seat_bind",
    "topic_accept",
    "topic_decline",
    "topic_raise",
    "vote_record",
]
