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


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "topics_raised": {
        "zh": "议题提出数",
        "en": "Topics raised",
        "unit": "个",
        "definition": "期内提出的协商议题数",
    },
    "topics_accepted": {
        "zh": "议题受理数",
        "en": "Topics accepted",
        "unit": "个",
        "definition": "期内提出且被受理的议题数",
    },
    "topics_declined": {
        "zh": "议题不予受理数",
        "en": "Topics declined",
        "unit": "个",
        "definition": "期内提出且不予受理的议题数",
    },
    "deliberation_meetings": {
        "zh": "协商会议数",
        "en": "Deliberation meetings",
        "unit": "次",
        "definition": "期内召开的协商会议数",
    },
    "deliberation_meetings_by_kind": {
        "zh": "协商会议（按形式）",
        "en": "Meetings by kind",
        "unit": "次",
        "definition": "期内协商会议按形式分列",
    },
    "resolutions_decided": {
        "zh": "形成决议数",
        "en": "Resolutions decided",
        "unit": "项",
        "definition": "期内表决的决议数",
    },
    "resolutions_passed": {
        "zh": "通过决议数",
        "en": "Resolutions passed",
        "unit": "项",
        "definition": "期内表决通过的决议数",
    },
    "follow_ups_done": {
        "zh": "落实完成数",
        "en": "Follow-ups done",
        "unit": "项",
        "definition": "决议落实任务中已完成的数量",
    },
    "follow_ups_open": {
        "zh": "落实进行中",
        "en": "Follow-ups open",
        "unit": "项",
        "definition": "决议落实任务中尚未完成的数量",
    },
    "orders_from_follow_ups": {
        "zh": "转为服务订单",
        "en": "Orders from follow-ups",
        "unit": "项",
        "definition": "决议落实任务转为服务订单的数量",
    },
    "deliberation_ratings": {
        "zh": "协商评价数",
        "en": "Deliberation ratings",
        "unit": "次",
        "definition": "期内对协商结果的评价次数",
    },
    "deliberation_satisfaction": {
        "zh": "协商满意度",
        "en": "Deliberation satisfaction",
        "unit": "分（1–5）",
        "definition": "期内协商评价的平均分",
    },
}
