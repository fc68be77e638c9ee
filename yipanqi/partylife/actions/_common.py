"""What the party-life actions share: the two workflows and their event rows."""

import secrets

from yipanqi.core.workflow import Workflow, event_writer
from yipanqi.partylife.choices import (
    MEETING_TRANSITION_NOT_ALLOWED,
    MEETING_TRANSITIONS,
    TRANSFER_TRANSITION_NOT_ALLOWED,
    TRANSFER_TRANSITIONS,
    MeetingStatus,
    TransferStatus,
)
from yipanqi.partylife.models import Meeting, Transfer, TransferEvent

transfer_event = event_writer(TransferEvent, "transfer", kinds=False)
MEETING_FLOW = Workflow(
    table=MEETING_TRANSITIONS,
    statuses=MeetingStatus,
    refusal=MEETING_TRANSITION_NOT_ALLOWED,
    audit_prefix="partylife.meeting",
    model=Meeting,
)
TRANSFER_FLOW = Workflow(
    table=TRANSFER_TRANSITIONS,
    statuses=TransferStatus,
    refusal=TRANSFER_TRANSITION_NOT_ALLOWED,
    audit_prefix="partylife.transfer",
    event=transfer_event,
    model=Transfer,
)


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"
