"""R-AC-3: two community administrators, of 奉中社区 (A1) and of 民主社区 (B1); each gets 404 for
the other's object ids on every detail and step endpoint of the OpenAPI schema (never 403, 400 or
200), whatever the method (docs/decisions/016-api-fuzzing.md).

The other's ids come from what the collection lists to the other (`GET /api/v1/orders/` for
`/api/v1/orders/{order_id}/…`), minus what it lists to the user himself; where a collection has no
list, from the world (`EXTRA_IDS`). A new templated path with no foreign id fails the last test, so
it cannot go unchecked.
"""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from yipanqi.core.tests import fuzz

USERS = ("community_admin_a1", "community_admin_b1")
METHODS = ("get", "post", "put", "patch", "delete")
PER_COLLECTION = 3  # foreign ids tried per collection and direction

MISSING = 10**9  # an id no table reaches


def _audit_events(d, other: str) -> list[int]:
    from yipanqi.core.models import AuditEvent

    return list(AuditEvent.objects.filter(actor=d.personas[other]).values_list("pk", flat=True))


def _accesses(d, other: str) -> list[int]:
    from yipanqi.core.models import PersonalDataAccess

    return list(
        PersonalDataAccess.objects.filter(actor=d.personas[other]).values_list("pk", flat=True)
    )


def _series(d, other: str) -> list[int]:
    from yipanqi.venues.models import BookingSeries

    return list(
        BookingSeries.objects.filter(booked_by=d.personas[other]).values_list("pk", flat=True)
    )


def _community(d, other: str):
    return d.communities[0 if other.endswith("a1") else 2]


def _assignments(d, other: str) -> list[int]:
    from yipanqi.officers.models import Assignment

    return list(Assignment.objects.filter(area=_community(d, other)).values_list("pk", flat=True))


def _reviews(d, other: str) -> list[int]:
    from yipanqi.socialorgs.models import ReviewAssignment

    rows = ReviewAssignment.objects.filter(application__organisation__area=_community(d, other))
    return list(rows.values_list("pk", flat=True))


def _tranches(d, other: str) -> list[int]:
    from yipanqi.socialorgs.models import Tranche

    rows = Tranche.objects.filter(application__organisation__area=_community(d, other))
    return list(rows.values_list("pk", flat=True))


def _pay_runs(d, other: str) -> list[int]:
    from yipanqi.workforce.models import PayRun

    town = d.towns[0 if other.endswith("a1") else 1]
    return list(PayRun.objects.filter(area=town).values_list("pk", flat=True))


