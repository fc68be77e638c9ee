"""The scope matrix for the people registry: every persona × every people endpoint and page.

The oracle below is computed from where the factory put each row (its community and grid index)
and whose it is, never from the permission code: community admins see their communities, the grid
worker their grid (but no party members), a party member only their own records.
"""

import re

import pytest
from django.test import Client
from django.utils.encoding import iri_to_uri
from rest_framework.test import APIClient

from yipanqi.people.models import (
    CommunityRegistration,
    Household,
    Participation,
    PartyMember,
    Person,
)
from yipanqi.people.tests.factories import BRANCH_COMMUNITY

PERSONAS = [
    "district_admin",
    "town_admin_a",
    "community_admin_a1",
    "community_admin_a2",
    "community_admin_b1",
    "grid_worker_a1",
    "party_member_a1",
    "resident_a1",
    "auditor_a",
    "system_admin",
    "security_admin",
    "audit_admin",
    "no_role",
]
ADMIN_COMMUNITIES = {
    "district_admin": {0, 1, 2, 3},
    "town_admin_a": {0, 1},
    "community_admin_a1": {0},
    "community_admin_a2": {1},
    "community_admin_b1": {2},
}
WORKER_GRIDS = {"grid_worker_a1": {0}}
MODELS = {
    "persons": Person,
    "households": Household,
    "members": PartyMember,
    "registrations": CommunityRegistration,
    "participations": Participation,
}


def visible(data, persona: str, kind: str) -> set[int]:
    communities = ADMIN_COMMUNITIES.get(persona, set())
    grids = WORKER_GRIDS.get(persona, set()) if kind != "members" else set()
    return {
        row.pk
        for row in data.rows[kind]
        if row.community in communities or row.grid in grids or row.owner == persona
    }


def feedback_visible(persona: str, branch_key: str) -> bool:
    return BRANCH_COMMUNITY[branch_key] in ADMIN_COMMUNITIES.get(persona, set())


def api_for(data, persona: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(data.personas[persona])
    return api


def browser_for(data, persona: str) -> Client:
    browser = Client()
    browser.force_login(data.personas[persona])
    return browser


def collect_api_ids(api: APIClient, url: str) -> list[int]:
    ids: list[int] = []
    separator = "&" if "?" in url else "?"
    next_url: str | None = iri_to_uri(f"{url}{separator}page_size=3")
    counts = []  # the first page counts the rows (keyset pages after it do not)
    while next_url:
        response = api.get(next_url)
        assert response.status_code == 200, (next_url, response.content)
        body = response.json()
        ids.extend(row["id"] for row in body["results"])
        counts.append(body["count"])
        next_url = body["next"]
    assert counts[0] == len(ids) and set(counts[1:]) <= {None}
    assert len(ids) == len(set(ids))  # no row twice across pages
    return ids


def missing_id(kind: str) -> int:
    return (MODELS[kind].objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 10_000


# --- API ---------------------------------------------------------------------------------------

API = "/api/v1/people"
API_LISTS = {
    "persons/": "persons",
    "households/": "households",
    "members/": "members",
    "registrations/": "registrations",
    "participations/": "participations",
}
API_FILTERED = {
    "persons/?q=张": "persons",
    "persons/?q=1单元": "persons",
    "persons/?tag=rented": "persons",
    "households/?tag=disabled": "households",
    "members/?in_service=1": "members",
    "registrations/?status=submitted,confirmed": "registrations",
    "participations/?year=2021": "participations",
}
API_DETAILS = {
    "persons": "persons/{}/",
    "households": "households/{}/",
    "members": "members/{}/",
    "registrations": "registrations/{}/",
}
# Writes on rows out of scope answer 404 before anything is checked or written.
API_WRITES = {
    "persons": ("persons/{}/unmask/", {"field": "phone", "purpose": "核对信息"}),
    "members": ("members/{}/status/", {"status": "lost_contact"}),
    "registrations": ("registrations/{}/confirm/", None),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "kind"), API_LISTS.items())
def test_api_list_returns_exactly_the_rows_in_scope(shared, persona, url, kind):
    ids = collect_api_ids(api_for(shared, persona), f"{API}/{url}")

    allowed = visible(shared, persona, kind)
    assert len(ids) == len(set(ids)), "a row appears twice across pages"
    assert set(ids) <= allowed, f"out of scope: {set(ids) - allowed}"
    assert set(ids) == allowed, f"in scope but missing: {allowed - set(ids)}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "kind"), API_FILTERED.items())
def test_api_filtered_list_stays_in_scope(shared, persona, url, kind):
    ids = collect_api_ids(api_for(shared, persona), f"{API}/{url}")

    assert set(ids) <= visible(shared, persona, kind)


def test_api_search_by_id_number_and_phone_stays_in_scope(shared):
    api = api_for(shared, "community_admin_a1")
    for pk, (number, phone) in shared.plain.items():
        allowed = pk in visible(shared, "community_admin_a1", "persons")
        for q in (number, phone) if phone else (number,):
            response = api.post(f"{API}/persons/search/", {"q": q}, format="json")
            ids = [row["id"] for row in response.json()["results"]]
            assert ids == ([pk] if allowed else [])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "url"), API_DETAILS.items())
