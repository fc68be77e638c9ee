import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yipanqi.core.audit_display import AuditRow, audit_rows
from yipanqi.core.models import AuditEvent, Notification, PersonalDataAccess


def audit_event_list(
    *,
    user: Any,
    action: str | None = None,
    actor: str | None = None,
    target_type: str | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.for_user(user, "view")
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_username=actor)
    if target_type:
        events = events.filter(target_type=target_type)
    return events.select_related("actor").order_by("-id")


def audit_event_rows(*, user: Any, events: Iterable[AuditEvent]) -> list[AuditRow]:
    """A page of `audit_event_list` in words (core.audit_display): one query per kind of row
    named on the page, however many events it holds."""
    return audit_rows(user=user, events=events)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def personal_data_access_list(
    *,
    user: Any,
    subject_type: str | None = None,
    subject_id: str | None = None,
    actor: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[PersonalDataAccess]:
    """The access log in the user's scope, newest first; `since` and `until` are whole local days."""
    rows = PersonalDataAccess.objects.for_user(user, "view").select_related("actor")
    if subject_type:
        rows = rows.filter(subject_type=subject_type)
    if subject_id:
        rows = rows.filter(subject_id=subject_id)
    if actor:
        rows = rows.filter(actor__username=actor)
    if since:
        rows = rows.filter(created_at__gte=_start_of(since))
    if until:
        rows = rows.filter(created_at__lt=_start_of(until + datetime.timedelta(days=1)))
    return rows.order_by("-created_at", "-id")


def notifications_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """A user's own inbox; nobody reads another's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notes = Notification.objects.filter(user=user)
    return notes.filter(read_at__isnull=True) if unread_only else notes
