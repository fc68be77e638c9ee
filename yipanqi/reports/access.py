"""Who may ask for a one-click report, and of which nodes: the area admins and auditors, each at
the areas of their grants and below. A node outside them answers 404, exactly like a missing one."""

from typing import Any

from django.db.models import Q, QuerySet

from yipanqi.organisations.choices import ADMIN_ROLES, Role
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants, widest_area

REPORT_ROLES: frozenset[str] = ADMIN_ROLES | frozenset({Role.AUDITOR})


def report_paths(user: Any) -> tuple[str, ...]:
    return tuple(g.area.path for g in active_grants(user) if g.role in REPORT_ROLES)


def may_report(user: Any) -> bool:
    return bool(report_paths(user))


def home_node(user: Any) -> Area | None:
    return widest_area(user, REPORT_ROLES)


def reportable_areas(user: Any) -> QuerySet[Area]:
    """Areas in the user's report scope (districts, towns, communities; grids are too small)."""
    paths = report_paths(user)
    if not paths:
        return Area.objects.none()
    within = Q()
    for p in paths:
        within |= Q(path__startswith=p)
    return Area.objects.filter(within).exclude(kind="grid").order_by("path")


def node_in_scope(user: Any, code: str) -> Area | None:
    """The area with this code if the user may report on it, else None (the caller's 404)."""
    area = Area.objects.filter(code=code).first()
    if area is None or not any(area.path.startswith(p) for p in report_paths(user)):
        return None
    return area
