"""Bad input never makes a server error, and the API always answers errors as JSON (issue 23, item 3;
the upload cap of item 9).

The API is walked through its OpenAPI schema as a signed-in district admin: every integer query
parameter and every integer field of a POST body gets out-of-range, negative, non-numeric and
oversized values; every body gets nesting 10000 levels deep; every id in a path gets a number beyond
the database's bigint. The pages get the same filters. Objects named in paths are real (a small
district with orders in every state, sweeps and incidents, deliberation halls), so the requests get
past the 404 of a missing object to the parameters.
"""

import re
from io import BytesIO

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from yipanqi.core.params import MAX_ID

pytestmark = pytest.mark.usefixtures("compiled_messages")

BIG = 2**70
# Query values that are no id: beyond the bigint, negative, not a number, oversized, zero.
BAD_QUERY_VALUES = [str(BIG), str(MAX_ID + 1), "-1", "abc", "1e3", "²", "9" * 5000, "0"]
# Body values (JSON): the same as numbers and strings. An oversized number is sent as raw JSON.
BAD_BODY_VALUES = [BIG, MAX_ID + 1, "abc", "9" * 5000, 1.5, True, {"id": 1}]
BAD_ID_VALUES = [-1, 0]  # refused by ids; a version or a count may be 0
OVERSIZED_NUMBER = "9" * 5000
DEEP = 10_000
# Integer query parameters the schema does not document (read straight from query_params).
UNDOCUMENTED = {
    "/api/v1/areas/": ["parent"],
    "/api/v1/party-organisations/": ["parent"],
    "/api/v1/units/": ["area"],
    "/api/v1/bodies/": ["area"],
    "/api/v1/memberships/": ["body"],
}
# Every filter name some list reads: sent to every endpoint and page at once.
FILTER_NAMES = [
    "grid",
    "household",
    "category",
    "community",
    "area",
    "parent",
    "body",
    "branch",
    "member",
    "registration",
    "year",
    "town",
    "campaign",
    "person",
    "overdue",
    "escalated",
    "in_service",
]
PAGING = {"page", "page_size"}
# Lists whose filters are validated by a serializer: a 400 `validation_error` naming the filter.
SERIALIZER_FILTERS = {"/api/v1/audit/access-log/"}
# Which row a path parameter names: (pattern on the path template, model).
PATH_OBJECTS = [
    (r"\{order_id\}", "orders.ServiceOrder"),
    (r"\{campaign_id\}", "grid.Campaign"),
    (r"\{incident_id\}", "grid.Incident"),
    (r"\{body_id\}", "organisations.Body"),
    (r"\{topic_id\}", "deliberation.Topic"),
    (r"\{meeting_id\}", "deliberation.Meeting"),
    (r"/notices/\{resolution_id\}", "deliberation.Resolution"),
    (r"\{resolution_id\}", "deliberation.Resolution"),
    (r"\{follow_up_id\}", "deliberation.FollowUp"),
    (r"\{event_id\}", "core.AuditEvent"),
    (r"\{access_id\}", "core.PersonalDataAccess"),
    (r"^/api/v1/areas/", "organisations.Area"),
    (r"^/api/v1/party-organisations/", "organisations.PartyOrganisation"),
    (r"^/api/v1/units/", "organisations.Unit"),
    (r"^/api/v1/bodies/", "organisations.Body"),
    (r"^/api/v1/memberships/", "organisations.BodyMembership"),
    (r"^/api/v1/role-grants/", "organisations.RoleGrant"),
    (r"^/api/v1/people/households/", "people.Household"),
    (r"^/api/v1/people/persons/", "people.Person"),
    (r"^/api/v1/people/members/", "people.PartyMember"),
    (r"^/api/v1/people/registrations/", "people.CommunityRegistration"),
    (r"^/api/v1/people/branches/", "organisations.PartyOrganisation"),
    (r"^/api/v1/auth/tokens/", "accounts.ApiToken"),
]


