"""Every write of notices: drafting, sending (the bulk delivery), receipts and replies,
reminders and closing, the board's export."""

from yipanqi.notices.actions._common import NOTICE_FLOW
from yipanqi.notices.actions.drafts import attachment_add, attachment_remove, notice_update
from yipanqi.notices.actions.notices import (
    notice_cancel,
    notice_close,
    notice_create,
    notice_deliver,
    notice_export,
    notice_send,
)
from yipanqi.notices.actions.receipts import receipt_open, reply_submit
from yipanqi.notices.actions.reminders import notices_close_ended, reminders_send_due

__all__ = [
    "NOTICE_FLOW",
    "attachment_add",
    "attachment_remove",
    "notice_cancel",
    "notice_close",
    "notice_create",
    "notice_deliver",
    "notice_export",
    "notice_send",
    "notice_update",
    "notices_close_ended",
    "receipt_open",
    "reminders_send_due",
    "reply_submit",
]
