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
