"""Deadlines and escalation (超时督办) of incident reports, through the shared area-tree escalator.

An incident waiting past its policy time (grid.incident_due_hours) is marked overdue and climbs one
level per missed window: community → street → district. Run by `yipanqi run_periodic`.
"""

from django.utils.translation import gettext_lazy as _

from yipanqi.grid.actions import incident_due_at
from yipanqi.grid.choices import WAITING_STATES, IncidentEventKind
from yipanqi.grid.models import Incident, IncidentEvent
from yipanqi.organisations import escalation


def _record(incident: Incident, level: int, first_time: bool) -> None:
    kinds = [IncidentEventKind.OVERDUE] if first_time else []
    for kind in [*kinds, IncidentEventKind.ESCALATED]:
        IncidentEvent.objects.create(
            incident=incident,
            kind=kind,
            from_status=incident.status,
            to_status=incident.status,
            level=level,
            note="",
            scope_path=incident.scope_path,
            district_code=incident.district_code,
        )


INCIDENTS = escalation.Escalator(
    model=Incident,
    waiting_states=frozenset(WAITING_STATES),
    action="grid.incident.escalated",
    title=_("Overdue incident escalated to you"),
    next_due=incident_due_at,
    record=_record,
)


def escalate_incidents(*, now=None, batch: int = 500) -> int:
    """Escalate every waiting incident whose due time has passed; returns how many moved up."""
    return escalation.escalate_overdue(INCIDENTS, now=now, batch=batch)
