"""One scope mechanism (数据权限): a user's grants become path prefixes; rows match by prefix.

Besides its area path a scoped model may declare the other ways a user reaches one of its rows
(`scope_reach`: the placer of an order, the member it was sent to, the person a record is about).
`for_user(user, action)` ORs the granted prefixes and every declared reach for that action into one
filter: conditions on the row (or through to-one relations) and `Exists(...)` for to-many ones, so
a row never comes back twice and no list needs `.distinct()` or a second query.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Exists, F, Func, Model, Q, QuerySet, Subquery

from yipanqi.core import registry
from yipanqi.core.actors import is_system
from yipanqi.core.registry import ScopeGrant

ReachCondition = Callable[[Any], "Q | Exists | None"]


@dataclass(frozen=True)
class Reach:
    """Another way than the area path a user reaches a row (本人, 下单人, 指派对象 …).

    `condition(user)` is a condition on the row for one signed-in person (None: none for them);
    it must not join a to-many relation (that repeats rows) — use `Exists(...)` there.
    """

    name: str
    condition: ReachCondition
    actions: frozenset[str] = field(default=frozenset({"view"}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "actions", frozenset(self.actions))


def reaches(model: type, action: str) -> tuple[Reach, ...]:
    return tuple(r for r in getattr(model, "scope_reach", ()) if action in r.actions)


def reaches_as_person(user: Any) -> bool:
    """Only a signed-in, active person reaches rows as themselves; never the system actor."""
    if user is None or is_system(user):
        return False
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def grant_for(user, action: str, model: type) -> ScopeGrant:
    if not reaches_as_person(user):
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


def prefix_condition(prefixes: Iterable[str], column: str = "scope_path") -> Q:
    """Rows under any of the paths (an empty Q when there are none)."""
    condition = Q()
    for prefix in collapse(prefixes):
        condition |= Q(**{f"{column}__startswith": prefix})
    return condition


class _PkAmong(Func):
    """`pk IN (subquery)`; on PostgreSQL `pk = ANY(ARRAY(subquery))`, which the planner runs once
    (an InitPlan) and answers by the primary key, where an IN or EXISTS inside an OR is a filter
    on every row of the table."""

    arity = 2
    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()
    conditional = True

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, arg_joiner=" = ANY(ARRAY", template="%(expressions)s)", **extra
        )


def rows_among(model: type[Model], condition: Q) -> Q:
    """The rows of `model` matching `condition`, phrased so that ORing it with the area prefix
    keeps the prefix an index range scan (issue 19): joins and `Exists(...)` run in a subquery."""
    rows = model._base_manager.filter(condition).order_by().values("pk")
    return Q(_PkAmong(F("pk"), Subquery(rows)))


def reach_condition(model: type, user, action: str) -> Q:
    """The declared reach of `model` for this user and action, ORed (empty Q when none).

    Each reach is its own `rows_among` subquery: ORed together inside one, an `Exists` would
    turn that subquery into a scan of the whole table again."""
    condition = Q()
    if not reaches_as_person(user):
        return condition
    for reach in reaches(model, action):
        term = reach.condition(user)
        if term is not None:
            condition |= rows_among(model, Q(term))
    return condition


def _condition(model: type, user, action: str) -> Q:
    grant = grant_for(user, action, model)
    condition = prefix_condition(grant.prefixes)
    if grant.platform:
        condition |= Q(scope_path="")
    return condition | reach_condition(model, user, action)


def scope_condition(model: type, user, action: str = "view") -> Q:
    """The one filter `for_user` applies, to combine with another (matches nothing if empty)."""
    return _condition(model, user, action) or Q(pk__in=[])


def restrict(queryset: QuerySet, user, action: str) -> QuerySet:
    condition = _condition(queryset.model, user, action)
    if not condition:
        return queryset.none()
    return queryset.filter(condition)


def scoped_models() -> list[type[Model]]:
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
