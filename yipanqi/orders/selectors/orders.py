"""Reads of orders for one user: lists with filters, one order, the steps open to the viewer,
the resident's and the member's own lists."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from yipanqi.orders import permissions as perms
from yipanqi.orders.choices import WAITING_STATES, EscalationLevel, OrderStatus
from yipanqi.orders.models import (
    OrderCategory,
    OrderEvent,
    OrderPhoto,
    ServiceOrder,
)
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants
from yipanqi.people.models import PartyMember, Person

IN_PROGRESS_STATES = (OrderStatus.DISPATCHED, OrderStatus.TAKEN, OrderStatus.DONE)
ESCALATED_FROM = EscalationLevel.TOWN  # "escalated" means it has left the community
# new: to accept (or decline); dispatch: accepted, to dispatch — each order in one of the two only
BOARD_TABS = ("new", "dispatch", "overdue", "escalated", "progress")
PATH_STEP = Area.steplen
CANCELLABLE_STATES = (
    OrderStatus.PLACED,
    OrderStatus.ACCEPTED,
    OrderStatus.DISPATCHED,
    OrderStatus.TAKEN,
)


def with_relations(orders: QuerySet[ServiceOrder]) -> QuerySet[ServiceOrder]:
    return orders.select_related(
        "category",
        "grid",
        "community",
        "claim_area",
        "dispatched_unit",
        "dispatched_team",
        "taker__person",
    )


def tab_filter(tab: str) -> Q:
    return {
        "new": Q(status=OrderStatus.PLACED),
        "dispatch": Q(status=OrderStatus.ACCEPTED),
        "overdue": Q(status__in=WAITING_STATES, overdue=True),
        "escalated": Q(status__in=WAITING_STATES, escalation_level__gte=ESCALATED_FROM),
        "progress": Q(status__in=IN_PROGRESS_STATES),
    }[tab]


def order_list(
    *,
    user: Any,
    status: str | None = None,
    category_id: int | None = None,
    grid_id: int | None = None,
    community_id: int | None = None,
    overdue: bool | None = None,
    escalated: bool | None = None,
) -> QuerySet[ServiceOrder]:
    orders = with_relations(perms.orders_visible_to(user))
    if status:
        orders = orders.filter(status=status)
    if category_id:
        orders = orders.filter(category_id=category_id)
    if grid_id:
        orders = orders.filter(grid_id=grid_id)
    if community_id:
        orders = orders.filter(community_id=community_id)
    if overdue is not None:
        orders = orders.filter(overdue=overdue)
    if escalated is not None:
        condition = Q(escalation_level__gte=ESCALATED_FROM)
        orders = orders.filter(condition if escalated else ~condition)
    return orders


def order_get(*, user: Any, order_id: int) -> ServiceOrder:
    """One order in the user's view; out of scope raises DoesNotExist like a missing id."""
    orders = perms.orders_visible_to(user).select_related(
        "category",
        "grid",
        "community",
        "resident",
        "taker__person",
        "dispatched_unit",
        "dispatched_team",
        "claim_area",
    )
    return orders.get(pk=order_id)


def order_get_to_take(*, user: Any, order_id: int) -> ServiceOrder:
    """An order the user may see, or one once open for claiming in a community they are
    registered with — so that a late claimant hears "already taken" rather than "not found"."""
    orders = ServiceOrder.objects.for_user(user, "take")
    return orders.select_related("community").get(pk=order_id)


def order_events(*, order: ServiceOrder) -> QuerySet[OrderEvent]:
    return order.events.select_related("actor").order_by("created_at", "id")


def order_candidates(*, order: ServiceOrder) -> list[PartyMember]:
    """The members an order was sent to by name (OrderCandidate), with their names."""
    candidates = order.candidates.select_related("member__person").order_by("id")
    return [c.member for c in candidates]


def order_photos(*, order: ServiceOrder) -> QuerySet[OrderPhoto]:
    return order.photos.order_by("created_at", "id")


def photo_get(*, user: Any, photo_id: int) -> OrderPhoto:
    """A photo of an order the user may see; anything else raises DoesNotExist."""
    visible = perms.orders_visible_to(user).values("pk")
    return OrderPhoto.objects.filter(order_id__in=visible).get(pk=photo_id)


def order_steps(*, user: Any, order: ServiceOrder) -> set[str]:
    """The steps this user may take on this order now (the buttons a page shows)."""
    status, steps = order.status, set()
    manage = perms.can_manage(user, order)
    if manage and status == OrderStatus.PLACED:
        steps |= {"accept", "decline"}
    if manage and status == OrderStatus.ACCEPTED:
        steps.add("dispatch")
    if manage and status in (OrderStatus.DISPATCHED, OrderStatus.TAKEN):
        steps.add("reassign")
    if status in CANCELLABLE_STATES and perms.can_cancel(user, order):
        steps.add("cancel")
    if status == OrderStatus.DISPATCHED and perms.can_take(user, order, perms.member_of(user)):
        steps.add("take")
    if status == OrderStatus.TAKEN and perms.is_taker(user, order):
        steps.add("complete")
        if perms.can_undo_take(user, order):
            steps.add("untake")
    if status == OrderStatus.DONE and perms.can_rate(user, order):
        steps.add("rate")
    return steps


# --- residents and members ----------------------------------------------------------------------


def my_orders(*, user: Any) -> QuerySet[ServiceOrder]:
    """Orders the user placed, or that were placed for them (the assisted channel)."""
    if not getattr(user, "is_authenticated", False):
        return ServiceOrder.objects.none()
    mine = Q(placed_by=user) | Q(resident__user=user)
    return with_relations(perms.orders_visible_to(user).filter(mine))


def taken_orders(
    *, user: Any, statuses: Iterable[str] = (OrderStatus.TAKEN,)
) -> QuerySet[ServiceOrder]:
    """Orders the user has taken (党员接单) and still owes, by default."""
    if not getattr(user, "is_authenticated", False):
        return ServiceOrder.objects.none()
    orders = perms.orders_visible_to(user).filter(taker_user=user, status__in=list(statuses))
    return with_relations(orders).order_by("due_at", "id")


def claimable_orders(*, user: Any) -> QuerySet[ServiceOrder]:
    """Dispatched orders the user's member record may take: open in their registered communities
    and near their grid, or dispatched to them by name (the "claim" reach of ServiceOrder)."""
    orders = ServiceOrder.objects.for_user(user, "claim")
    return with_relations(orders).order_by("due_at", "id")


def resident_person(*, user: Any) -> Person | None:
    """The resident record linked to this account, if any (to place orders as themselves)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).select_related("area").first()


def grids_for_placing(*, user: Any) -> QuerySet[Area]:
    """Grids where the user may place an order: their own grid, or the grids under their grant."""
    return Area.objects.for_user(user, "place").filter(kind=AreaKind.GRID).order_by("path")


def categories_for(*, district_codes: Iterable[str]) -> QuerySet[OrderCategory]:
    return OrderCategory.objects.filter(district_code__in=list(district_codes), active=True)


def user_district_codes(*, user: Any) -> list[str]:
    return sorted({g.area.district_code for g in active_grants(user)})