# --- the world and the schema ---------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A district with orders in every state, two sweeps and their households, two deliberation
    halls at every stage, and an incident; built once for the module, rolled back at the end."""
    from yipanqi.deliberation.tests.factories import build_loops
    from yipanqi.grid import actions as grid_actions
    from yipanqi.grid.tests.factories import build_grid_world
    from yipanqi.orders.tests.factories import build_orders_world
    from yipanqi.organisations.tests.factories import build_district

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            district = build_district()
            build_orders_world(district, with_orders=True)
            build_grid_world(district)
            build_loops(district)
            grid_actions.incident_report(
                grid=district.grids[0],
                category="environment",
                place="3幢楼道",
                description="楼道堆物",
                actor=district.personas["grid_worker_a1"],
            )
            connection.check_constraints()
            yield district
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# The audit records are for the audit roles only; everything else is walked as the district admin.
PERSONAS = [("/api/v1/audit/", "audit_admin")]


def _signed_in(user) -> APIClient:
    """A session, as the browser app uses the API."""
    api = APIClient()
    api.force_login(user)
    api.raise_request_exception = False
    return api


@pytest.fixture
def admin_api(world, db):
    """The district admin, signed in."""
    return _signed_in(world.personas["district_admin"])


@pytest.fixture
def api_for(world, db):
    """The client to walk a path with: signed in as someone who may read it."""

    def choose(path: str) -> APIClient:
        name = next((who for prefix, who in PERSONAS if path.startswith(prefix)), None)
        return _signed_in(world.personas[name or "district_admin"])

    return choose


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA = None


def schema() -> dict:
    global SCHEMA
    if SCHEMA is None:
        SCHEMA = _schema()
    return SCHEMA


def operations(*methods: str):
    for path, ops in schema()["paths"].items():
        for method, op in ops.items():
            if method in methods:
                yield path, method, op


def _resolve(ref_or_schema: dict) -> dict:
    ref = ref_or_schema.get("$ref")
    if not ref:
        return ref_or_schema
    return schema()["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def integer_query_params(path: str, op: dict) -> list[str]:
    documented = [
        p["name"]
        for p in op.get("parameters", [])
        if p["in"] == "query" and p["schema"].get("type") == "integer"
    ]
    return sorted(set(documented + UNDOCUMENTED.get(path, [])) - PAGING)


def integer_body_fields(op: dict) -> list[tuple[str, str | None, str]]:
    """(field, sub-field, shape) of each integer in the JSON request body: shape is "value",
    "list" (a list of integers) or "objects" (a list of objects with an integer sub-field)."""
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not body:
        return []
    found = []
    for name, prop in _resolve(body["schema"]).get("properties", {}).items():
        prop = _resolve(prop)
        if prop.get("type") == "integer":
            found.append((name, None, "value"))
        elif prop.get("type") == "array":
            items = _resolve(prop.get("items", {}))
            if items.get("type") == "integer":
                found.append((name, None, "list"))
            for sub, sub_prop in items.get("properties", {}).items():
                if _resolve(sub_prop).get("type") == "integer":
                    found.append((name, sub, "objects"))
    return found


def _row_id(path: str) -> int:
    for pattern, label in PATH_OBJECTS:
        if re.search(pattern, path):
            pk = apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True).first()
            return pk or 1
    return 1


def url_of(path: str, value: int | None = None) -> str:
    """The path template with its parameters filled: real rows, or `value` for each."""
    return re.sub(r"\{[^}]+\}", lambda _m: str(value if value is not None else _row_id(path)), path)


def assert_json_error(response, *statuses: int) -> dict:
    """An error answer (never a 5xx) in the project's JSON error shape."""
    assert response.status_code < 500, response.content[:300]
    if statuses:
        assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body.get("code"), str) and body["code"], body
    assert isinstance(body.get("message"), str) and body["message"], body
    return body


def _ids(cases):
    return [f"{method.upper()} {path}" for path, method, *_ in cases]


def _query_cases():
    return [
        (path, method, name)
        for path, method, op in operations("get")
        for name in integer_query_params(path, op)
    ]


def _body_cases():
    return [
        (path, method, field)
        for path, method, op in operations("post", "put", "patch")
        for field in integer_body_fields(op)
    ]


def _bodied_operations():
    return [
        (path, method)
        for path, method, op in operations("post", "put", "patch")
        if op.get("requestBody")
    ]


def _parameterised_operations():
    return [(path, method) for path, method, _ in operations("get") if "{" in path]


# --- the API ------------------------------------------------------------------------------------


