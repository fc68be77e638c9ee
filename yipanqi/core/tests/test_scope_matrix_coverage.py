"""Every list route of the API is declared here with the test that checks whose rows it returns
(R-AC-2): an app's scope matrix (every persona against an oracle), or, for a route that is not
scoped per area, the test of what it returns and why. A new list route fails this test until it
is declared; a route that goes away fails it until its entry does.

A list route: a GET without a path parameter whose answer (OpenAPI schema) is a page or an array.

That the declared test names the route is not enough: `test_the_declared_test_requests_the_route`
reads the module (its syntax tree, statically: a recorder of the requests made would need the
whole suite run, and under pytest-xdist each worker sees only some modules) and requires, of every
entry, that the route's URL is the argument of a request: `.get(url)` on a client, or a helper of
the module (or core.tests.matrix's `api_ids`) that calls one with it. The URL may be built from literals, names
bound to literals (in the function or the module), loop variables and parametrize arguments over
literal lists or dicts, f-strings and `+`. A piece it cannot resolve stands for one path segment,
and counts only if the module names that segment as a string of its own (a key such as "claims").
A piece formatted from an attribute or an index (`{row.pk}`, `.format(pk)`) is an id and never a
list route. So a route named only in a docstring, in a POST, or as the prefix of a detail URL
does not count.
"""

import ast
import functools
from pathlib import Path

import pytest

from yipanqi.core.tests.request_reader import Reader, requested_by, requests

ROOT = Path(__file__).resolve().parents[3]  # the directory holding the `yipanqi` package
MATRIX = "scope matrix"  # every persona × the route's rows against an oracle
OWN = "own rows"  # only the caller's own rows, whoever they are
SAME = "the same for everyone"  # configuration or published texts, not personal rows
MATRIX_OF = "yipanqi/{}/tests/test_scope_matrix.py"
ROUTES = {
    "/api/v1/areas/": (MATRIX, MATRIX_OF.format("organisations")),
    "/api/v1/audit/access-log/": (MATRIX, MATRIX_OF.format("organisations")),  # 403 to the rest
    "/api/v1/audit/events/": (MATRIX, MATRIX_OF.format("organisations")),
    "/api/v1/bodies/": (MATRIX, MATRIX_OF.format("organisations")),
    "/api/v1/memberships/": (MATRIX, MATRIX_OF.format("organisations")),
    "/api/v1/party-organisations/": (MATRIX, MATRIX_OF.format("organisations")),
    "/api/v1/role-grants/": (MATRIX, MATRIX_OF.format("organisations")),
    "/api/v1/role-grants/pending/": (MATRIX, MATRIX_OF.format("organisations")),
    "/api/v1/units/": (MATRIX, MATRIX_OF.format("organisations")),
    **{f"/api/v1/centres/{k}": (MATRIX, MATRIX_OF.format("centres")) for k in ("", "assessments/",
                                                                        "rounds/", "schemes/")},
    **{f"/api/v1/cobuilding/{k}/": (MATRIX, MATRIX_OF.format("cobuilding")) for k in (
        "claims", "commitments", "evaluations", "needs", "problems", "projects", "resources",
        "teams")},
    **{f"/api/v1/deliberation/{k}/": (MATRIX, MATRIX_OF.format("deliberation")) for k in (
        "bodies", "follow-ups", "meetings", "notices", "resolutions", "topics")},
    **{f"/api/v1/duties/{k}/": (MATRIX, MATRIX_OF.format("duties")) for k in (
        "admitted", "burden", "items", "lists", "refusals", "requests")},  # burden: per community
    **{f"/api/v1/funding/{k}/": (MATRIX, MATRIX_OF.format("funding")) for k in (
        "budget-lines", "duty-money", "expenses", "income", "projects", "rules", "runs")},
    **{f"/api/v1/grid/{k}/": (MATRIX, MATRIX_OF.format("grid")) for k in ("campaigns", "incidents")},
    **{f"/api/v1/notices/{k}": (MATRIX, MATRIX_OF.format("notices")) for k in ("", "inbox/")},
    **{f"/api/v1/officers/{k}": (MATRIX, MATRIX_OF.format("officers")) for k in ("", "roles/")},
    "/api/v1/orders/": (MATRIX, MATRIX_OF.format("orders")),
    **{f"/api/v1/partylife/{k}/": (MATRIX, MATRIX_OF.format("partylife")) for k in (
        "compliance", "meetings", "payments", "transfers")},
    **{f"/api/v1/people/{k}/": (MATRIX, MATRIX_OF.format("people")) for k in (
        "households", "members", "participations", "persons", "registrations")},
    "/api/v1/reports/": (MATRIX, MATRIX_OF.format("reports")),
    **{f"/api/v1/socialorgs/{k}": (MATRIX, MATRIX_OF.format("socialorgs")) for k in (
        "", "applications/", "engagements/", "needs/", "offers/", "reviews/", "rounds/")},
    **{f"/api/v1/venues/{k}": (MATRIX, MATRIX_OF.format("venues")) for k in (
        "", "bookers/", "bookings/")},  # bookers: whom one may book for, as keys
    **{f"/api/v1/workforce/{k}/": (MATRIX, MATRIX_OF.format("workforce")) for k in (
        "courses", "pay-lines", "runs", "tables", "workers")},
    # the caller's own rows
    "/api/v1/auth/tokens/": (OWN, "yipanqi/accounts/tests/test_token_list.py"),
    "/api/v1/privacy/consents/": (OWN, "yipanqi/privacy/tests/test_consent.py"),
    # configuration and published texts
    "/api/v1/orders/categories/": (SAME, "yipanqi/orders/tests/test_api.py"),  # per district
    "/api/v1/privacy/notices/": (SAME, "yipanqi/privacy/tests/test_consent.py"),
}  # fmt: skip


