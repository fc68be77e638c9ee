"""What the party-life actions share: the two workflows and their event rows."""

import secrets
from typing import Any

from yipanqi.core.workflow import Actor, Workflow, user_of
from yipanqi.partylife.choices import (
    MEETING_TRANSITION_NOT_ALLOWED,
    MEETING_TRANSITIONS,
    TRANSFER_TRANSITION_NOT_ALLOWED,
    TRANSFER_TRANSITIONS,
    MeetingStatus,
    TransferStatus,
)
from yipanqi.partylife.models import Meeting, Transfer, TransferEvent


def transfer_event(transfer: Any, *, actor: Actor, old: str, new: str, note: str = "") -> None:
    TransferEvent.objects.create(
        transfer=transfer,
        actor=user_of(actor),
        from_status=old,
        to_status=new,
        note=note[:300],
        scope_path=transfer.scope_path,
        district_code=transfer.district_code,
    )


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
