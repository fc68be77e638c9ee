"""The orders app's cards on the home page (core.home): what waits for each persona, and the
三单制 figures of an administrator's area. Counts come from the same selectors as the pages they
link to, so a count and its page agree; each card costs a fixed number of queries."""

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, percent, todo, url
from yipanqi.orders import dashboard, selectors
from yipanqi.orders.choices import OPEN_STATES, OrderStatus
from yipanqi.orders.models import TAKER_ROLES
from yipanqi.organisations.permissions import widest_area

LIST = "orders:list"


def _counts(orders: Any, **conditions: Q) -> dict[str, int]:
    """Several counts of one scoped list in a single query."""
    return orders.order_by().aggregate(**{k: Count("pk", filter=q) for k, q in conditions.items()})


def admin_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Community / street / district: orders to accept, to dispatch, and overdue ones."""
    counts = _counts(
        selectors.order_list(user=user),
        placed=Q(status=OrderStatus.PLACED),
        accepted=Q(status=OrderStatus.ACCEPTED),
        overdue=Q(overdue=True),
    )
    return card(
        pgettext_lazy("home", "Service orders"),
        todos=[
            todo(
                pgettext_lazy("home", "waiting for acceptance"),
                counts["placed"],
                url(LIST, status="placed"),
            ),
            todo(
                pgettext_lazy("home", "waiting for dispatch"),
                counts["accepted"],
                url(LIST, status="accepted"),
            ),
            todo(
                pgettext_lazy("home", "overdue"),
                counts["overdue"],
                url(LIST, overdue="true"),
                alert=True,
            ),
        ],
        more=(pgettext_lazy("home", "Dispatch board"), url("orders:board")),
    )


def _rate_condition(user: Any) -> Q:
    """Waiting for this user's rating (orders.permissions.can_rate, as one filter)."""
    return Q(status=OrderStatus.DONE) & (
        Q(resident__user=user) | Q(placed_by=user, resident__user__isnull=True)
    )


def mine_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Residents, members and grid workers: the orders they placed (or were placed for them)."""
    counts = _counts(
        selectors.my_orders(user=user),
        open=Q(status__in=OPEN_STATES),
        to_rate=_rate_condition(user),
    )
    mine = url("orders:mine")
    return card(
        pgettext_lazy("home", "My orders"),
        todos=[
            todo(pgettext_lazy("home", "open"), counts["open"], mine),
            todo(
                pgettext_lazy("home", "waiting for your rating"),
                counts["to_rate"],
                mine,
            ),
        ],
        more=(pgettext_lazy("home", "Place an order"), url("orders:new")),
    )


def member_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Party members: orders open to them (抢单 / named), and the ones they hold."""
    claim = url("orders:claim")
    return card(
        pgettext_lazy("home", "Orders to take"),
        todos=[
            todo(
                pgettext_lazy("home", "you can take"),
                selectors.claimable_orders(user=user).count(),
                claim,
            ),
            todo(
                pgettext_lazy("home", "you hold, to complete"),
                selectors.taken_orders(user=user).count(),
                claim,
            ),
        ],
    )


def organisation_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Unit liaisons, social-organisation staff: orders sent to their organisation, and taken."""
    kinds = [kind for kind, role in TAKER_ROLES.items() if role in roles]
    counts = _counts(
        selectors.order_list(user=user),
        sent=Q(status=OrderStatus.DISPATCHED, dispatch_kind__in=kinds),
        taken=Q(status=OrderStatus.TAKEN, taker_user=user),
    )
    return card(
        pgettext_lazy("home", "Orders for your organisation"),
        todos=[
            todo(
                pgettext_lazy("home", "sent to your organisation"),
                counts["sent"],
                url(LIST, status="dispatched"),
            ),
            todo(
                pgettext_lazy("home", "taken by you, to complete"),
                counts["taken"],
                url(LIST, status="taken"),
            ),
        ],
    )


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "placed"), numbers["orders"]),
        figure(
            pgettext_lazy("home", "closed"),
            numbers["orders_by_status"].get(OrderStatus.CLOSED, 0),
        ),
        figure(pgettext_lazy("home", "closure rate"), percent(numbers["closure_rate"])),
        figure(pgettext_lazy("home", "satisfaction (of 5)"), numbers["satisfaction"]),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """The 三单制 figures of the administrator's area for the year (orders.dashboard)."""
    return area_figures_card(
        pgettext_lazy("home", "Service orders"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
        more=(pgettext_lazy("home", "Orders overview"), url("orders:overview")),
    )
