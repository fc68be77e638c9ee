"""Processing register (core.processing): notices and their receipts (一呼百应)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "notice_receipts",
            _("Notices to members and residents: who was asked, read and replied"),
            "statutory_duty",
            _("2 years after the notice's deadline"),
            ("district_admin", "town_admin", "community_admin"),
        ),
    ),
    {
        "notices.Notice.title": (NOT_PERSONAL, "a notice's title"),
        "notices.Notice.body": (NOT_PERSONAL, "what an organisation tells its members"),
        "notices.Notice.audience_label": (NOT_PERSONAL, "areas, organisations or roles"),
        "notices.Notice.reason": (NOT_PERSONAL, "why a notice was withdrawn"),
        "notices.NoticeRecipient.name": (ORDINARY, "notice_receipts"),
        "notices.NoticeRecipient.reply_text": (ORDINARY, "notice_receipts"),
        "notices.NoticeAttachment.name": (NOT_PERSONAL, "the name of a file an organisation sends"),
        "notices.NoticeEvent.note": (NOT_PERSONAL, "why a notice was withdrawn"),
    },
)
