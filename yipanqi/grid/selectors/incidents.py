"""Reads of incident reports for one user: lists with filters, one incident, its steps."""

from typing import Any

from django.db.models import Q, QuerySet

from yipanqi.grid import permissions as perms
from yipanqi.grid.choices import WAITING_STATES, EscalationLevel, IncidentStatus
from yipanqi.grid.models import Incident, IncidentEvent, IncidentPhoto
from yipanqi.organisations.models import Area

STEPS = ("accept", "handle", "escalate", "close")


def incident_list(
    *,
    user: Any,
    status: str | None = None,
    grid_id: int | None = None,
    overdue: bool | None = None,
    escalated: bool | None = None,
) -> QuerySet[Incident]:
    incidents = perms.incidents_visible_to(user).select_related("grid", "community")
    if status:
        incidents = incidents.filter(status=status)
    if grid_id:
        incidents = incidents.filter(grid_id=grid_id)
    if overdue is not None:
        incidents = incidents.filter(overdue=overdue, status__in=WAITING_STATES)
    if escalated is not None:
        condition = Q(escalation_level__gte=EscalationLevel.TOWN)
        incidents = incidents.filter(condition if escalated else ~condition)
    return incidents


def incident_get(*, user: Any, incident_id: int) -> Incident:
    """One incident in the user's view; out of scope raises DoesNotExist like a missing id."""
    return (
        perms.incidents_visible_to(user)
        .select_related("grid", "community", "reported_by")
        .get(pk=incident_id)
    )


def incident_events(*, incident: Incident) -> QuerySet[IncidentEvent]:
    return incident.events.select_related("actor").order_by("created_at", "id")


def incident_photos(*, incident: Incident) -> QuerySet[IncidentPhoto]:
    return incident.photos.order_by("created_at", "id")


def incident_photo_get(*, user: Any, photo_id: int) -> IncidentPhoto:
    visible = perms.incidents_visible_to(user).values("pk")
    return IncidentPhoto.objects.get(pk=photo_id, incident_id__in=visible)


def incident_steps(*, user: Any, incident: Incident) -> set[str]:
    """The steps open to this user on this incident now."""
    steps: set[str] = set()
    if perms.can_handle_incident(user, incident):
        if incident.status == IncidentStatus.REPORTED:
            steps.add("accept")
        if incident.status == IncidentStatus.ACCEPTED:
            steps.add("handle")
        waiting = incident.status in WAITING_STATES
        if waiting and incident.escalation_level < EscalationLevel.DISTRICT:
            steps.add("escalate")
    if perms.can_close_incident(user, incident):
        steps.add("close")
    return steps


def grids_for_reporting(*, user: Any) -> QuerySet[Area]:
    """Grids where the user may report (their own grid, or every grid of their community)."""
    from yipanqi.organisations.choices import AreaKind

    grids = Area.objects.for_user(user).filter(kind=AreaKind.GRID).order_by("path")
    return grids.filter(pk__in=[g.pk for g in grids if perms.can_report_incident(user, g)])
