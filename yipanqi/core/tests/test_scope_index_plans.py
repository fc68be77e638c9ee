"""Every scoped list query reaches its table through the scope index on PostgreSQL (issue #19).

A grant is a `scope_path` prefix (`LIKE 'path%'`), which PostgreSQL answers by an index range scan
only through an index leading with `scope_path` (Django's `_like` index of a `db_index` CharField,
varchar_pattern_ops). A reach ORed with it as a join or an `Exists(...)` makes the whole filter
unindexable, and every list of the table a scan of all its rows: the grid workers' 33 s people
list. With sequential and plain index scans off the planner takes a bitmap scan of an index
whenever one can answer the filter, so a plan that still reads the whole table names a query
that cannot use one.
"""

import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model, QuerySet

from yipanqi.core.scope import scoped_models

PAGE = 20
# Who reads each model: the most local staff role its "view" policy allows, granted at a community
# (a town or the district for the roles granted only there).
PERSONA_OF_ROLE = {
    "community_admin": "community_admin_a1",
    "grid_worker": "grid_worker_a1",
    "town_admin": "town_admin_a",
    "auditor": "auditor_a",
    "district_admin": "district_admin",
    "audit_admin": "audit_admin",
}
# model label -> why its lists cannot use the scope index; none so far, and a new entry needs one.
EXCLUDED: dict[str, str] = {}
SCOPED = sorted(m._meta.label for m in scoped_models())
FULL_SCANS = {"Seq Scan", "Index Scan", "Index Only Scan"}  # without an Index Cond: every row
# Only bitmap scans are left: one is possible only when an index answers the whole filter, so the
# plan no longer depends on statistics (a small, freshly analysed table is cheapest read whole).
NO_FULL_SCANS = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")


@pytest.fixture(scope="module")
def world(request, django_db_blocker) -> Iterator[Any]:
    """A district with members, residents and one order in each state, built once for the module
    in a transaction rolled back at its end (each test runs in a savepoint inside it)."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's: run with DATABASE_URL=postgres://…")
    request.getfixturevalue("django_db_setup")
    from yipanqi.orders.tests.factories import build_orders_world
    from yipanqi.organisations.tests.factories import build_district

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock():
            district = build_district()
            build_orders_world(district, with_orders=True)
        yield district
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def persona_for(world: Any, model: type[Model]) -> Any:
    allowed = {str(role) for role in getattr(model, "scope_policy", {}).get("view", ())}
    for role, persona in PERSONA_OF_ROLE.items():
        if role in allowed:
            return world.personas[persona]
    raise AssertionError(f"{model._meta.label}: no persona holds a role its view policy allows")


def list_selectors() -> Iterator[Callable[..., Any]]:
    """Every `*_list` selector of the apps that needs nothing but the user."""
    for config in apps.get_app_configs():
        if config.name.startswith("yipanqi."):
            for module in _selector_modules(config.name):
                for name, function in inspect.getmembers(module, inspect.isfunction):
                    own = function.__module__ == module.__name__
                    if own and name.endswith("_list") and _needs_only_user(function):
                        yield function


def _selector_modules(app: str) -> Iterator[Any]:
    try:
        module = importlib.import_module(f"{app}.selectors")
    except ModuleNotFoundError:
        return
    yield module
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        yield importlib.import_module(f"{module.__name__}.{info.name}")


def _needs_only_user(function: Callable[..., Any]) -> bool:
    parameters = inspect.signature(function).parameters.values()
    return [p.name for p in parameters if p.default is inspect.Parameter.empty] == ["user"]


def selector_pages(model: type[Model], user: Any) -> dict[str, QuerySet]:
    """The first page of each list selector of `model`, as `user` sees it."""
    pages = {}
    for selector in list_selectors():
        rows = selector(user=user)
        if isinstance(rows, QuerySet) and rows.model is model and not rows.query.is_empty():
            pages[f"{selector.__module__}.{selector.__name__}"] = page(rows)
    return pages


def page(rows: QuerySet) -> QuerySet:
    return (rows if rows.ordered else rows.order_by("pk"))[:PAGE]


def plan_of(rows: QuerySet) -> dict:
    sql, params = rows.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        for method in NO_FULL_SCANS:
            cursor.execute(f"SET LOCAL {method} = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (raw,) = cursor.fetchone()
    return (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]


def scope_indexes(table: str) -> set[str]:
    """The table's indexes that lead with scope_path: only those can serve a prefix."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        rows = cursor.fetchall()
    return {name for name, definition in rows if re.search(r"USING \w+ \(scope_path\b", definition)}


def nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def main_access(plan: dict, table: str) -> dict | None:
    """The node reading the query's own rows (not a sub-plan's read of the same table)."""
    if plan.get("Relation Name") == table:
        return plan
    for child in plan.get("Plans", ()):
        if child.get("Parent Relationship") not in ("SubPlan", "InitPlan"):
            found = main_access(child, table)
            if found is not None:
                return found
    return None


def ranged(node: dict, indexes: set[str]) -> bool:
    return node.get("Index Name") in indexes and "scope_path" in node.get("Index Cond", "")


def refusal(plan: dict, table: str, *, through_parent: bool = False) -> str | None:
    """Why the plan does not read `table` by a scope_path range (None: it does). With
    `through_parent` the rows may instead be reached by a join key from a table read that way
    (a selector scoping resolutions by their meeting)."""
    for node in nodes(plan):
        full = node["Node Type"] in FULL_SCANS and "Index Cond" not in node
        if full and node.get("Relation Name") == table:
            return f"{node['Node Type']} of every row ({node.get('Index Name', 'no index')})"
    access = main_access(plan, table)
    if access is None:
        return "no read of the table"
    if any(ranged(n, scope_indexes(table)) for n in nodes(access)):
        return None
    if through_parent and any(_read_by_range(n) for n in nodes(plan) if "Relation Name" in n):
        return None
    return f"{access['Node Type']} by {access.get('Index Name', '-')}, not by a scope_path range"


def _read_by_range(scan: dict) -> bool:
    indexes = scope_indexes(scan["Relation Name"])
    return any(ranged(n, indexes) for n in nodes(scan))


def assert_ranged(label: str, name: str, rows: QuerySet, **kwargs: bool) -> None:
    table = rows.model._meta.db_table
    assert scope_indexes(table), f"{label}: no index leads with scope_path"
    plan = plan_of(rows)
    why = refusal(plan, table, **kwargs)
    assert why is None, f"{label} {name}: {why}\n{str(rows.query)[:2000]}\n{json.dumps(plan)}"


def test_every_scoped_model_is_checked():
    assert {"people.Person", "orders.ServiceOrder"} <= set(SCOPED)
    assert set(EXCLUDED) <= set(SCOPED), "an excluded model is gone: drop its entry"


@pytest.mark.parametrize("label", [label for label in SCOPED if label not in EXCLUDED])
def test_scoped_list_uses_the_scope_index(world, db, label):
    model = apps.get_model(label)
    user = persona_for(world, model)
    rows = model.objects.for_user(user, "view")  # type: ignore[attr-defined]
    assert_ranged(label, "for_user", page(rows))
    for name, rows in selector_pages(model, user).items():
        assert_ranged(label, name, rows, through_parent=True)


def test_grid_worker_lists_use_the_scope_index(world, db):
    """The headline of issue #19: a grid worker's people and order lists."""
    from yipanqi.orders.selectors import order_list
    from yipanqi.people.selectors import household_list, person_list

    worker = world.personas["grid_worker_a1"]
    for name, rows in {
        "person_list": person_list(user=worker),
        "household_list": household_list(user=worker),
        "order_list": order_list(user=worker),
    }.items():
        assert not rows.query.is_empty(), name
        assert_ranged("grid_worker_a1", name, page(rows))


def test_without_a_scope_index_the_plan_is_refused(world, db):
    """The check can fail: drop the people table's scope indexes (in a savepoint)."""
    from yipanqi.people.models import Person

    rows = page(Person.objects.for_user(world.personas["grid_worker_a1"], "view"))
    table = Person._meta.db_table
    assert refusal(plan_of(rows), table) is None
    with transaction.atomic():
        with connection.cursor() as cursor:
            for index in scope_indexes(table):
                cursor.execute(f'DROP INDEX "{index}"')
        assert refusal(plan_of(rows), table) is not None
        transaction.set_rollback(True)
    assert refusal(plan_of(rows), table) is None
