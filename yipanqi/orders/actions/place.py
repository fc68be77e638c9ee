"""群众点单: placing an order, and the district's category list it is placed in."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import created, require_permission, user_of
from yipanqi.orders import permissions as perms
from yipanqi.orders.actions._common import due_at, tell
from yipanqi.orders.choices import DEFAULT_CATEGORIES, EventKind, OrderStatus, Urgency
from yipanqi.orders.models import OrderCategory, OrderEvent, ServiceOrder
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.models import Household, Person
from yipanqi.privacy.consents import require_consent

PURPOSE = "service_orders"  # the activity of orders/pi.py whose notice the placer agrees to


@transaction.atomic
def order_place(
    *,
    grid: Area,
    category: OrderCategory,
    title: str,
    description: str,
    actor: Any,
    resident: Person | None = None,
    household: Household | None = None,
    urgency: str = Urgency.NORMAL,
    placed_at: datetime.datetime | None = None,
    idempotency_key: str = "",
) -> ServiceOrder:
    """群众点单: a resident (or a grid worker on their behalf — the assisted channel) places an order.

    With an `idempotency_key`, placing again with the same key (a retried or double-submitted
    request) returns the first order and sends nothing new (R-AV-3). The system actor (a
    deliberation follow-up) places for the person it acts on behalf of, who becomes the placer.
    A person placing for themselves needs their current consent to the service-order notice
    (`consent_required`, R-PI-6).
    """
    placer = user_of(actor)
    earlier = _placed_with_key(placer, idempotency_key)
    if earlier is not None:
        return earlier
    if grid.kind != AreaKind.GRID:
        raise Invalid(_("Choose the grid the order concerns."), code="not_a_grid")
    require_permission(actor, perms.can_place, grid.path)
    if not title.strip() or not description.strip():
        raise Invalid(_("Say briefly what help is needed."), code="description_required")
    if category.district_code != grid.district_code or not category.active:
        raise Invalid(_("Unknown category."), code="bad_category")
    own = resident is not None and resident.user_id == getattr(placer, "pk", None)
    channel = (
        "resident"
        if own or resident is None and not perms.is_staff_placer(placer, grid.path)
        else "assisted"
    )
    if channel == "resident" and not is_system(actor):
        # R-PI-6: the register's basis for service orders is consent; a person placing for
        # themselves must have agreed to the current notice (docs/decisions/021-consent.md says
        # why staff on someone's behalf and the system are not asked here).
        require_consent(user=placer, purpose=PURPOSE)
    order = ServiceOrder(
        category=category,
        grid=grid,
        community=grid.get_parent(),
        household=household,
        resident=resident,
        title=title.strip()[:100],
        description=description.strip(),
        urgency=urgency,
        channel=channel,
        placed_by=placer,
        placed_at=placed_at or timezone.now(),
        idempotency_key=idempotency_key[:64],
    )
    order.place_in(grid)
    order.due_at = due_at(order, OrderStatus.PLACED, order.placed_at)
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        earlier = _placed_with_key(placer, idempotency_key)  # a concurrent twin committed first
        if earlier is None:
            raise
        return earlier
    OrderEvent.objects.create(
        order=order,
        kind=EventKind.PLACED,
        actor=placer,
        to_status=OrderStatus.PLACED,
        created_at=order.placed_at,  # one instant: the event is the placing
        scope_path=order.scope_path,
        district_code=order.district_code,
    )
    # The description stays out of the trail (free text: names, phone numbers).
    changes = created(
        order, "category", "grid", "community", "household", "resident", "title", "urgency"
    )
    changes |= created(order, "channel", "placed_by", "status", "due_at")
    audit.record(
        actor=actor,
        action="orders.order.placed",
        target=order,
        changes=changes,
        data={"channel": channel},
    )
    tell(perms.admins_of(order.community), order, _("New service order"), "placed")
    return order


def _placed_with_key(placer: Any, key: str) -> ServiceOrder | None:
    if not key or placer is None:
        return None
    return ServiceOrder.objects.filter(placed_by=placer, idempotency_key=key[:64]).first()


@transaction.atomic
def category_ensure_defaults(*, district_code: str, actor: Any = None) -> list[OrderCategory]:
    """Give a district the default category list (choices.DEFAULT_CATEGORIES) once; keeps edits."""
    created = []
    for position, (code, name) in enumerate(DEFAULT_CATEGORIES):
        category, new = OrderCategory.objects.get_or_create(
            district_code=district_code, code=code, defaults={"name": name, "order": position}
        )
        if new:
            created.append(category.code)
    if created:
        audit.record(
            actor=actor,
            action="orders.categories.created",
            data={"codes": created},
            scope_path="",
            district_code=district_code,
        )
    return list(OrderCategory.objects.filter(district_code=district_code))