@functools.cache
def list_routes() -> frozenset[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = set()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        answer = get["responses"].get("200", {}).get("content", {}).get("application/json", {})
        body = answer.get("schema", {})
        paged = body.get("$ref", "").rsplit("/", 1)[-1].startswith("Paginated")
        if paged or body.get("type") == "array":
            found.add(path)
    return frozenset(found)


@functools.cache
def strings_of(relative: str) -> frozenset[str]:
    """Every string literal of a test module, f-strings' literal parts included."""
    tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
    return frozenset(
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


def mentions(relative: str, route: str) -> bool:
    """The module names the route: whole, or its last segment as a piece of a URL it builds."""
    segment = route.rstrip("/").rsplit("/", 1)[-1]
    pieces = (route, f"/{segment}/", f"{segment}/")
    return any(s == segment or any(p in s for p in pieces) for s in strings_of(relative))


def test_every_list_route_is_declared():
    undeclared = sorted(list_routes() - set(ROUTES))
    assert not undeclared, f"list routes without a scope matrix (declare them here): {undeclared}"


def test_no_declared_route_is_gone():
    assert not sorted(set(ROUTES) - list_routes())


def test_the_walk_finds_the_lists():
    """The schema walk sees pages and arrays (not a vacuous pass on an empty set)."""
    routes = list_routes()
    assert {"/api/v1/orders/", "/api/v1/orders/categories/"} <= routes
    assert "/api/v1/auth/me/" not in routes  # one object, not a list


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_the_declared_test_names_the_route(route):
    kind, relative = ROUTES[route]
    assert (ROOT / relative).is_file(), relative
    if kind == MATRIX:
        assert relative.endswith("/test_scope_matrix.py"), route
    assert mentions(relative, route), (route, relative)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_the_declared_test_requests_the_route(route):
    _kind, relative = ROUTES[route]
    assert requests(relative, route), (route, relative)


def test_the_request_reader_is_not_fooled():
    """A route named in a docstring, posted to, or the prefix of a detail URL is not requested;
    a URL built from a loop over a dict, a parametrize argument or `base + …` is."""
    reader = Reader(ast.parse(READER_CASES))
    requested = {r for r in ("/api/v1/a/", "/api/v1/b/", "/api/v1/c/", "/api/v1/d/",
                             "/api/v1/e/", "/api/v1/f/", "/api/v1/g/", "/api/v1/h/", "/api/v1/i/")
                 if requested_by(reader, r)}  # fmt: skip
    assert requested == {"/api/v1/a/", "/api/v1/b/", "/api/v1/c/", "/api/v1/d/", "/api/v1/e/"}


READER_CASES = '''
"""/api/v1/f/ in a docstring"""
from yipanqi.core.tests.matrix import api_ids
LISTS = {"/api/v1/a/": 1}
KINDS = {"b": 1}

@pytest.mark.parametrize("url", ["/api/v1/c/"])
def test_one(client, url, row):
    for list_url, _n in LISTS.items():
        client.get(list_url, {"page_size": 2})
    for kind in KINDS:
        api_ids(client, f"/api/v1/{kind}/")
    assert ids(client, url)
    base = "/api/v1"
    client.get(base + "/d/?year=2021")
    client.get(f"{base}/e/")
    client.post("/api/v1/g/", {})
    client.get(f"/api/v1/h/{row.pk}/")
    client.get("/api/v1/{}/".format(row))
    LISTS.get("/api/v1/i/")

def ids(client, url):
    return client.get(url).json()
'''