def test_the_walk_covers_the_filters_and_body_fields_of_the_issue():
    queries = {(path, name) for path, _, name in _query_cases()}
    assert {
        ("/api/v1/orders/", "grid"),
        ("/api/v1/orders/", "category"),
        ("/api/v1/orders/", "community"),
        ("/api/v1/people/persons/", "household"),
        ("/api/v1/grid/incidents/", "grid"),
    } <= queries
    fields = {(path, field) for path, _, field in _body_cases()}
    assert ("/api/v1/orders/{order_id}/dispatch/", ("member_ids", None, "list")) in fields
    assert ("/api/v1/orders/{order_id}/complete/", ("hours", "member_id", "objects")) in fields


@pytest.mark.parametrize(("path", "method", "name"), _query_cases(), ids=_ids(_query_cases()))
def test_integer_query_parameters_refuse_bad_values_with_400(api_for, path, method, name):
    admin_api = api_for(path)
    url = url_of(path)
    for value in BAD_QUERY_VALUES:
        response = admin_api.get(url, {name: value}, HTTP_ACCEPT_LANGUAGE="en")

        body = assert_json_error(response, 400)
        assert list(body["fields"]) == [name], (value, body)
        if path in SERIALIZER_FILTERS:
            assert body["code"] == "validation_error"
        else:
            assert body["code"] == "invalid_parameter", (value, body)
            assert f"“{name}”" in body["message"]


@pytest.mark.parametrize(("path", "method"), [(p, m) for p, m, _ in operations("get")])
def test_every_read_survives_every_bad_filter_at_once(api_for, path, method):
    admin_api = api_for(path)
    for value in (str(BIG), "-1", "abc", "9" * 5000):
        query = dict.fromkeys(FILTER_NAMES, value) | {"page": value, "page_size": value}
        response = admin_api.get(url_of(path), query)

        assert response.status_code < 500, (value, response.content[:300])
        if response.status_code >= 400:
            assert_json_error(response)


@pytest.mark.parametrize(
    ("path", "method"), _parameterised_operations(), ids=_ids(_parameterised_operations())
)
def test_ids_beyond_the_bigint_in_paths_are_not_found(api_for, path, method):
    admin_api = api_for(path)
    for value in (MAX_ID + 1, BIG):
        response = admin_api.get(url_of(path, value))

        assert assert_json_error(response, 404)["code"] == "not_found"


def _body(field: tuple[str, str | None, str], value) -> dict:
    name, sub, shape = field
    if shape == "value":
        return {name: value}
    if shape == "list":
        return {name: [value]}
    return {name: [{sub: value}]}


@pytest.mark.parametrize(("path", "method", "field"), _body_cases(), ids=_ids(_body_cases()))
def test_integer_body_fields_refuse_bad_values(api_for, path, method, field):
    admin_api = api_for(path)
    url = url_of(path)
    send = getattr(admin_api, method)
    is_id = field[0].endswith(("_id", "_ids")) or field[0] == "present"
    for value in BAD_BODY_VALUES + (BAD_ID_VALUES if is_id else []):
        response = send(url, _body(field, value), format="json")

        body = assert_json_error(response)
        if body["code"] == "validation_error":
            assert field[0] in body["fields"], (value, body)
    # A number too long to convert is refused as JSON, before any field sees it.
    raw = f'{{"{field[0]}": {OVERSIZED_NUMBER}}}'
    response = send(url, raw, content_type="application/json")
    assert response.status_code < 500
    if response.status_code == 400:
        assert assert_json_error(response)["code"] == "invalid_json"


def test_dispatch_refuses_member_ids_beyond_the_bigint(admin_api, world):
    from yipanqi.orders.models import ServiceOrder

    order = ServiceOrder.objects.filter(status="accepted").first() or ServiceOrder.objects.first()
    for value in (BIG, MAX_ID + 1, -1, 0):
        response = admin_api.post(
            f"/api/v1/orders/{order.pk}/dispatch/",
            {"dispatch_kind": "members", "member_ids": [value]},
            format="json",
        )

        body = assert_json_error(response, 400)
        assert body["code"] == "validation_error" and "member_ids" in body["fields"]


