"""How the audit page names the notices app's actions and rows (core.audit_labels). A receipt
is named after the person: shown masked."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "notices.notice.created": pgettext_lazy("audit", "Notice drafted"),
    "notices.notice.updated": pgettext_lazy("audit", "Notice draft edited"),
    "notices.notice.attachment_added": pgettext_lazy("audit", "Notice attachment added"),
    "notices.notice.attachment_removed": pgettext_lazy("audit", "Notice attachment taken off"),
    "notices.notice.sending": pgettext_lazy("audit", "Notice sending"),
    "notices.notice.sent": pgettext_lazy("audit", "Notice sent"),
    "notices.notice.closed": pgettext_lazy("audit", "Notice closed"),
    "notices.notice.cancelled": pgettext_lazy("audit", "Notice withdrawn"),
    "notices.notice.reminded": pgettext_lazy("audit", "Notice reminders sent"),
    "notices.notice.exported": pgettext_lazy("audit", "Notice receipts exported"),
    "notices.recipient.read": pgettext_lazy("audit", "Notice read"),
    "notices.recipient.replied": pgettext_lazy("audit", "Notice answered"),
    "notices.recipient.promoted": pgettext_lazy("audit", "Waitlisted volunteer given a place"),
    "notices.demo.receipts_created": pgettext_lazy("audit", "Demo notice receipts created"),
}
MASKED = {"notices.noticerecipient"}
MASKED_FIELDS = {"notices.noticerecipient": {"name"}}
SYSTEM = {
    "notices.delivery": pgettext_lazy("audit", "notice delivery"),
    "notices.reminders": pgettext_lazy("audit", "notice reminders"),
    "notices.deadline": pgettext_lazy("audit", "notice deadline"),
}
