"""What the orders app holds about the signed-in person (R-PI-7): the orders they placed and
the orders they took, with their ratings."""

from typing import Any

from django.db.models import Q

from yipanqi.core.my_data import Row, row
from yipanqi.orders.models import ServiceOrder


def orders(user: Any) -> list[Row]:
    mine = ServiceOrder.objects.filter(Q(placed_by=user) | Q(taker_user=user))
    shown = mine.select_related("category").order_by("placed_at", "id")
    return [row(o, "title", "category", "status", "placed_at", "description") for o in shown]
