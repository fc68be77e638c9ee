"""Figures of notices for reports and dashboards, computed from records per node and period.

- `notices_sent`: notices of organisations under the node sent in [start, end];
- `notice_recipients`: the people those notices reached;
- `notice_read_rate`: of those receipts, the share read;
- `notice_reply_rate`: of the receipts of notices that ask for an answer (every kind but plain
  information), the share answered;
- `volunteer_places_filled`: places taken on capped calls for volunteers.
"""

import datetime
from typing import Any

from django.db.models import Count, Q

from yipanqi.notices.choices import NoticeKind, Place
from yipanqi.notices.models import Notice, NoticeRecipient


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    sent = Notice.objects.filter(
        scope_path__startswith=path, sent_at__isnull=False, sent_at__date__range=(start, end)
    )
    asks = ~Q(notice__kind=NoticeKind.INFORMATION)
    counts = NoticeRecipient.objects.filter(notice__in=sent).aggregate(
        total=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        asked=Count("pk", filter=asks),
        replied=Count("pk", filter=asks & Q(replied_at__isnull=False)),
        places=Count("pk", filter=Q(place=Place.ACCEPTED)),
    )
    return {
        "notices_sent": sent.count(),
        "notice_recipients": counts["total"],
        "notice_read_rate": _rate(counts["read"], counts["total"]),
        "notice_reply_rate": _rate(counts["replied"], counts["asked"]),
        "volunteer_places_filled": counts["places"],
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "notices_sent": {
        "zh": "发出通知数",
        "en": "Notices sent",
        "unit": "条",
        "definition": "期内发出的通知数",
    },
    "notice_recipients": {
        "zh": "通知送达人次",
        "en": "Notice recipients",
        "unit": "人次",
        "definition": "期内通知送达的人次",
    },
    "notice_read_rate": {
        "zh": "通知阅读率",
        "en": "Read rate",
        "unit": "比例",
        "definition": "送达人次中已读的比例",
    },
    "notice_reply_rate": {
        "zh": "通知回复率",
        "en": "Reply rate",
        "unit": "比例",
        "definition": "需回复的送达人次中已回复的比例",
    },
    "volunteer_places_filled": {
        "zh": "志愿岗位报满数",
        "en": "Volunteer places filled",
        "unit": "个",
        "definition": "限额招募中已被认领的名额",
    },
}
