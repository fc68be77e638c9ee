"""The street and district overview: counts by state per town or community, escalations."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from yipanqi.orders import permissions as perms
from yipanqi.orders.choices import OPEN_STATES, WAITING_STATES, OrderStatus
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.selectors.orders import PATH_STEP, tab_filter, with_relations
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants

# --- street and district overview ---------------------------------------------------------------


@dataclass
class Overview:
    rows: list[dict[str, Any]]  # per town (district view) or per community, with counts by state
    totals: dict[str, int]
    escalations: QuerySet[ServiceOrder]
    town: Area | None = None
    by_town: bool = False


def _status_counts() -> dict[str, Any]:
    counts: dict[str, Any] = {s.value: Count("pk", filter=Q(status=s)) for s in OrderStatus}
    counts["open"] = Count("pk", filter=Q(status__in=OPEN_STATES))
    counts["overdue"] = Count("pk", filter=Q(status__in=WAITING_STATES, overdue=True))
    counts["escalated"] = Count("pk", filter=tab_filter("escalated"))
    counts["total"] = Count("pk")
    return counts


def _sees_district(user: Any) -> bool:
    return any(g.role in perms.ADMINS and g.area.depth == 1 for g in active_grants(user))


def _rows(scope: QuerySet[ServiceOrder], by_town: bool) -> list[dict[str, Any]]:
    """Counts grouped by town (first two path steps) or by community, named in one more query."""
    length = PATH_STEP * (2 if by_town else 3)
    counts = _status_counts()
    grouped = list(
        scope.annotate(node=Substr("scope_path", 1, length))
        .values("node")
        .annotate(**counts)
        .order_by("node")
    )
    areas = {a.path: a for a in Area.objects.filter(path__in=[r["node"] for r in grouped])}
    return [{**r, "area": areas.get(r["node"])} for r in grouped]


def overview(*, user: Any, town_id: int | None = None) -> Overview:
    """Counts by state per town (district staff) or per community, and the escalated orders."""
    scope = ServiceOrder.objects.for_user(user, "report")  # the area scope: no personal reach
    town = None
    if town_id:
        town = Area.objects.for_user(user).filter(pk=town_id, kind=AreaKind.TOWN).first()
        scope = scope.filter(scope_path__startswith=town.path) if town else scope.none()
    by_town = town is None and _sees_district(user)
    escalations = with_relations(scope.filter(tab_filter("escalated"))).order_by(
        "-escalation_level", "due_at", "id"
    )
    return Overview(
        rows=_rows(scope, by_town),
        totals=scope.aggregate(**_status_counts()),
        escalations=escalations,
        town=town,
        by_town=by_town,
    )
