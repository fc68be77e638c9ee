"""The numbers of a node's dashboard and big screen, computed once per node, year and TTL and
kept in Django's cache (keyed by node and year, not by user: the scope check happens before), so
any number of screens on a wall cost one computation per TTL.

Numbers only: labels are added per request in the user's language (charts.py)."""

import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Q
from django.utils import timezone

from yipanqi.centres.models import ServiceCentre
from yipanqi.core import replica
from yipanqi.orders.models import ServiceOrder
from yipanqi.organisations.models import Area
from yipanqi.reports.dashboards import compare, feed, series
from yipanqi.reports.figures import node_figures, year_bounds

TTL = 60  # seconds
FIRST_YEAR = 2000


def key(area: Area, year: int) -> str:
    return f"reports:dash:{area.code}:{year}"


def default_year(area: Area) -> int:
    """The latest complete year with orders placed under the node (a year's figures are what the
    levels compare; the demo plays 2021), else this year. Cached like the numbers, so a cached
    page reads none of the apps' tables."""
    return cache.get_or_set(f"reports:dash-year:{area.code}", lambda: _latest_year(area), TTL)


def _latest_year(area: Area) -> int:
    this_year = timezone.localdate().year
    latest = ServiceOrder.objects.filter(
        scope_path__startswith=area.scope_path, placed_at__date__lt=datetime.date(this_year, 1, 1)
    ).aggregate(m=Max("placed_at"))["m"]
    return timezone.localtime(latest).year if latest else this_year


def node_payload(area: Area, year: int) -> dict[str, Any]:
    """The cached numbers of `area` for `year` (computed on a miss)."""
    return cache.get_or_set(key(area, year), lambda: replica.on_replica(build, area, year), TTL)


def _attention(area: Area, start: datetime.date, end: datetime.date) -> dict[str, int]:
    width = len(area.path)
    period = (start, end)
    overdue = ServiceOrder.objects.filter(
        scope_path__startswith=area.scope_path, overdue=True, status__in=compare.OPEN_ORDERS
    ).count()
    missed = compare.branch_meetings(area.scope_path, width, period).get(area.path, {})
    return {"overdue_orders": overdue, "meetings_missed": missed.get("missed", 0)}


def centres(area: Area) -> list[dict[str, Any]]:
    """The centre network under the node: name, level and position (no personal data)."""
    rows = (
        ServiceCentre.objects.filter(Q(scope_path__startswith=area.scope_path))
        .exclude(latitude=None)
        .exclude(longitude=None)
        .order_by("level", "id")
        .values_list("name", "level", "longitude", "latitude")
    )
    return [
        {"name": name, "level": level, "lng": float(lng), "lat": float(lat)}
        for name, level, lng, lat in rows
    ]


def build(area: Area, year: int) -> dict[str, Any]:
    start, end = year_bounds(year)
    return {
        "year": year,
        "area": {"code": area.code, "name": area.name, "kind": area.kind},
        "figures": node_figures(area=area, start=start, end=end),
        "children": compare.child_rows(area, start, end),
        "orders_by_month": series.orders_by_month(path=area.scope_path, start=start, end=end),
        "members_by_month": series.members_by_month(path=area.scope_path, start=start, end=end),
        "attention": _attention(area, start, end),
        "feed": feed.recent_events(area.scope_path),
        "centres": centres(area),
        "computed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
