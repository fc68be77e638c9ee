"""Every write of grid work: sweeps and their assignments, visits (with follow-ups), incidents."""

from yipanqi.grid.actions.incidents import (
    incident_accept,
    incident_close,
    incident_due_at,
    incident_escalate,
    incident_handle,
    incident_photo_attach,
    incident_report,
)
from yipanqi.grid.actions.sweeps import (
    QuestionSpec,
    campaign_close,
    campaign_create,
    campaign_next_round,
    campaigns_close_ended,
    target_assign,
)
from yipanqi.grid.actions.visits import FollowUp, visit_follow_up, visit_record

__all__ = [
    "FollowUp",
    "QuestionSpec",
    "campaign_close",
    "campaign_create",
    "campaign_next_round",
    "campaigns_close_ended",
    "incident_accept",
    "incident_close",
    "incident_due_at",
    "incident_escalate",
    "incident_handle",
    "incident_photo_attach",
    "incident_report",
    "target_assign",
    "visit_follow_up",
    "visit_record",
]
