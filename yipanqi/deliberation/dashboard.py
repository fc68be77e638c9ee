"""Figures of deliberation for reports and dashboards, computed from records per node and period.

Keys are prefixed where another app's figures could use the same word (satisfaction, orders).
"""

import datetime
from typing import Any

from django.db.models import Avg, Count, Q

from yipanqi.deliberation.choices import (
    OPEN_FOLLOW_UP_STATES,
    FollowUpStatus,
    MeetingStatus,
    Outcome,
    TopicStatus,
)
from yipanqi.deliberation.models import FollowUp, Meeting, Rating, Resolution, Topic

ACCEPTED = (TopicStatus.ACCEPTED, TopicStatus.SCHEDULED, TopicStatus.RESOLVED)


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    under = Q(scope_path__startswith=path)
    topics = Topic.objects.filter(under, raised_at__date__range=(start, end))
    meetings = Meeting.objects.filter(under, starts_at__date__range=(start, end)).exclude(
        status=MeetingStatus.CANCELLED
    )
    resolutions = Resolution.objects.filter(under, decided_at__date__range=(start, end))
    tasks = FollowUp.objects.filter(under, resolution__in=resolutions)
    ratings = Rating.objects.filter(under, resolution__in=resolutions)
    rated = ratings.aggregate(avg=Avg("score"), n=Count("id"))
    return {
        "topics_raised": topics.count(),
        "topics_accepted": topics.filter(status__in=ACCEPTED).count(),
        "topics_declined": topics.filter(status=TopicStatus.DECLINED).count(),
        "deliberation_meetings": meetings.count(),
        "deliberation_meetings_by_kind": dict(
            meetings.values_list("kind").annotate(n=Count("id")).order_by("kind")
        ),
        "resolutions_decided": resolutions.count(),
        "resolutions_passed": resolutions.filter(outcome=Outcome.PASSED).count(),
        "follow_ups_done": tasks.filter(status=FollowUpStatus.DONE).count(),
        "follow_ups_open": tasks.filter(status__in=OPEN_FOLLOW_UP_STATES).count(),
        "orders_from_follow_ups": tasks.filter(order__isnull=False).count(),
        "deliberation_ratings": rated["n"],
        "deliberation_satisfaction": round(rated["avg"], 2) if rated["avg"] else None,
    }
