"""What the notices app holds about the signed-in person (R-PI-7): the notices sent to them and
what they answered (one query)."""

from typing import Any

from yipanqi.core.my_data import Row, row
from yipanqi.notices.models import NoticeRecipient


def receipts(user: Any) -> list[Row]:
    rows = NoticeRecipient.objects.filter(user=user).select_related("notice").order_by("id")
    return [row(r, "notice", "read_at", "replied_at", "reply_text", "place") for r in rows]