def test_api_detail_answers_404_outside_scope_like_a_missing_id(shared, persona, kind, url):
    api = api_for(shared, persona)
    allowed = visible(shared, persona, kind)
    missing = api.get(f"{API}/{url.format(missing_id(kind))}")
    assert missing.status_code == 404

    for row in shared.rows[kind]:
        response = api.get(f"{API}/{url.format(row.pk)}")
        if row.pk in allowed:
            assert response.status_code == 200, (kind, row.pk)
            assert response.json()["id"] == row.pk
        else:
            assert response.status_code == 404, (kind, row.pk)
            assert response.json() == missing.json()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "write"), API_WRITES.items())
def test_api_writes_outside_scope_answer_404(shared, persona, kind, write):
    api = api_for(shared, persona)
    url, body = write
    allowed = visible(shared, persona, kind)

    for row in shared.rows[kind]:
        if row.pk not in allowed:
            response = api.post(f"{API}/{url.format(row.pk)}", body, format="json")
            assert response.status_code == 404, (kind, row.pk)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("branch_key", BRANCH_COMMUNITY)
def test_api_branch_feedback_in_scope_only(shared, persona, branch_key):
    branch = shared.branches[branch_key]

    response = api_for(shared, persona).get(f"{API}/branches/{branch.pk}/feedback/?year=2021")

    if feedback_visible(persona, branch_key):
        assert response.status_code == 200
        ids = {row["member_id"] for row in response.json()["rows"]}
        assert ids <= visible(shared, persona, "members")
    else:
        assert response.status_code == 404


# --- pages -------------------------------------------------------------------------------------

PAGE_LISTS = {
    "/people/": "persons",
    "/people/members/": "members",
    "/people/registrations/?status=all": "registrations",
}
PAGE_DETAILS = {
    "persons": "/people/{}/",
    "households": "/people/households/{}/",
    "members": "/people/members/{}/",
    "registrations": "/people/registrations/{}/",
}
LINK = re.compile(r'href="/people/(?:(households|members|registrations)/)?(\d+)/"')
LINK_KIND = {None: "persons", "": "persons", "households": "households", "members": "members"}
LINK_KIND["registrations"] = "registrations"


def linked_ids(html: str) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {kind: set() for kind in PAGE_DETAILS}
    for kind, pk in LINK.findall(html):
        found[LINK_KIND[kind]].add(int(pk))
    return found


def assert_links_in_scope(data, persona: str, html: str, where: str) -> None:
    for kind, ids in linked_ids(html).items():
        allowed = visible(data, persona, kind)
        assert ids <= allowed, f"{kind} out of scope on {where}: {ids - allowed}"


def collect_page_rows(browser: Client, url: str) -> set[int]:
    ids: set[int] = set()
    page = 1
    separator = "&" if "?" in url else "?"
    while True:
        response = browser.get(f"{url}{separator}page={page}")
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        ids |= {row.pk for row in page_obj}
        if not page_obj.has_next():
            return ids
        page += 1


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "kind"), PAGE_LISTS.items())
def test_page_lists_show_exactly_the_rows_in_scope(shared, persona, url, kind):
    browser = browser_for(shared, persona)

    ids = collect_page_rows(browser, url)

    allowed = visible(shared, persona, kind)
    assert ids == allowed, f"extra {ids - allowed}, missing {allowed - ids}"
    assert_links_in_scope(shared, persona, browser.get(url).content.decode(), url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", ["/people/?q=张", "/people/?tag=rented", "/people/registrations/"])
def test_filtered_pages_link_only_to_rows_in_scope(shared, persona, url):
    response = browser_for(shared, persona).get(url)

    assert response.status_code == 200
    assert_links_in_scope(shared, persona, response.content.decode(), url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "url"), PAGE_DETAILS.items())
def test_detail_pages_answer_404_outside_scope_and_link_inside_it(shared, persona, kind, url):
    browser = browser_for(shared, persona)
    allowed = visible(shared, persona, kind)
    assert browser.get(url.format(missing_id(kind))).status_code == 404

    for row in shared.rows[kind]:
        response = browser.get(url.format(row.pk))
        if row.pk in allowed:
            assert response.status_code == 200, (kind, row.pk)
            assert_links_in_scope(shared, persona, response.content.decode(), url.format(row.pk))
        else:
            assert response.status_code == 404, (kind, row.pk)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("branch_key", BRANCH_COMMUNITY)
def test_branch_feedback_pages_in_scope_only(shared, persona, branch_key):
    browser = browser_for(shared, persona)
    branch = shared.branches[branch_key]

    page = browser.get(f"/people/branches/{branch.pk}/feedback/?year=2021")
    export = browser.get(f"/people/branches/{branch.pk}/feedback/export/?year=2021")

    expected = 200 if feedback_visible(persona, branch_key) else 404
    assert (page.status_code, export.status_code) == (expected, expected)
    if expected == 200:
        assert_links_in_scope(shared, persona, page.content.decode(), "feedback")


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_writes_outside_scope_answer_404(shared, persona):
    browser = browser_for(shared, persona)
    people = visible(shared, persona, "persons")
    registrations = visible(shared, persona, "registrations")

    for row in shared.rows["persons"]:
        if row.pk not in people:
            response = browser.post(
                f"/people/{row.pk}/unmask/", {"field": "phone", "purpose": "核对信息"}
            )
            assert response.status_code == 404
    for row in shared.rows["registrations"]:
        if row.pk not in registrations:
            for step in ("confirm", "decline", "assign"):
                response = browser.post(f"/people/registrations/{row.pk}/{step}/", {"reason": "x"})
                assert response.status_code == 404
