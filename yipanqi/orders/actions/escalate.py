"""超时督办: the deadline job's step on an order (acting as the system)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core.actors import is_system
from yipanqi.core.workflow import Actor, require
from yipanqi.orders.actions._common import ORDER_FLOW, due_at, locked_order, write_event
from yipanqi.orders.choices import WAITING_STATES, EventKind
from yipanqi.orders.models import ServiceOrder
from yipanqi.organisations import escalation


@transaction.atomic
def order_escalate_overdue(*, obj: ServiceOrder, now: datetime.datetime, actor: Actor) -> bool:
    """超时督办 (the system's deadline job): an order past its due time is marked overdue and
    climbs one level of the area tree; returns False if it moved on meanwhile."""
    require(is_system(actor))
    order = locked_order(obj)
    step = ORDER_FLOW.begin(order, actor=actor)
    climbed = escalation.climb(order, now, WAITING_STATES, due_at)
    if climbed is None:
        return False
    level, first_time = climbed
    kinds = [EventKind.OVERDUE, EventKind.ESCALATED] if first_time else [EventKind.ESCALATED]
    for kind in kinds:
        write_event(
            order, actor=actor, old=order.status, new=order.status, kind=kind, data={"level": level}
        )
    step.finish("escalated", level=level)
    escalation.announce(order, level, _("Overdue service order escalated to you"))
    return True
