"""API fuzzing with schemathesis, in-process (docs/decisions/016-api-fuzzing.md).

The schema is drf-spectacular's, generated in-process; every operation is called through the
Django WSGI application (same thread, same test database) as a persona with a bearer token.
Integer path parameters are drawn mostly from the primary keys that exist in the test world, so
detail and step endpoints reach real objects (in and out of the persona's scope), not only 404s.
"""

import json
import os
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

# Which checks, and why not the others: docs/decisions/016-api-fuzzing.md.
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
# CI is reproducible (derandomized); YIPANQI_FUZZ_RANDOM=1 draws new cases on every run.
RANDOM = bool(os.environ.get("YIPANQI_FUZZ_RANDOM"))


def build_world() -> Any:
    """The factory district with every app's objects on it, in community A1 and in B1: orders in
    every state, grid campaigns, households and incidents, two deliberation halls with a full loop
    each, venues, centres and an open assessment round. Returns the district."""
    from yipanqi.centres.tests.factories import build_centres_world
    from yipanqi.deliberation.tests.factories import build_loops
    from yipanqi.grid.tests.factories import build_grid_world
    from yipanqi.orders.tests.factories import build_orders_world, make_resident
    from yipanqi.organisations.tests.factories import build_district
    from yipanqi.people.actions import person_unmask
    from yipanqi.venues.tests.factories import book, build_venue_world

    district = build_district()
    # The orders world makes the residents' and members' people; the people factory would make
    # them again (it is for a district of its own).
    orders = build_orders_world(district, with_orders=True)
    make_resident(orders, "resident_b1", district.grids[4], "周七")
    orders.place(by="community_admin_b1", resident="resident_b1", grid=district.grids[4])
    for key, admin in (
        ("resident_a1", "community_admin_a1"),
        ("resident_b1", "community_admin_b1"),
    ):
        person_unmask(  # a row of the access log each
            person=orders.residents[key],
            field="id_number",
            purpose="核对身份信息",
            actor=district.personas[admin],
        )
    grid = build_grid_world(district)
    grid.report(grid=0)
    grid.report(grid=4, by="community_admin_b1")
    build_loops(district)
    venues = build_venue_world(district)
    book(venues, "community", "liaison_a1")
    book(venues, "other", "liaison_b1")
    for venue, admin in (("community", "community_admin_a1"), ("other", "community_admin_b1")):
        weekly(venues, venue, admin)  # a weekly series each, at their own community's venue
    build_centres_world(district)
    return district


def weekly(venues: Any, venue: str, user: str) -> Any:
    import datetime

    from yipanqi.venues import actions
    from yipanqi.venues.tests.factories import choice_for, local

    person = venues.personas[user]
    return actions.series_create(
        venue=venues.venues[venue], choice=choice_for(person), first_date=local(4, 0).date(),
        weeks=2, start_time=datetime.time(15), end_time=datetime.time(16), purpose="每周学习",
        headcount=5, actor=person,
    )  # fmt: skip


def api_schema() -> dict[str, Any]:
    """drf-spectacular's schema, as `manage.py spectacular` writes it (JSON round trip)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw, renderer_context={}))


def load_schema() -> Any:
    schema = schemathesis.openapi.from_dict(api_schema())
    schema.app = get_wsgi_application()
    return schema


def existing_ids() -> list[int]:
    """Every integer primary key of the project's own tables (small, overlapping ranges)."""
    ids: set[int] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("yipanqi."):
            continue
        if model._meta.pk.get_internal_type() not in {"AutoField", "BigAutoField"}:
            continue
        ids.update(model._default_manager.values_list("pk", flat=True)[:2000])
    return sorted(ids)


def id_pools(schema: Any, user: Any) -> dict[str, list[int]]:
    """For each collection with detail routes (`/api/v1/orders/` for `/api/v1/orders/{order_id}/…`),
    the ids its list shows `user` (the district administrator: every object of the district, so
    for a community administrator half of them are another community's)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    pools: dict[str, list[int]] = {}
    for path in schema.raw_schema["paths"]:
        if "{" not in path:
            continue
        collection = path.split("{", 1)[0]
        if collection in pools:
            continue
        response = client.get(collection, {"page_size": 100})
        body = response.json() if response.status_code == 200 else []
        rows = body.get("results", []) if isinstance(body, dict) else body
        pools[collection] = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
    return pools


@dataclass
class Report:
    persona: str
    calls: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def count(self, status: int) -> None:
        self.calls += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


def fuzz_operation(
    operation: Any,
    *,
    user: Any,
    ids: list[int],
    pools: dict[str, list[int]],
    examples: int,
    report: Report,
) -> None:
    """`examples` positive and `examples` negative cases for one operation, as `user`.

    Each failure is noted once per operation and mode (the first example that shows it), so one
    run reports them all. The operation runs in a savepoint of its own with a fresh token: what it
    writes (a revoked token, ended sessions, a deactivated account) cannot spoil the next one.
    """
    from yipanqi.accounts.actions import token_issue

    with transaction.atomic():
        headers = {
            "Authorization": f"Bearer {token_issue(user=user, name='fuzz')}",
            "Accept-Language": "en",
        }
        # Mostly the collection's own ids (real objects), else any id of the world's.
        pool = pools.get(operation.path.split("{", 1)[0]) or ids
        for mode in MODES:
            _fuzz(
                operation,
                mode,
                headers=headers,
                ids=pool,
                every_id=ids,
                examples=examples,
                report=report,
            )
        transaction.set_rollback(True)


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    *,
    headers: dict[str, str],
    ids: list[int],
    every_id: list[int],
    examples: int,
    report: Report,
) -> None:
    integer_paths = [
        p.name
        for p in operation.path_parameters
        if (p.definition.get("schema") or {}).get("type") == "integer"
    ]
    seen: set[str] = set()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case: Any, data: Any) -> None:
        for name in integer_paths:
            if ids and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(ids))
        if isinstance(case.body, dict):  # references in the body (`grid_id`, `person_id`) too
            for name, value in list(case.body.items()):
                if name.endswith("_id") and type(value) is int and data.draw(st.booleans()):
                    case.body[name] = data.draw(st.sampled_from(every_id))
        response = case.call(headers=headers)
        report.count(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup) as exc:  # reported, not raised
            key = type(exc).__name__ + str(exc).split("\n", 1)[0]
            if key not in seen:
                seen.add(key)
                report.failures.append(
                    f"{operation.label} [{report.persona}, {mode.value}] "
                    f"{case.as_curl_command(headers=headers)}\n{exc}"
                )

    run()
