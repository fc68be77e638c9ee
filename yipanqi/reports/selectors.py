"""Reads of one-click reports, always from the user's scope (out of scope: does not exist)."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yipanqi.reports.choices import ReportStatus
from yipanqi.reports.models import Report


def report_list(*, user: Any) -> QuerySet[Report]:
    return Report.objects.for_user(user, "view").select_related("area", "requested_by")


def report_get(*, user: Any, report_id: int) -> Report:
    return report_list(user=user).get(pk=report_id)


# A report whose worker died (killed, restarted, out of memory) stops moving: after this long
# without progress it may be run again, like a stuck people import.
STUCK_AFTER = datetime.timedelta(minutes=15)


def can_rerun(report: Report, now: datetime.datetime | None = None) -> bool:
    """Failed, or queued/running with no progress saved for STUCK_AFTER."""
    stalled = (now or timezone.now()) - report.updated_at >= STUCK_AFTER
    return report.status == ReportStatus.FAILED or (report.running and stalled)


def previous_run(*, user: Any, report: Report) -> Report | None:
    """The latest ready report of the same node and period asked before this one (any format:
    the figures do not depend on it), if the user may see it."""
    return (
        report_list(user=user)
        .filter(
            area_id=report.area_id,
            start=report.start,
            end=report.end,
            status=ReportStatus.READY,
            pk__lt=report.pk,  # ids follow the order of asking
        )
        .order_by("-id")
        .first()
    )
