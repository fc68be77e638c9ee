"""Per-month series the apps' dashboard.py functions do not offer, read-only from the apps'
models under a node's scope path: orders placed per month and their state now, and members'
registrations (双报到) and participations per month. One grouped query each."""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from yipanqi.orders.choices import OrderStatus
from yipanqi.orders.models import ServiceOrder
from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.models import CommunityRegistration, Participation

REGISTERED = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)


def months(start: datetime.date, end: datetime.date) -> list[int]:
    """The months of a period inside one year (the dashboards show a year)."""
    return list(range(start.month, end.month + 1))


def _by_month(rows: Any, field: str) -> dict[int, int]:
    result = rows.annotate(m=ExtractMonth(field)).values_list("m").annotate(n=Count("pk"))
    return dict(result.order_by())


def orders_by_month(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, list]:
    """{status: [count per month]} of the orders placed in each month, by their state now."""
    rows = (
        ServiceOrder.objects.filter(
            scope_path__startswith=path, placed_at__date__range=(start, end)
        )
        .annotate(m=ExtractMonth("placed_at"))
        .values_list("status", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    span = months(start, end)
    table: dict[str, list[int]] = {}
    for status, month, n in rows:
        table.setdefault(status, [0] * len(span))[span.index(month)] += n
    return {s: table[s] for s in OrderStatus.values if s in table}


def members_by_month(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, list]:
    """Members' registrations confirmed (by the month they applied) and participations per month."""
    under = Q(scope_path__startswith=path)
    registered = CommunityRegistration.objects.filter(
        under,
        kind=RegistrationKind.MEMBER,
        status__in=REGISTERED,
        submitted_at__date__range=(start, end),
    )
    joined = _by_month(registered, "submitted_at")
    took_part = _by_month(
        Participation.objects.filter(under, occurred_on__range=(start, end)), "occurred_on"
    )
    span = months(start, end)
    return {
        "registrations": [joined.get(m, 0) for m in span],
        "participations": [took_part.get(m, 0) for m in span],
    }
