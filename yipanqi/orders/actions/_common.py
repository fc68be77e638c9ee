"""What every order step shares: the row lock, the due time of a state, the event row, the workflow
and the notification."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import notify
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Actor, Workflow, lock, user_of
from yipanqi.orders import policies
from yipanqi.orders.choices import (
    ORDER_TRANSITION_NOT_ALLOWED,
    ORDER_TRANSITIONS,
    OrderStatus,
    Urgency,
)
from yipanqi.orders.models import OrderEvent, ServiceOrder


def locked_order(order: ServiceOrder) -> ServiceOrder:
    return lock(order, "community", "grid", "resident")


def due_at(order: ServiceOrder, status: str, now: datetime.datetime) -> datetime.datetime | None:
    # A district override may name only some states; the others keep their documented default.
    hours = {**policies.DUE_HOURS.default, **policies.DUE_HOURS.value(order.district_code)}.get(
        status
    )
    if hours is None:
        return None
    if order.urgency == Urgency.URGENT:
        hours = hours * float(policies.URGENT_FACTOR.value(order.district_code))
    return now + datetime.timedelta(hours=hours)


def write_event(
    order: ServiceOrder,
    *,
    actor: Actor,
    old: str,
    new: str,
    kind: str,
    note: str = "",
    data: dict | None = None,
) -> OrderEvent:
    event = OrderEvent(
        order=order,
        kind=kind,
        actor=user_of(actor),
        from_status=old,
        to_status=new,
        note=note[:500],
        data=data or {},
    )
    event.place_in(order.community)
    event.save()
    return event


def _stamp_due(order: ServiceOrder, new: str) -> None:
    order.due_at, order.overdue = due_at(order, new, timezone.now()), False


ORDER_FLOW = Workflow(
    table=ORDER_TRANSITIONS,
    statuses=OrderStatus,
    refusal=ORDER_TRANSITION_NOT_ALLOWED,
    audit_prefix="orders.order",
    event=write_event,
    on_move=_stamp_due,
)


def tell(users: list[Any], order: ServiceOrder, title: str, step: str) -> None:
    topic = f"orders.serviceorder:{order.pk}:{step}:{order.version}"
    notify.notify(users, title=title, body=order.title, url=order.get_absolute_url(), topic=topic)


def reason_given(reason: str) -> None:
    if not reason.strip():
        raise Invalid(
            _("Give a reason."), code="reason_required", fields={"reason": [_("Give a reason.")]}
        )
