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


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "orders": {
        "zh": "服务订单数",
        "en": "Service orders",
        "unit": "单",
        "definition": "期内下单的服务订单数",
    },
    "orders_by_status": {
        "zh": "订单数（按状态）",
        "en": "Orders by status",
        "unit": "单",
        "definition": "期内下单的订单按当前状态分列",
    },
    "orders_by_category": {
        "zh": "订单数（按类别）",
        "en": "Orders by category",
        "unit": "单",
        "definition": "期内下单的订单按服务类别分列",
    },
    "on_time_rate": {
        "zh": "按时办结率",
        "en": "On-time rate",
        "unit": "比例",
        "definition": "期内订单中未超时的比例",
    },
    "closure_rate": {
        "zh": "办结率",
        "en": "Closure rate",
        "unit": "比例",
        "definition": "期内订单中已办结的比例",
    },
    "satisfaction": {
        "zh": "满意度",
        "en": "Satisfaction",
        "unit": "分（1–5）",
        "definition": "期内订单评价的平均分",
    },
    "reopen_rate": {
        "zh": "重开率",
        "en": "Reopen rate",
        "unit": "比例",
        "definition": "期内订单中被重新打开过的比例",
    },
    "escalated_orders": {
        "zh": "上报订单数",
        "en": "Escalated orders",
        "unit": "单",
        "definition": "期内订单中逐级上报过的数量",
    },
    "problems_solved": {
        "zh": "解决问题数",
        "en": "Problems solved",
        "unit": "件",
        "definition": "期内办结并评价为已解决的订单数",
    },
    "open_orders": {
        "zh": "未办结订单",
        "en": "Open orders",
        "unit": "单",
        "definition": "期末尚未办结的订单数",
    },
}
