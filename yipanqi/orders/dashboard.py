"""Figures of the 三单制 loop for reports and dashboards, computed from records per node and period."""

import datetime
from typing import Any

from django.db.models import Avg, Count, Q

from yipanqi.orders.choices import EventKind, OrderStatus
from yipanqi.orders.models import OrderEvent, OrderRating, ServiceOrder


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    under = Q(scope_path__startswith=path)
    placed = ServiceOrder.objects.filter(under, placed_at__date__range=(start, end))
    closed = placed.filter(status=OrderStatus.CLOSED)
    late = (
        OrderEvent.objects.filter(under, kind=EventKind.OVERDUE, order__in=placed)
        .values("order_id")
        .distinct()
    )
    ratings = OrderRating.objects.filter(under, order__in=placed)
    total = placed.count()
    return {
        "orders": total,
        "orders_by_status": dict(
            placed.values_list("status").annotate(n=Count("id")).order_by("status")
        ),
        "orders_by_category": dict(
            placed.values_list("category__name").annotate(n=Count("id")).order_by("category__name")
        ),
        "on_time_rate": _rate(total - late.count(), total),
        "closure_rate": _rate(closed.count(), total),
        "satisfaction": round(ratings.aggregate(a=Avg("score"))["a"] or 0, 2) or None,
        "reopen_rate": _rate(placed.filter(reopen_count__gt=0).count(), total),
        "escalated_orders": placed.filter(escalation_level__gt=0).count(),
        "problems_solved": ServiceOrder.objects.filter(
            under, solved=True, closed_at__date__range=(start, end)
        ).count(),
        "open_orders": ServiceOrder.objects.filter(
            under,
            status__in=[
                OrderStatus.PLACED,
                OrderStatus.ACCEPTED,
                OrderStatus.DISPATCHED,
                OrderStatus.TAKEN,
                OrderStatus.DONE,
            ],
        ).count(),
    }
