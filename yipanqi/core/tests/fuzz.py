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
    each, venues, centres and an open assessment round, and the five later apps' objects
    (`build_new_apps`). Returns the district."""
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
    from yipanqi.orders.tests.team_factories import build_fuzz_teams

    build_fuzz_teams(district, orders)  # service teams (组团式服务) of A1 and B1
    build_new_apps(district, orders)
    return district


def build_new_apps(district: Any, orders: Any) -> None:
    """Social organisations, workforce, notices, officers and party life, each with objects of
    A1's and of B1's (so R-AC-3 has the other's ids), built on this district through the apps'
    own factories and actions (their people and branches are the orders world's)."""
    import datetime

    from django.utils import timezone

    from yipanqi.core.actors import system
    from yipanqi.notices import actions as notices
    from yipanqi.officers.tests.factories import build_officer_world
    from yipanqi.partylife import actions as partylife
    from yipanqi.socialorgs import actions as socialorgs
    from yipanqi.socialorgs.choices import LegalForm
    from yipanqi.socialorgs.tests.factories import _end_notice, build_socialorgs_world
    from yipanqi.workforce.tests.factories import build_workforce_world

    test = system("test")
    a1, _a2, b1, _b2 = district.communities
    # social organisations: a community organisation in A1 and one in B1, each with an
    # application (screened, reviewed, signed: reviews and tranches), and each community's need
    # taken up (an engagement)
    so = build_socialorgs_world(district)
    so.orgs["b1"] = socialorgs.org_register(
        area=b1, name="B1社区邻里互助队", legal_form=LegalForm.COMMUNITY, credit_code="",
        registered_on=datetime.date(2021, 3, 1), actor=test,
    )  # fmt: skip
    apps_ = []
    for key in ("a1", "b1"):
        apps_.append(socialorgs.application_submit(
            round_=so.round, organisation=so.orgs[key], title=f"{key}社区项目",
            theme=so.round.themes[0], lines=[("活动经费", 1_300_000), ("宣传材料", 200_000)],
            actor=test,
        ))  # fmt: skip
    for app in apps_:
        socialorgs.application_screen(application=app, eligible=True, actor=so.funder)
        socialorgs.reviewers_assign(application=app, reviewers=so.reviewers[:2], actor=so.funder)
        so.score_all(app)
    socialorgs.round_close_call(round_=so.round, actor=so.funder)
    socialorgs.round_publicise(round_=so.round, actor=so.funder)
    _end_notice(so.round)
    socialorgs.round_approve(round_=so.round, actor=so.funder)
    for n, app in enumerate(apps_):
        app.refresh_from_db()
        socialorgs.application_sign(application=app, agreement_no=f"FH-2026-0{n + 1}",
                                    actor=so.funder)  # fmt: skip
    for need, offer in (("a1", "a"), ("b1", "b")):
        socialorgs.need_accept(need=so.needs[need], offer=so.offers[offer], actor=test)
    # workforce: workers of A1 and B1, a town A course and the pay runs of both towns
    build_workforce_world(district)
    # notices: one of A1's to A1, one of B1's to B1 (sent: receipts in each inbox)
    for area, title in ((a1, "奉中社区清洁家园"), (b1, "民主社区停车管理")):
        notice = notices.notice_create(
            area=area, audience={"kind": "area", "ids": [area.pk]}, title=title,
            body="请知悉。", kind="information", deadline=timezone.now() + datetime.timedelta(days=3),
            actor=test,
        )  # fmt: skip
        notices.notice_send(notice=notice, actor=test)
    # officers: officer_a guides A1, officer_b B1, a work log each
    build_officer_world(district)
    # party life: a meeting of A1's branch and of B1's, and a transfer out of each
    for key, member in (("A1", "party_member_a1b"), ("B1", "party_member_b1")):
        partylife.meeting_plan(
            branch=orders.branches[key], kind="themed_day", held_on=datetime.date(2021, 3, 5),
            topic="主题党日", actor=test,
        )  # fmt: skip
        partylife.transfer_request(
            member=orders.members[member], outside_org="宁波市鄞州区某党支部", reason="工作调动",
            actor=test,
        )  # fmt: skip
    # funding: the district's 2021 run, A1's and B1's expenses (with evidence), income, projects
    from yipanqi.funding.tests.factories import build_funding_world

    build_funding_world(district)
    # duties: lists of A1 and B1, an admitted duty on both, a refused task each
    from yipanqi.duties.tests.factories import build_duties_world

    build_duties_world(district)
    # co-building: a claim, project, hard problem, commitment and evaluation of A1 and of B1
    from yipanqi.cobuilding.tests.factories import build_fuzz_rows

    build_fuzz_rows(district)
    # one-click reports: one of A1 and one of B1 (queued)
    from yipanqi.reports.tests.factories import queued_reports

    queued_reports(district)


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
