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
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi import checks as openapi_checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

# A request that breaks the schema must be refused with one of these (negative cases).
REFUSALS = ["400", "401", "403", "404", "405", "409", "413", "415", "422"]
# A request the schema allows may still be refused by the domain (positive cases): not signed in,
# not allowed (403), another community's or no such object (404), a state that forbids it (409).
# A 400 only as `valid_data_refused` allows it.
DOMAIN_REFUSALS = ["2xx", "401", "403", "404", "409"]

# 400s to schema-valid data, by error code: rules the schema cannot state, raised by the actions
# with their own stable code (never `validation_error` or `invalid_parameter`: a serializer or a
# parameter parser refusing what the schema allows means the schema is wrong).
DOMAIN_400 = {
    # an id or code in the body names an object that exists but may not be used here (not the
    # caller's, not of this community, council, body or team); path ids answer 404 instead
    "bad_area": "not one of the caller's areas",
    "bad_community": "not one of the caller's communities",
    "bad_booker": "not one of the caller's bookers",
    "bad_parent": "that kind of organisation cannot sit under that parent",
    "bad_role": "no such officer role in the district",
    "bad_session": "not a session of this council",
    "claim_area_outside": "the claim area is not within the order's community",
    "grid_outside_body": "a grid outside the deliberation body's community",
    "lead_not_street_or_community": "the lead organisation is not one the caller administers",
    "leader_not_member": "the team leader must be an active member of the team",
    "member_not_registered": "the member is not registered with a community the team serves",
    "not_in_team": "the member is not in the team",
    "owner_required": "the owner must be a member of the council (or named)",
    "seat_cannot_vote": "the seat does not vote in this body",
    "seat_other_body": "the seat belongs to another body",
    "unit_required": "dispatching to a unit names the unit",
    "team_required": "dispatching to a team names a service team of the community",
    "no_council": "the community has no co-building council",
    "unknown_user": "no account of that username",
    "unknown_area": "a team covers communities or grids the caller sees",
    "bad_unit": "no such resident unit",
    "member_not_participant": "hours are credited to members who took part in the order",
    # one field against another, or against the stored object
    "bad_code": "an area code starts with its parent's code",
    "bad_date": "the date falls outside the engagement",
    "bad_term": "a term cannot end before it starts",
    "bad_window": "a call closes after it opens",
    "before_start": "duty money is credited from the year the duty starts",
    "moved_out_before_birth": "a person cannot move out before being born",
    # the moment or the stored state decides (the step itself is allowed: not a 409 transition)
    "not_consented": "withdrawing a consent that was not given",
    "notice_outdated": "consenting to an older version of the privacy notice",
    "not_started": "a no-show is marked once the booking has started",
    "scores_missing": "submitting before every indicator is scored",
    "window_closed": "the evaluation window is not open",
    "cannot_rate": "only a used booking is rated, once",
    "no_value": "the person has no value of that kind to unmask",
    "not_in_progress": "progress is reported while a project is in progress",
    "bad_check_in_code": "checking in takes the booking's own code",
    # a file's content is sniffed: the schema says only `format: binary`
    "file_type": "evidence is a JPEG, PNG, WebP or PDF file",
    "photo_type": "a photo is a JPEG, PNG or WebP image",
    # a value the step's action requires and judges, answering this code (documented in the
    # operation's description), which the shared input schema shows optional: the schema's gap
    "authority_required": "a duty goes with its authority (权随事转)",
    "staff_required": "a duty goes with its staff, how many and how (人随事转)",
    "money_required": "a duty goes with its money (费随事转)",
    "bad_days": "a course gives its training days or hours, in half days within the course",
    "empty_audience": "a notice's audience names its kind and at least one member",
    "bad_audience": "the audience's ids are areas, roles or tags of that kind",
    "letter_required": "accepting a transfer enters the letter's number",
    "note_required": "handling or escalating an incident says what was done or why",
    "reason_required": "refusing, retiring or rejecting gives the reason",
    "purpose_required": "unmasking states a purpose of at least four characters",
    # enums the action checks; as enums in the schema they need ENUM_NAME_OVERRIDES entries (the
    # same choices as `legal_form` and `rating`) to keep `spectacular --fail-on-warn` clean
    "bad_forms": "a round's allowed legal forms are LegalForm values",
    "bad_rating": "a round's minimum rating is 1A to 5A",
}
# Form encodings carry text only: no null, no nested object, no list of objects (DRF then reads
# the field as missing or as the text "None").
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def negative_data_rejection(ctx: Any, response: Any, case: Any) -> bool | None:
    """Invalid-by-schema data gets a 4xx refusal (schemathesis' check), except where the API is
    lenient by decision (`lenient_parameters`)."""
    if lenient_parameters(case):
        return None
    return openapi_checks.negative_data_rejection(ctx, response, case)


