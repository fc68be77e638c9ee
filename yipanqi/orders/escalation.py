"""Deadlines and escalation (超时督办) of service orders, through the shared area-tree escalator.

Run by `yipanqi run_periodic` (cron or the task worker); each overdue order is escalated by the
orders app's own action (`order_escalate_overdue`), acting as the system.
"""

from yipanqi.orders.actions import order_escalate_overdue
from yipanqi.orders.choices import WAITING_STATES
from yipanqi.orders.models import ServiceOrder
from yipanqi.organisations import escalation

ORDERS = escalation.Escalator(
    model=ServiceOrder,
    waiting_states=frozenset(WAITING_STATES),
    escalate=order_escalate_overdue,
    reason="orders.escalation",
)


def escalate_overdue(*, now=None, batch: int = 500) -> int:
    """Escalate every waiting order whose due time has passed; returns how many moved up."""
    return escalation.escalate_overdue(ORDERS, now=now, batch=batch)
