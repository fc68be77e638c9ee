"""Who may see or do what, derived from role grants on the area tree (数据权限)."""

from typing import Any

from django.db.models import Model

from yipanqi.core import context
from yipanqi.core.registry import ScopeGrant
from yipanqi.organisations.choices import (
    GRANT_APPROVE_ROLES,
    PLATFORM_ROLES,
    STRUCTURE_CHANGE_ROLES,
    Role,
)
from yipanqi.organisations.models import Area, RoleGrant

_CACHE = "_yipanqi_grants"


def active_grants(user: Any) -> list[RoleGrant]:
    """The user's active grants, read at most once per request (R-AC-6: a revocation counts at once).

    Only approved grants count: a grant awaiting its second person's approval gives nothing.

    The cache is tied to the request id, not just to the user object, because a user object may
    outlive its request (API clients that reuse one, long-running jobs). Outside a request
    nothing is cached.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    request_id = context.current().request_id
    cached = getattr(user, _CACHE, None)
    if request_id and cached is not None and cached[0] == request_id:
        return cached[1]
    grants = list(RoleGrant.objects.active().filter(user=user).select_related("area"))
    if request_id:
        setattr(user, _CACHE, (request_id, grants))
    return grants


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles_of(user: Any) -> set[str]:
    return {g.role for g in active_grants(user)}


def scope_for(user: Any, action: str, model: type[Model]) -> ScopeGrant:
    """The core scope resolver: prefixes of the areas where the user holds a role allowed by the policy."""
    policy = getattr(model, "scope_policy", {}).get(action, frozenset())
    grants = [g for g in active_grants(user) if g.role in policy]
    return ScopeGrant(
        prefixes=tuple(g.area.path for g in grants),
        platform=any(g.role in PLATFORM_ROLES for g in grants),
    )


def grants_summary(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "role": g.role,
            "role_label": str(g.get_role_display()),
            "area": g.area.name,
            "area_code": g.area.code,
            "area_id": g.area_id,
        }
        for g in active_grants(user)
    ]


def areas_managed_by(user: Any) -> Any:
    """Areas the user may change (structure admins), the root of every write scope."""
    return Area.objects.for_user(user, "change")


def administers(user: Any, path: str) -> bool:
    """A structure-admin grant covers `path` (the grant's own node included)."""
    return any(
        g.role in STRUCTURE_CHANGE_ROLES and path.startswith(g.area.path)
        for g in active_grants(user)
    )


def can_change_area(user: Any, area: Area) -> bool:
    """Rename or move an area: only from strictly above it (one's own node is not one's to change)."""
    return any(
        g.role in STRUCTURE_CHANGE_ROLES
        and area.path.startswith(g.area.path)
        and area.path != g.area.path
        for g in active_grants(user)
    )


def can_grant_role(user: Any, area: Area) -> bool:
    return any(
        g.role == Role.SYSTEM_ADMIN and area.path.startswith(g.area.path)
        for g in active_grants(user)
    )


def areas_for_granting(user: Any) -> Any:
    return Area.objects.for_user(user, "grant")


def approves_grants_at(user: Any, path: str) -> bool:
    """A security admin grant covers `path`: the user is a second person for grants there."""
    return any(
        g.role in GRANT_APPROVE_ROLES and path.startswith(g.area.path) for g in active_grants(user)
    )


def can_decide_grant(user: Any, grant: RoleGrant) -> bool:
    """Approve or reject a pending grant: a security admin covering its area, and a second person
    (neither who asked for the grant nor who would receive it)."""
    return (
        grant.is_pending
        and getattr(user, "pk", None) not in (grant.requested_by_id, grant.user_id)
        and approves_grants_at(user, grant.scope_path)
    )


def widest_area(user: Any, roles: frozenset[str] = STRUCTURE_CHANGE_ROLES) -> Area | None:
    """The highest area among the user's grants of `roles` (the node their home page's key
    figures cover); None without such a grant."""
    areas = [g.area for g in active_grants(user) if g.role in roles]
    return min(areas, key=lambda a: (len(a.path), a.path)) if areas else None


def role_label(code: str) -> str:
    """A role's name in the user's language (its code when no such role exists)."""
    return str(Role(code).label) if code in Role.values else code