def positive_data_acceptance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Valid-by-schema data is accepted or refused for a domain reason (`DOMAIN_REFUSALS`); a 400
    only where `valid_data_refused` says why."""
    if response.status_code == 400 and valid_data_refused(case, _json(response)):
        return None
    return openapi_checks.positive_data_acceptance(ctx, response, case)


def lenient_parameters(case: Any) -> bool:
    """The case's only invalid values are query parameters the API reads leniently by decision:
    `page_size` (decision 029: a bad size is the default, a big one the maximum) and an empty value
    (core.params: an empty parameter is not given)."""
    mutations = getattr(case.meta.phase.data, "mutations", ()) if case.meta else ()
    query = case.query or {}
    return bool(mutations) and all(
        m.parameter_location is ParameterLocation.QUERY
        and (m.parameter == "page_size" or query.get(m.parameter) in ("", [""]))
        for m in mutations
    )


def valid_data_refused(case: Any, body: Any) -> bool:
    """A 400 to schema-valid data that is right: a domain rule (`DOMAIN_400`), an opaque cursor the
    server did not issue, or fields refused only for what the schema cannot state or the encoding
    cannot carry (`_excused`)."""
    code = body.get("code") if isinstance(body, dict) else None
    if code in DOMAIN_400:
        return True
    if code == "bad_cursor":  # any string is schema-valid; only the server's own cursors work
        return bool((case.query or {}).get("cursor"))
    fields = body.get("fields") if isinstance(body, dict) else None
    if not fields or not isinstance(case.body, dict):
        return False
    properties = _body_schema(case).get("properties", {})
    return all(
        # a serializer's validate(): several fields together ("a household or a grid")
        name == "non_field_errors"
        or (name in case.body and _excused(case, properties.get(name, {}), case.body[name], errors))
        for name, errors in fields.items()
    )


def _excused(case: Any, schema: dict, value: Any, errors: Any) -> bool:
    """Why a value the schema allows may be refused:
    - a file (`format: binary`) outside multipart, or a value a form encoding cannot carry (an
      empty list sends nothing);
    - a decimal string (see below);
    - text with a NUL (DRF refuses it in every text field: PostgreSQL cannot store it), with an
      invisible or text-direction character (core.text), or of spaces only (DRF and the actions
      trim text, then it is blank);
    - in an id-keyed object (core.api.fields.IdKeyedDictField), a key that is not an id: OpenAPI
      3.0 has no `propertyNames` to say so.
    Errors per list item, object key or nested field are judged item by item."""
    from yipanqi.core.text import hidden_characters

    media_type = (case.media_type or "").split(";")[0]
    schema = _not_null(schema)
    if _binary(schema) and media_type != "multipart/form-data":
        return True
    if media_type in FORM_MEDIA_TYPES and not _form_value(value):
        return True
    if isinstance(value, str) and schema.get("format") == "decimal":
        # drf-spectacular's pattern for a decimal lets "", "-" and "." through, and a string
        # cannot carry the field's minimum and maximum
        return True
    if isinstance(value, str):
        return (
            "\x00" in value or bool(hidden_characters(value)) or bool(value and not value.strip())
        )
    if not isinstance(errors, dict):
        return False
    for key, item_errors in errors.items():
        if isinstance(value, list):
            if not (key.isdigit() and int(key) < len(value)):
                return False
            item, item_schema = value[int(key)], schema.get("items")
        elif isinstance(value, dict) and key in value:
            if "properties" not in schema and not _is_id(key):
                continue  # a key of an id-keyed object that is not an id
            item = value[key]
            item_schema = (schema.get("properties") or {}).get(
                key, schema.get("additionalProperties")
            )
        else:
            return False
        if not _excused(
            case, item_schema if isinstance(item_schema, dict) else {}, item, item_errors
        ):
            return False
    return True


def _not_null(schema: dict) -> dict:
    """A nullable field's schema without its null branch (`anyOf: [{…}, {"type": "null"}]`)."""
    branches = [b for b in schema.get("anyOf", ()) if b.get("type") != "null"]
    return branches[0] if len(branches) == 1 else schema


def _binary(schema: dict) -> bool:
    return "binary" in (schema.get("format"), (schema.get("items") or {}).get("format"))


def _form_value(value: Any) -> bool:
    scalar = (str, int, float, bool)
    return isinstance(value, scalar) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, scalar) for v in value)
    )


def _is_id(key: str) -> bool:
    return key.isascii() and key.isdigit() and len(key) < 20 and 1 <= int(key) < 2**63


def _body_schema(case: Any) -> dict:
    body = case.operation.get_body_for_media_type(case.media_type) if case.media_type else None
    return (body.optimized_schema if body is not None else None) or {}


def _json(response: Any) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


# Which checks, and why not the others: docs/decisions/016-api-fuzzing.md.
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance,
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
    config = SchemathesisConfig.from_dict(
        {
            # Each persona signs in with its own bearer token (`fuzz_operation`): generated
            # credentials would never reach the API.
            "generation": {"with-security-parameters": False},
            "checks": {
                "negative_data_rejection": {"expected-statuses": REFUSALS},
                "positive_data_acceptance": {"expected-statuses": DOMAIN_REFUSALS},
            },
        }
    )
    schema = schemathesis.openapi.from_dict(api_schema(), config=config)
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


def _negated(case: Any, location: ParameterLocation) -> bool:
    """Whether the case made a value at `location` invalid: its mutations say where (the mode flag
    is also set where a negation fell back to a valid value)."""
    data = case.meta.phase.data if case.meta is not None else None
    mutations = getattr(data, "mutations", ())
    if not mutations:
        return case.meta is not None and case.meta.is_negative_at(location)
    return any(m.parameter_location is location for m in mutations)


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
        # A location the case makes invalid keeps its values: a real id would repair it. An
        # invalid body or query goes to a real object: on a missing one the 404 comes first.
        for name in integer_paths if not _negated(case, ParameterLocation.PATH) else ():
            if ids and (mode is GenerationMode.NEGATIVE or data.draw(st.booleans())):
                case.path_parameters[name] = data.draw(st.sampled_from(ids))
        if isinstance(case.body, dict) and not _negated(case, ParameterLocation.BODY):
            # references in the body (`grid_id`, `person_id`) too
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

    try:
        run()
    except Unsatisfiable:
        # No parameters and no body (`auth/me/`): there is no invalid request to make.
        if mode is not GenerationMode.NEGATIVE:
            raise
