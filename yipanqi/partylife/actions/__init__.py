"""Every write of party life: officers, meetings and attendance, dues, transfers."""

from yipanqi.partylife.actions._common import MEETING_FLOW, TRANSFER_FLOW
from yipanqi.partylife.actions.dues import (
    dues_base_set,
    dues_bases_reveal,
    dues_export_recorded,
    dues_pay,
)
from yipanqi.partylife.actions.meetings import (
    meeting_amend,
    meeting_book_venue,
    meeting_cancel,
    meeting_confirm,
    meeting_mark,
    meeting_photo_add,
    meeting_plan,
    meeting_record,
    meeting_sign_in,
    meeting_update,
    officer_appoint,
)
from yipanqi.partylife.actions.reminders import meetings_remind
from yipanqi.partylife.actions.transfers import (
    transfer_accept,
    transfer_approve,
    transfer_reject,
    transfer_request,
    transfer_withdraw,
    transfers_escalate,
)

__all__ = [
    "MEETING_FLOW",
    "TRANSFER_FLOW",
    "dues_base_set",
    "dues_bases_reveal",
    "dues_export_recorded",
    "dues_pay",
    "meeting_amend",
    "meeting_book_venue",
    "meeting_cancel",
    "meeting_confirm",
    "meeting_mark",
    "meeting_photo_add",
    "meeting_plan",
    "meeting_record",
    "meeting_sign_in",
    "meeting_update",
    "meetings_remind",
    "officer_appoint",
    "transfer_accept",
    "transfer_approve",
    "transfer_reject",
    "transfer_request",
    "transfer_withdraw",
    "transfers_escalate",
]
