"""Deadlines and escalation (超时督办): overdue orders climb the area tree one level per missed window.

Run by `yipanqi run_periodic` (cron or the task worker). Each escalation writes an event, an audit row
and one notification per administrator of the new level (idempotent by topic).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, notify
from yipanqi.orders import permissions as perms
from yipanqi.orders.actions import due_at
from yipanqi.orders.choices import WAITING_STATES, EscalationLevel, EventKind
from yipanqi.orders.models import OrderEvent, ServiceOrder


def escalate_overdue(*, now=None, batch: int = 500) -> int:
    """Escalate every waiting order whose due time has passed; returns how many moved up."""
    now = now or timezone.now()
    ids = list(
        ServiceOrder.objects.filter(status__in=WAITING_STATES, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:batch]
    )
    return sum(_escalate_one(pk, now) for pk in ids)


@transaction.atomic
def _escalate_one(pk: int, now) -> int:
    order = ServiceOrder.objects.select_for_update().select_related("community").get(pk=pk)
    if order.status not in WAITING_STATES or order.due_at is None or order.due_at > now:
        return 0  # moved on meanwhile
    level = min(order.escalation_level + 1, EscalationLevel.DISTRICT)
    first_time = not order.overdue
    order.overdue, order.escalation_level = True, level
    order.due_at = due_at(order, order.status, now) if level < EscalationLevel.DISTRICT else None
    order.save(update_fields=["overdue", "escalation_level", "due_at", "updated_at"])
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
    audit.record(actor=None, action="orders.order.escalated", target=order, data={"level": level})
    notify.notify(
        perms.admins_at_level(order, level),
        title=_("Overdue service order escalated to you"),
        body=order.title,
        url=order.get_absolute_url(),
        # Once per level and waiting state: the version changes with every transition, so an order
        # that moves on (or is reopened) and falls overdue again is announced again.
        topic=f"orders.serviceorder:{order.pk}:escalated:{order.version}:{level}",
    )
    return 1
