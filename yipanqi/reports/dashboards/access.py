"""Who may open a dashboard, and which nodes: staff roles (the area admins and auditors), each at
the areas of their grants and below. A node outside them answers 404, exactly like a missing one;
a signed-in user without such a role gets 403."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from yipanqi.organisations.choices import ADMIN_ROLES, Role
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants, widest_area

DASHBOARD_ROLES = ADMIN_ROLES | frozenset({Role.AUDITOR})


def reader_paths(user: Any) -> tuple[str, ...]:
    """The area paths of the user's dashboard grants (no query after the first per request)."""
    return tuple(g.area.path for g in active_grants(user) if g.role in DASHBOARD_ROLES)


def require_reader(user: Any) -> tuple[str, ...]:
    paths = reader_paths(user)
    if not paths:
        raise PermissionDenied
    return paths


def home_node(user: Any) -> Area:
    """The user's own node: the highest area among their dashboard grants."""
    require_reader(user)
    area = widest_area(user, DASHBOARD_ROLES)
    if area is None:  # pragma: no cover - require_reader found a grant
        raise PermissionDenied
    return area


def node_for(user: Any, code: str) -> Area:
    """The area with this division code if it lies in the user's dashboard scope, else 404."""
    paths = require_reader(user)
    area = Area.objects.filter(code=code).first()
    if area is None or not any(area.path.startswith(p) for p in paths):
        raise Http404
    return area


def in_scope(user: Any, area: Area) -> bool:
    return any(area.path.startswith(p) for p in reader_paths(user))