@pytest.mark.parametrize(("path", "method"), _bodied_operations(), ids=_ids(_bodied_operations()))
def test_deeply_nested_bodies_are_invalid_json(api_for, path, method):
    admin_api = api_for(path)
    url = url_of(path)
    send = getattr(admin_api, method)
    for raw in (
        "[" * DEEP + "]" * DEEP,
        '{"a":' * DEEP + "1" + "}" * DEEP,
        '{"a":' * 33 + "1" + "}" * 33,
    ):
        response = send(url, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

        body = assert_json_error(response)
        if response.status_code == 400:
            assert body["code"] == "invalid_json", body


def test_the_nesting_error_says_what_is_wrong(admin_api):
    response = admin_api.post(
        "/api/v1/orders/", "[" * DEEP + "]" * DEEP, content_type="application/json"
    )

    assert assert_json_error(response, 400) == {
        "code": "invalid_json",
        "message": "请求正文不是有效的 JSON。",
    }
    response = admin_api.post(
        "/api/v1/orders/",
        '{"a":' * 40 + "1" + "}" * 40,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert assert_json_error(response, 400) == {
        "code": "invalid_json",
        "message": "The request body nests more than 32 levels deep.",
    }


def test_a_bad_filter_is_named_in_the_callers_language(admin_api):
    english = admin_api.get("/api/v1/orders/", {"grid": BIG}, HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = admin_api.get("/api/v1/orders/", {"grid": BIG}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english == {
        "code": "invalid_parameter",
        "message": "The parameter “grid” is not valid: Enter a whole number from 1 to "
        "9223372036854775807.",
        "fields": {"grid": ["Enter a whole number from 1 to 9223372036854775807."]},
    }
    assert chinese.json()["message"].startswith("参数“grid”无效")


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "code"),
    [
        ("get", "/api/v1/no-such-thing/", {}, 404, "not_found"),
        ("get", "/api/nothing/", {}, 404, "not_found"),
        ("delete", "/api/v1/orders/", {}, 405, "method_not_allowed"),
        ("post", "/api/v1/orders/", {"data": "x", "content_type": "text/x-weird"}, 415, None),
        ("post", "/api/v1/orders/", {"data": "{", "content_type": "application/json"}, 400, None),
        # a browser asking for HTML still gets JSON errors
        ("get", "/api/v1/orders/?grid=abc", {"HTTP_ACCEPT": "text/html"}, 400, None),
        ("get", "/api/v1/orders/999999/", {"HTTP_ACCEPT": "text/html"}, 404, "not_found"),
    ],
)
def test_api_errors_outside_the_views_are_json(admin_api, method, url, kwargs, status, code):
    body = assert_json_error(getattr(admin_api, method)(url, **kwargs), status)

    if code:
        assert body["code"] == code


def test_a_server_error_under_api_is_json(world, db, settings):
    from django.urls import path

    def crash(request):
        raise RuntimeError("boom")

    from config import urls as project_urls

    class Urls:
        urlpatterns = [path("api/v1/crash/", crash), *project_urls.urlpatterns]
        handler500 = project_urls.handler500

    settings.ROOT_URLCONF = Urls
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/crash/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "message": "Something went wrong. The error has been logged.",
    }


def test_an_unauthenticated_caller_gets_json_too(world, db):
    response = APIClient().get("/api/v1/orders/", {"grid": BIG})

    assert assert_json_error(response, 401, 403)["code"] in {
        "not_authenticated",
        "permission_denied",
    }


# --- the pages ----------------------------------------------------------------------------------


def _page_urls() -> list[str]:
    """Every page without parameters in its path (lists, boards, forms), outside /api/."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and "<" not in route and "(?P" not in route:
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(u for u in set(found) if not u.startswith(("/api/", "/static/")))


LIST_PAGES = [
    ("/orders/", "grid"),
    ("/orders/", "category"),
    ("/orders/board/", "community"),
    ("/orders/overview/", "town"),
    ("/grid/incidents/", "grid"),
    ("/grid/coverage/", "area"),
    ("/people/", "household"),
    ("/people/", "area"),
    ("/people/members/", "branch"),
    ("/people/registrations/", "community"),
]


@pytest.fixture
def admin_client(world, db):
    client = Client(raise_request_exception=False)
    client.force_login(world.personas["district_admin"])
    return client


def test_every_page_survives_every_bad_filter(admin_client):
    urls = _page_urls()
    assert "/orders/" in urls and "/people/" in urls
    for url in urls:
        for value in ("99999999999999999999999", "-1", "abc", "9" * 5000):
            response = admin_client.get(url, dict.fromkeys(FILTER_NAMES, value))

            assert response.status_code < 500, (url, value, response.status_code)


@pytest.mark.parametrize(("url", "name"), LIST_PAGES)
def test_a_list_page_answers_a_bad_filter_with_a_400_page(admin_client, url, name):
    for value in ("99999999999999999999999", "-1", "abc"):
        response = admin_client.get(url, {name: value})

        assert response.status_code == 400, (url, value, response.status_code)
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert f"参数“{name}”无效" in page  # the user's language (zh-hans by default)


def test_the_400_page_follows_the_users_language(admin_client):
    response = admin_client.get("/orders/", {"grid": BIG}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "The parameter “grid” is not valid" in response.content.decode()


@pytest.mark.parametrize(
    ("step", "field", "value"),
    [
        ("attendance", "present", str(BIG)),
        ("attendance", "present", "abc"),
        ("minutes", "version", "abc"),
        ("minutes", "version", "-1"),
        ("agenda", "topic", "abc"),
        ("agenda", "topic", "²"),
        ("resolutions/new", "topic", str(BIG)),
    ],
)
def test_meeting_forms_answer_bad_ids_with_a_400_page(admin_client, step, field, value):
    from yipanqi.deliberation.models import Meeting

    meeting = Meeting.objects.order_by("pk").first()
    url = f"/deliberation/meetings/{meeting.pk}/{step}/"
    if step == "resolutions/new":
        url = reverse("deliberation:resolution_draft", args=[meeting.pk])

    response = admin_client.post(url, {field: value})

    assert response.status_code == 400 and f"参数“{field}”无效" in response.content.decode()


def test_a_vote_field_for_no_seat_is_skipped(admin_client):
    from yipanqi.deliberation.models import Resolution

    resolution = Resolution.objects.order_by("pk").first()
    response = admin_client.post(
        reverse("deliberation:votes", args=[resolution.pk]), {"vote-²": "for", f"vote-{BIG}": "for"}
    )

    assert response.status_code == 302


def test_empty_filters_are_no_filters(admin_client):
    response = admin_client.get("/orders/", {"grid": "", "category": "", "status": ""})

    assert response.status_code == 200


# --- the upload cap (item 9) --------------------------------------------------------------------


class Unread(BytesIO):
    """A request body that records whether anything read it."""

    touched = False

    def read(self, *args):
        Unread.touched = True
        return super().read(*args)

    def readline(self, *args):
        Unread.touched = True
        return super().readline(*args)


SIXTY_MB = 60 * 1024 * 1024


def _huge_post(client, url: str, content_type: str):
    Unread.touched = False
    return client.generic(
        "POST",
        url,
        b"x",
        content_type=content_type,
        CONTENT_LENGTH=str(SIXTY_MB),
        **{"wsgi.input": Unread(b"x")},
    )


@pytest.mark.parametrize(
    "url",
    [
        "/orders/new/",
        "/grid/incidents/new/",
        "/people/import/",
        "/orders/{order_id}/complete/",
    ],
)
def test_a_60_mb_upload_is_refused_before_it_is_read(admin_client, url):
    from yipanqi.orders.models import ServiceOrder

    url = url.format(order_id=ServiceOrder.objects.values_list("pk", flat=True).first())
    response = _huge_post(admin_client, url, "multipart/form-data; boundary=xyz")

    assert response.status_code == 413
    assert not Unread.touched
    assert "请求超过了此处允许的" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "files"),
    [
        ("/orders/new/", 3 * 5 * 1024 * 1024),  # three photos of at most 5 MB
        ("/orders/1/complete/", 3 * 5 * 1024 * 1024),
        ("/grid/incidents/new/", 3 * 5 * 1024 * 1024),
        ("/people/import/", 20 * 1024 * 1024),  # one file of at most 20 MB
    ],
)
def test_upload_pages_take_their_files_and_little_more(url, files):
    """Each upload page declares its limit: room for its files and the form, far below 60 MB
    (the other views take DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    limit = resolve(url).func.max_body_bytes

    assert files < limit <= files + 1024 * 1024 < SIXTY_MB


def test_other_views_take_at_most_the_default_body(admin_api, admin_client):
    response = _huge_post(admin_api, "/api/v1/orders/", "application/json")

    assert assert_json_error(response, 413)["code"] == "request_too_large"
    assert not Unread.touched
    response = _huge_post(
        admin_client, "/orders/board/accept/", "application/x-www-form-urlencoded"
    )
    assert response.status_code == 413 and not Unread.touched
