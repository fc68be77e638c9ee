"""What the deliberation app holds about the signed-in person (R-PI-7): the topics they raised."""

from typing import Any

from yipanqi.core.my_data import Row, row
from yipanqi.deliberation.models import Topic


def topics(user: Any) -> list[Row]:
    raised = Topic.objects.filter(raised_by=user).select_related("body").order_by("raised_at")
    return [row(t, "title", "body", "status", "raised_at", "description") for t in raised]
