"""One scope mechanism (数据权限): a user's grants become path prefixes; rows match by prefix."""

from django.db.models import Q, QuerySet

from yipanqi.core import registry
from yipanqi.core.registry import ScopeGrant


def grant_for(user, action: str, model: type) -> ScopeGrant:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ScopeGrant()
    resolver = registry.resolve("scope")
    if resolver is None:
        return ScopeGrant()
    return resolver(user, action, model)


def collapse(prefixes) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one (a grant covers its whole subtree)."""
    kept: list[str] = []
    for p in sorted(set(prefixes)):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(kept)


def restrict(queryset: QuerySet, user, action: str) -> QuerySet:
    grant = grant_for(user, action, queryset.model)
    condition = Q()
    for prefix in collapse(grant.prefixes):
        condition |= Q(scope_path__startswith=prefix)
    if grant.platform:
        condition |= Q(scope_path="")
    if not condition:
        return queryset.none()
    return queryset.filter(condition)


def scoped_models() -> list[type]:
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "scoped", False) is True]


def rewrite_scope_paths(old_prefix: str, new_prefix: str) -> int:
    """After a subtree moves, every scoped row under it follows (one UPDATE per scoped table)."""
    from django.db.models import Value
    from django.db.models.functions import Concat, Length, Substr

    if old_prefix == new_prefix:
        return 0
    changed = 0
    for model in scoped_models():
        if getattr(model, "append_only", False):
            continue  # history (audit, access logs) keeps the path it was written with
        rows = model._base_manager.filter(scope_path__startswith=old_prefix)
        changed += rows.update(
            scope_path=Concat(
                Value(new_prefix), Substr("scope_path", Length(Value(old_prefix)) + 1)
            )
        )
    return changed
