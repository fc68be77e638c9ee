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
        # the step's own instant, read as the actions read it (the undo window counts from it)
        created_at=timezone.now(),
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
    model=ServiceOrder,
)


def tell(users: list[Any], order: ServiceOrder, title: str, step: str, url: str = "") -> None:
    """Put a notice in each user's inbox, in the step's transaction: a step that rolls back leaves
    none, and the outside channels (SMS, WeChat) deliver only on commit (core.notify)."""
    topic = f"orders.serviceorder:{order.pk}:{step}:{order.version}"
    url = url or order.get_absolute_url()
    notify.notify(users, title=title, body=order.title, url=url, topic=topic)


def residents_of(order: ServiceOrder) -> list[Any]:
    """Who follows the order: its placer and the resident it is for (when placed on their behalf)."""
    return [order.placed_by, getattr(order.resident, "user", None)]


def rater_of(order: ServiceOrder) -> Any:
    """Who rates it (permissions.can_rate): the resident, or the placer of a resident without an
    account."""
    resident_user = getattr(order.resident, "user", None)
    return resident_user if resident_user is not None else order.placed_by


def tell_residents(order: ServiceOrder, title: str, step: str) -> None:
    tell(residents_of(order), order, title, step)


def reason_given(reason: str) -> None:
    if not reason.strip():
        raise Invalid(
            _("Give a reason."), code="reason_required", fields={"reason": [_("Give a reason.")]}
        )