# Collections with detail routes whose list does not show the other's ids (none, or refused):
# the ids come from the world.
NO_LIST = {
    # a party branch's feedback: the branch is the other community's party committee
    "/api/v1/people/branches/": lambda d, other: [
        d.party[d.communities[0 if other.endswith("a1") else 2].name].pk
    ],
    # the account administrators' steps on a user: the other administrator's account
    "/api/v1/auth/users/": lambda d, other: [d.personas[other].pk],
    # the audit trail and the access log: what the other did
    "/api/v1/audit/events/": _audit_events,
    "/api/v1/audit/access-log/": _accesses,
    # weekly venue series: the one the other booked at their own community's venue
    "/api/v1/venues/series/": lambda d, other: _series(d, other),
    # an officer's assignments (the officer's and the district's to list): those in the other's
    # community
    "/api/v1/officers/": _assignments,
    # a reviewer's reviews (listed to the reviewer only): those of the other's community's
    # application
    "/api/v1/socialorgs/reviews/": _reviews,
    # grant tranches (no list): those of the other's community's application
    "/api/v1/socialorgs/tranches/": _tranches,
    # the town's pay run (listed to town and district administrators): the other's town's
    "/api/v1/workforce/runs/": _pay_runs,
}
# Collections whose objects are not one community's, so there is no "other's" id (reasons in
# docs/decisions/016-api-fuzzing.md).
NOT_SCOPED_TO_A_COMMUNITY = {
    # the district's 5A assessment rounds: every community of the district takes part in them
    "/api/v1/centres/rounds/",
    # the district's 5A rating scheme: one per district, read by every community
    "/api/v1/centres/schemes/",
    # the district's venture-philanthropy (公益创投) rounds: a call open to every community's
    # organisations
    "/api/v1/socialorgs/rounds/",
    # the district's five-role officer roles (五大员): one list per district, read by its town
    # and district leaders, by no community
    "/api/v1/officers/roles/",
    # the district's yearly allocation run: every community of the district reads it (its own
    # line only)
    "/api/v1/funding/runs/",
    # the district's yearly pay tables (三岗十八级): one per district, read by its town and
    # district workforce administrators, by no community
    "/api/v1/workforce/tables/",
    # access requests (准入): filed for the district or a town, read by district and town
    # administrators, by no community (a community reads the admitted duties it carries)
    "/api/v1/duties/requests/",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            from yipanqi.accounts.actions import token_issue

            district = fuzz.build_world()
            for name in USERS:  # each has a token the other can try to revoke
                token_issue(user=district.personas[name], name="phone")
            yield district
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _listed(client: APIClient, collection: str) -> set[int] | None:
    response = client.get(collection, {"page_size": 100})
    if response.status_code != 200:
        return None
    body = response.json()
    rows = body.get("results", []) if isinstance(body, dict) else body
    return {row["id"] for row in rows if isinstance(row, dict) and "id" in row}


def _templated_paths() -> dict[str, list[str]]:
    paths = fuzz.api_schema()["paths"]
    return {
        path: [m for m in METHODS if m in operations]
        for path, operations in paths.items()
        if "{" in path
    }


_FOREIGN: dict[tuple[int, str, str, str], list[int]] = {}


def _foreign_ids(district, user: str, other: str, collection: str) -> list[int]:
    """The other's ids the user does not see (asked once per world: pages and API share them)."""
    key = (id(district), user, other, collection)
    if key not in _FOREIGN:
        _FOREIGN[key] = _foreign_ids_asked(district, user, other, collection)
    return _FOREIGN[key]


def _foreign_ids_asked(district, user: str, other: str, collection: str) -> list[int]:
    mine = _listed(_client(district.personas[user]), collection) or set()
    theirs = _listed(_client(district.personas[other]), collection)
    if not theirs and collection in NO_LIST:
        theirs = set(NO_LIST[collection](district, other))
    return sorted((theirs or set()) - mine)[:PER_COLLECTION]


def _url(path: str, value: int) -> str:
    start, rest = path.split("{", 1)
    return start + str(value) + rest.split("}", 1)[1]


def _refused_whatever_the_id(client: APIClient, method: str, path: str, response) -> bool:
    """A route the user's roles may not use at all answers 403 before any lookup, the same for an
    id that exists and one that does not: that tells nothing about the object (no oracle)."""
    if response.status_code != 403:
        return False
    missing = getattr(client, method)(_url(path, MISSING), {}, format="json")
    return missing.status_code == 403 and missing.json() == response.json()


@pytest.mark.parametrize(("user", "other"), [USERS, USERS[::-1]])
def test_the_other_communitys_ids_are_not_found(world, db, user, other):
    client = _client(world.personas[user])
    wrong, tried = [], set()
    for path, methods in _templated_paths().items():
        for value in _foreign_ids(world, user, other, path.split("{", 1)[0]):
            tried.add(path)
            for method in methods:
                response = getattr(client, method)(_url(path, value), {}, format="json")
                if response.status_code != 404 and not _refused_whatever_the_id(
                    client, method, path, response
                ):
                    wrong.append(f"{method.upper()} {_url(path, value)} → {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert len(tried) > 50, sorted(tried)  # most paths in each direction (all in the two)


def test_every_detail_path_is_tried(world, db):
    """Each templated path gets at least one foreign id in one direction or the other."""
    untried = []
    for path in _templated_paths():
        collection = path.split("{", 1)[0]
        if collection in NOT_SCOPED_TO_A_COMMUNITY:
            continue
        if not any(_foreign_ids(world, u, o, collection) for u, o in (USERS, USERS[::-1])):
            untried.append(path)
    assert not untried, untried


# --- The same for pages (R-AC-3 over every page route, not only the API) ---------------------
# A page's id is the same object as the API's id of the same name in the same app; the pages of
# an app live under its own prefix, the API under /api/v1/<segment>/ (these segments differ).
API_TO_PAGES = {"auth": "accounts", "audit": ""}
PAGE_USERS = USERS
# Page routes open to every community by design, with the reason.
PUBLIC_PAGES = {
    # 公示: an application on the district's public list may be objected to by anyone who reads
    # that list; the view finds it through the public-list selector
    "/socialorgs/applications/{application_id}/object/",
}


# Page ids no API collection lists: the rows under the other's community (or town, for a town's
# id) that are not under the user's, as (model, path to its scope path, "town" or "community").
_PHOTO = "scope_path"
PAGE_ONLY_IDS = {
    ("people", "person_id"): ("people.Person", "scope_path", "community"),
    ("people", "household_id"): ("people.Household", "scope_path", "community"),
    ("people", "member_id"): ("people.PartyMember", "scope_path", "community"),
    ("people", "registration_id"): ("people.CommunityRegistration", "scope_path", "community"),
    ("people", "job_id"): ("people.ImportJob", "scope_path", "community"),
    ("people", "branch_id"): ("organisations.PartyOrganisation", "scope_path", "community"),
    ("partylife", "branch_id"): ("organisations.PartyOrganisation", "scope_path", "community"),
    ("org", "area_id"): ("organisations.Area", "scope_path", "community"),
    ("org", "organisation_id"): ("organisations.PartyOrganisation", "scope_path", "community"),
    ("org", "unit_id"): ("organisations.Unit", "scope_path", "community"),
    ("org", "body_id"): ("organisations.Body", "scope_path", "community"),
    ("org", "grant_id"): ("organisations.RoleGrant", "scope_path", "community"),
    ("orders", "photo_id"): ("orders.OrderPhoto", _PHOTO, "community"),
    ("grid", "photo_id"): ("grid.IncidentPhoto", _PHOTO, "community"),
    ("deliberation", "photo_id"): ("deliberation.MeetingPhoto", _PHOTO, "community"),
    ("venues", "photo_id"): ("venues.VenuePhoto", _PHOTO, "community"),
    ("partylife", "photo_id"): ("partylife.MeetingPhoto", _PHOTO, "community"),
    ("privacy", "request_id"): ("privacy.DataRequest", "scope_path", "community"),
    ("centres", "evidence_id"): ("centres.Evidence", "assessment__scope_path", "community"),
    ("funding", "evidence_id"): ("funding.Evidence", "expense__scope_path", "community"),
    ("duties", "evidence_id"): ("duties.DutyEvidence", "item__scope_path", "community"),
    ("funding", "community_id"): ("organisations.Area", "scope_path", "community"),
    ("funding", "town_id"): ("organisations.Area", "scope_path", "town"),
    ("cobuilding", "town_id"): ("organisations.Area", "scope_path", "town"),
    ("cobuilding", "community_id"): ("organisations.Area", "scope_path", "community"),
    # a person's own rows: the other persona's
    ("accounts", "token_id"): ("accounts.ApiToken", "user", "user"),
    ("inbox", "notification_id"): ("core.Notification", "user", "user"),
}
# Page routes with no foreign id to try, and why.
PAGES_WITHOUT_A_FOREIGN_ID = {
    # the district's own objects, read by every community of it (as NOT_SCOPED_TO_A_COMMUNITY)
    "/centres/rounds/": "district-wide",
    "/centres/scheme/": "district-wide",
    "/socialorgs/rounds/": "district-wide",
    "/funding/runs/": "district-wide",
    "/officers/roles/": "district-wide",
    "/workforce/pay/tables/": "district-wide",
    "/duties/requests/": "district or town, read by no community",
    # objects the factory world does not make (an upload each); their own apps' tests cover them
    "/orders/photos/": "no photo in the world",
    "/grid/incidents/photos/": "no photo in the world",
    "/deliberation/photos/": "no photo in the world",
    "/venues/photos/": "no photo in the world",
    "/partylife/photos/": "no photo in the world",
    "/officers/photos/": "no photo in the world",
    "/centres/evidence/": "no evidence file in the world",
    "/duties/evidence/": "no evidence file in the world",
    "/people/import/": "no import job in the world",
    "/privacy/requests/": "no data request in the world",
}


def _node(district, name: str, level: str):
    return (
        district.towns[0 if name.endswith("a1") else 1]
        if level == "town"
        else (_community(district, name))
    )


def _page_only_ids(district, user: str, other: str, key) -> list[int]:
    from django.apps import apps

    label, path, level = PAGE_ONLY_IDS[key]
    rows = apps.get_model(label)._base_manager
    if level == "user":
        return list(rows.filter(user=district.personas[other]).values_list("pk", flat=True)[:3])
    theirs = rows.filter(**{f"{path}__startswith": _node(district, other, level).scope_path})
    mine = theirs.filter(**{f"{path}__startswith": _node(district, user, level).scope_path})
    ids = theirs.exclude(pk__in=mine.values("pk")).order_by("pk").values_list("pk", flat=True)
    return list(ids[:PER_COLLECTION])


def _page_pools(district, user: str, other: str) -> dict[tuple[str, str], list[int]]:
    """{(page prefix, id name): foreign ids}, from the API collections' foreign ids, and from the
    world for the ids only pages take (`PAGE_ONLY_IDS`)."""
    pools = {key: _page_only_ids(district, user, other, key) for key in PAGE_ONLY_IDS}
    for path in _templated_paths():
        segment = path.split("/")[3]
        name = path.split("{", 1)[1].split("}", 1)[0]
        ids = _foreign_ids(district, user, other, path.split("{", 1)[0])
        key = (API_TO_PAGES.get(segment, segment), name)
        pools[key] = sorted(set(pools.get(key, [])) | set(ids))[:PER_COLLECTION]
    return pools


def _page_routes() -> list:
    from yipanqi.core.tests.routes import routes

    return [
        r
        for r in routes()
        if r.ids and not r.template.startswith("/api/") and r.template not in PUBLIC_PAGES
    ]


def _pool_for(pools, route) -> list[int]:
    prefix = route.template.split("/")[1]
    return pools.get((prefix, route.ids[0]), [])


def _page_wrong(client, route, value: int) -> list[str]:
    wrong = []
    for method in ("get", "post"):
        response = getattr(client, method)(route.path(**{route.ids[0]: value}))
        if response.status_code == 404:
            continue
        missing = getattr(client, method)(route.path(**{route.ids[0]: MISSING}))
        if response.status_code in (403, 405) and missing.status_code == response.status_code:
            continue  # refused whatever the id: tells nothing about the object
        url = route.path(**{route.ids[0]: value})
        wrong.append(f"{method.upper()} {url} → {response.status_code}")
    return wrong


@pytest.mark.parametrize(("user", "other"), [PAGE_USERS, PAGE_USERS[::-1]])
def test_the_other_communitys_ids_are_not_found_on_pages(world, db, client, user, other):
    """Every page route whose first id names an object the API lists: the other community's ids
    answer 404 to GET and POST (a page that refuses the role outright answers alike for a
    missing id)."""
    client.force_login(world.personas[user])
    pools = _page_pools(world, user, other)
    wrong, tried = [], set()
    for route in _page_routes():
        for value in _pool_for(pools, route):
            tried.add(route.template)
            wrong += _page_wrong(client, route, value)
    assert not wrong, "\n".join(wrong)
    assert len(tried) > 140, sorted(tried)


def test_every_page_route_with_an_id_is_tried(world, db):
    """Each page route gets a foreign id in one direction or the other, or is listed with why
    not (a listed route is still tried once the world holds such an object)."""
    untried, pools = [], [_page_pools(world, u, o) for u, o in (USERS, USERS[::-1])]
    for route in _page_routes():
        listed = route.template.startswith(tuple(PAGES_WITHOUT_A_FOREIGN_ID))
        if not any(_pool_for(p, route) for p in pools) and not listed:
            untried.append(route.template)
    assert not untried, untried
