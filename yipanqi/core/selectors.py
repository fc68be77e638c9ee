from typing import Any

from django.db.models import QuerySet

from yipanqi.core.models import AuditEvent, Notification


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
    return events.order_by("-id")


def notifications_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """A user's own inbox; nobody reads another's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notes = Notification.objects.filter(user=user)
    return notes.filter(read_at__isnull=True) if unread_only else notes
