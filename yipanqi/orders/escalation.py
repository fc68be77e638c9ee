"""Deadlines and escalation (超时督办) of service orders, through the shared area-tree escalator.

Run by `yipanqi run_periodic` (cron or the task worker). Each escalation writes order events, an
audit row and one notification per administrator of the new level (idempotent by topic).
"""

from django.utils.translation import gettext_lazy as _

from yipanqi.orders.actions import due_at
from yipanqi.orders.choices import WAITING_STATES, EventKind
from yipanqi.orders.models import OrderEvent, ServiceOrder
from yipanqi.organisations import escalation


def _record(order: ServiceOrder, level: int, first_time: bool) -> None:
    kinds = [EventKind.OVERDUE, EventKind.ESCALATED] if first_time else [EventKind.ESCALATED]
    for kind in kinds:
        OrderEvent.objects.create(
            order=order,
            kind=kind,
            from_status=order.status,
            to_status=order.status,
            data={"level": level},
            scope_path=order.scope_path,
            district_code=order.district_code,
        )


ORDERS = escalation.Escalator(
    model=ServiceOrder,
    waiting_states=frozenset(WAITING_STATES),
    action="orders.order.escalated",
    title=_("Overdue service order escalated to you"),
    next_due=due_at,
    record=_record,
)


def escalate_overdue(*, now=None, batch: int = 500) -> int:
    """Escalate every waiting order whose due time has passed; returns how many moved up."""
    return escalation.escalate_overdue(ORDERS, now=now, batch=batch)
