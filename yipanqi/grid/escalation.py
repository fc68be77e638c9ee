"""Deadlines and escalation (超时督办) of incident reports, through the shared area-tree escalator.

An incident waiting past its policy time (grid.incident_due_hours) is marked overdue and climbs one
level per missed window: community → street → district, by the grid app's own action
(`incident_escalate_overdue`), acting as the system. Sweeps past their last day are closed the same
way (`campaigns_close_ended`). Both run by `yipanqi run_periodic`.
"""

from yipanqi.core.actors import system
from yipanqi.grid.actions import campaigns_close_ended
from yipanqi.grid.actions.incidents import incident_escalate_overdue
from yipanqi.grid.choices import WAITING_STATES
from yipanqi.grid.models import Incident
from yipanqi.organisations import escalation

INCIDENTS = escalation.Escalator(
    model=Incident,
    waiting_states=frozenset(WAITING_STATES),
    escalate=incident_escalate_overdue,
    reason="grid.escalation",
)


def escalate_incidents(*, now=None, batch: int = 500) -> int:
    """Escalate every waiting incident whose due time has passed; returns how many moved up."""
    return escalation.escalate_overdue(INCIDENTS, now=now, batch=batch)


def close_ended_campaigns() -> int:
    """One batch of sweeps past their end date closed, as the system; 0 when none is left."""
    return campaigns_close_ended(actor=system("grid.campaigns"))
