"""Reads for the personal-information rights pages: one's own data, one's own requests, and the
requests a staff member handles, all starting from the user."""

from typing import Any

from django.db.models import QuerySet

from yipanqi.core import registry
from yipanqi.core.pages import found
from yipanqi.organisations.permissions import active_grants
from yipanqi.people.selectors import person_of_user
from yipanqi.privacy.choices import RequestStatus
from yipanqi.privacy.models import DataRequest


def my_data(*, user: Any) -> list[dict]:
    """What every app holds about the user: [{key, title, rows}], in the apps' order."""
    sections = sorted(registry.my_data_sections, key=lambda s: s.order)
    return [{"key": s.key, "title": s.title, "rows": s.build(user)} for s in sections]


def home_area(*, user: Any) -> Any:
    """Where the user's requests are answered: their resident record's grid, else the place of
    their first role grant."""
    person = person_of_user(user=user)
    if person is not None:
        return person.area
    grants = active_grants(user)
    return grants[0].area if grants else None


def my_requests(*, user: Any) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(requester=user).order_by("-created_at", "-id")


def request_queue(*, user: Any, status: str = RequestStatus.OPEN) -> QuerySet[DataRequest]:
    rows = DataRequest.objects.for_user(user, "handle").select_related("requester")
    return rows.filter(status=status) if status else rows


def request_get(*, user: Any, request_id: int) -> DataRequest:
    """A request the user may see (their own, or one they handle); 404 otherwise."""
    rows = DataRequest.objects.for_user(user).select_related("requester", "handled_by")
    return found(rows.get, pk=request_id)
