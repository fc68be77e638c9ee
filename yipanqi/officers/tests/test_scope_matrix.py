"""The scope matrix for the officers' platform: every persona × every page and API endpoint.

Oracle from the factory's layout: an assignment and its logs are seen by the district's and the
target town's leaders and auditors (by area) and by the officer themselves; only the officer logs.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.officers.tests.factories import a_week_ago

SEES = {
    "district_admin": {"a1_guide", "a_street", "b1_guide"},
    "town_admin_a": {"a1_guide", "a_street"},
    "auditor_a": {"a1_guide", "a_street"},
    "officer_a": {"a1_guide", "a_street"},
    "officer_b": {"b1_guide"},
}
OWNS = {"officer_a": {"a1_guide", "a_street"}, "officer_b": {"b1_guide"}}
BOARD = {"district_admin", "town_admin_a", "auditor_a"}
PERSONAS = sorted(set(SEES) | {"community_admin_a1", "grid_worker_a1", "party_member_a1",
                               "resident_a1", "system_admin", "security_admin", "audit_admin",
                               "no_role"})  # fmt: skip


def _ids(client, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=2"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_in_scope(world, persona):
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    seen = SEES.get(persona, set())
    assert _ids(client, "/api/v1/officers/") == {world.assignments[n].pk for n in seen}
    assert client.get("/api/v1/officers/board/").status_code == 200
    for name, a in world.assignments.items():
        for url in (f"/api/v1/officers/{a.pk}/", f"/api/v1/officers/{a.pk}/logs/"):
            assert client.get(url).status_code == (200 if name in seen else 404), url
        logged = client.post(f"/api/v1/officers/{a.pk}/logs/", {
            "kind": "visit", "occurred_on": a_week_ago().isoformat(), "summary": "走访"},
            format="json")  # fmt: skip
        if name not in seen:
            assert logged.status_code == 404
            assert client.post(f"/api/v1/officers/{a.pk}/logs/", {}, format="json").status_code == 404  # fmt: skip
        else:
            assert logged.status_code == (201 if name in OWNS.get(persona, ()) else 403), name


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_in_scope(world, persona):
    client = Client()
    client.force_login(world.personas[persona])
    assert client.get("/officers/").status_code == 200
    assert client.get("/officers/board/").status_code == (200 if persona in BOARD else 403)
    seen = SEES.get(persona, set())
    for name, a in world.assignments.items():
        assert client.get(f"/officers/{a.pk}/").status_code == (200 if name in seen else 404)
        posted = client.post(f"/officers/{a.pk}/", {"kind": "visit", "summary": "走访",
                                                    "occurred_on": a_week_ago().isoformat()})  # fmt: skip
        if name not in seen:
            assert posted.status_code == 404
        else:
            assert posted.status_code == (302 if name in OWNS.get(persona, ()) else 403), name


# --- leaders' pages: assignments, posting an officer, ending, roles ------------------------------
LEADS = {
    "district_admin": {"a1_guide", "a_street", "b1_guide"},
    "town_admin_a": {"a1_guide", "a_street"},
}
EDITS_ROLES = {"district_admin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_leaders_pages_in_scope(world, persona):
    client = Client()
    client.force_login(world.personas[persona])
    assert client.get("/officers/assignments/").status_code == (200 if persona in BOARD else 403)
    assert client.get("/officers/assignments/new/").status_code == (
        200 if persona in LEADS else 403
    )
    assert client.get("/officers/roles/").status_code == (200 if persona in BOARD else 403)
    role = world.role("street")
    assert client.get(f"/officers/roles/{role.pk}/").status_code == (
        200 if persona in EDITS_ROLES else 403 if persona in BOARD else 404
    )
    seen = SEES.get(persona, set())
    listed = client.get("/officers/assignments/").content.decode() if persona in BOARD else ""
    for name, a in world.assignments.items():
        assert (f'href="/officers/{a.pk}/"' in listed) == (name in seen and persona in BOARD), name
        ended = client.post(f"/officers/{a.pk}/end/").status_code
        if name not in seen:
            assert ended == 404
        else:
            assert ended == (302 if name in LEADS.get(persona, ()) else 403), name


@pytest.mark.parametrize("persona", PERSONAS)
def test_leaders_api_in_scope(world, persona):
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    role = world.role("street")
    roles = _ids(client, "/api/v1/officers/roles/")
    assert (role.pk in roles) == (persona in BOARD)
    assert client.get(f"/api/v1/officers/roles/{role.pk}/").status_code == (
        200 if persona in BOARD else 404
    )
    edited = client.post(f"/api/v1/officers/roles/{role.pk}/edit/", {"name": "街巷长", "layer": "grassroots"},
                         format="json").status_code  # fmt: skip
    assert edited == (200 if persona in EDITS_ROLES else 403 if persona in BOARD else 404)
    a1 = world.district.communities[0]
    made = client.post("/api/v1/officers/", {"officer": world.personas["officer_a"].pk,
                                             "role": "community", "area": a1.pk}, format="json")  # fmt: skip
    assert made.status_code == (201 if persona in LEADS else 403)
    for name, a in world.assignments.items():
        ended = client.post(f"/api/v1/officers/{a.pk}/end/").status_code
        if name not in SEES.get(persona, set()):
            assert ended == 404
        else:
            assert ended == (200 if name in LEADS.get(persona, ()) else 403), name
