"""Reads for the personal-information rights pages: one's own data, one's own requests and
consents, and the requests a staff member handles, all starting from the user."""

from typing import Any

from django.db.models import QuerySet

from yipanqi.core import registry
from yipanqi.core.pages import found
from yipanqi.organisations.permissions import active_grants
from yipanqi.people.models import Person
from yipanqi.people.selectors import person_of_user
from yipanqi.privacy.choices import RequestStatus
from yipanqi.privacy.consents import NOTICES
from yipanqi.privacy.models import Consent, DataRequest


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


def consent_in_force(*, user: Any, purpose: str, lock: bool = False) -> Consent | None:
    """The user's consent to `purpose` not withdrawn (to whatever notice version)."""
    if not getattr(user, "pk", None):
        return None
    rows = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
    return (rows.select_for_update() if lock else rows).first()


def consent_current(*, user: Any, purpose: str) -> Consent | None:
    """The user's consent to the current version of `purpose`'s notice, or None (R-PI-6)."""
    notice = NOTICES.get(purpose)
    consent = consent_in_force(user=user, purpose=purpose)
    if notice is None or consent is None or consent.notice_version != notice.version:
        return None
    return consent


def my_consents(*, user: Any) -> QuerySet[Consent]:
    """The user's own consents, in force and withdrawn: nobody else's (R-PI-6)."""
    if not getattr(user, "pk", None):
        return Consent.objects.none()
    return Consent.objects.filter(user=user).order_by("purpose", "-given_at", "-id")


def home_scopes(*, user_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(scope path, district code) of each user's resident record's grid, for bulk writes."""
    rows = Person.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "area__path", "area__district_code"
    )
    return {user_id: (path, code) for user_id, path, code in rows}
