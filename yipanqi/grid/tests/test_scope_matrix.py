"""The scope matrix for grid work: every persona × every grid page and API endpoint.

The oracle is computed from where the factory put each household (its grid index), never from the
permission code: administrators see the grids of their area, the grid worker their own grid, and
residents, party members without assignments and the separated administrators nothing.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

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
GRIDS = {
    "district_admin": set(range(8)),
    "town_admin_a": {0, 1, 2, 3},
    "community_admin_a1": {0, 1},
    "community_admin_a2": {2, 3},
    "community_admin_b1": {4, 5},
    "grid_worker_a1": {0},
}
ADMINS = {
    "district_admin",
    "town_admin_a",
    "community_admin_a1",
    "community_admin_a2",
    "community_admin_b1",
}
# Incidents are reported from the grid: its workers and the community administrators.
REPORTERS = {"community_admin_a1", "community_admin_a2", "community_admin_b1", "grid_worker_a1"}


def grids_of(persona: str) -> set[int]:
    return GRIDS.get(persona, set())


def expected_targets(world, campaign, persona: str) -> set[int]:
    grid_index = {g.pk: i for i, g in enumerate(world.district.grids)}
    return {t.pk for t in campaign.targets.all() if grid_index[t.grid_id] in grids_of(persona)}


def expected_campaigns(world, persona: str) -> set[int]:
    return {c.pk for c in (world.sweep, world.local) if expected_targets(world, c, persona)}


def api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def browser(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.personas[persona])
    return client


def all_ids(client: APIClient, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=5"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_lists_match_the_oracle(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    assert all_ids(client, "/api/v1/grid/campaigns/") == expected_campaigns(w, persona)
    for campaign in (w.sweep, w.local):
        url = f"/api/v1/grid/campaigns/{campaign.pk}/visits/"
        expected = expected_targets(w, campaign, persona)
        if campaign.pk in expected_campaigns(w, persona):
            assert all_ids(client, url) == expected
            assert client.get(f"/api/v1/grid/campaigns/{campaign.pk}/coverage/").status_code == 200
        else:
            assert client.get(url).status_code == 404
            assert client.get(f"/api/v1/grid/campaigns/{campaign.pk}/").status_code == 404
            assert client.get(f"/api/v1/grid/campaigns/{campaign.pk}/coverage/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_recording_a_visit_only_in_scope(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    for grid in (0, 2):
        target = w.target(grid=grid)
        response = client.post(
            f"/api/v1/grid/campaigns/{w.sweep.pk}/visits/",
            {"target_id": target.pk, "outcome": "refused"},
            format="json",
        )
        allowed = grid in grids_of(persona)
        if w.sweep.pk not in expected_campaigns(w, persona):
            assert response.status_code == 404
        else:
            assert response.status_code == (201 if allowed else 404), response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_incidents_in_scope(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    made = {
        0: w.report(grid=0),
        2: w.report(grid=2, by="community_admin_a2"),
        4: w.report(grid=4, by="community_admin_b1"),
    }
    expected = {i.pk for g, i in made.items() if g in grids_of(persona)}
    assert all_ids(client, "/api/v1/grid/incidents/") == expected
    for incident in made.values():
        status = client.get(f"/api/v1/grid/incidents/{incident.pk}/").status_code
        assert status == (200 if incident.pk in expected else 404)
        step = client.post(f"/api/v1/grid/incidents/{incident.pk}/accept/", {}, format="json")
        if incident.pk not in expected:
            assert step.status_code == 404
    report = client.post(
        "/api/v1/grid/incidents/",
        {
            "grid_id": w.district.grids[0].pk,
            "category": "other",
            "place": "门口",
            "description": "井盖松动",
        },
        format="json",
    )
    assert report.status_code == (201 if persona in REPORTERS and 0 in grids_of(persona) else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_in_scope(shared_world, persona):
    w, client = shared_world, browser(shared_world, persona)
    assert client.get("/grid/").status_code == 200
    assert client.get("/grid/coverage/").status_code == 200
    assert client.get("/grid/incidents/").status_code == 200
    for campaign in (w.sweep, w.local):
        seen = campaign.pk in expected_campaigns(w, persona)
        for url in (f"/grid/campaigns/{campaign.pk}/", f"/grid/campaigns/{campaign.pk}/visits/"):
            assert client.get(url).status_code == (200 if seen else 404), url
    for grid in (0, 2):
        url = f"/grid/campaigns/{w.sweep.pk}/visits/{w.target(grid=grid).pk}/"
        allowed = grid in grids_of(persona)
        assert client.get(url).status_code == (200 if allowed else 404), url
        posted = client.post(url, {"outcome": "refused", "idempotency_key": f"{persona}-{grid}"})
        assert posted.status_code == (302 if allowed else 404), url
    assert client.get("/grid/campaigns/new/").status_code == (200 if persona in ADMINS else 403)
    assert client.get("/grid/incidents/new/").status_code == (200 if persona in REPORTERS else 403)
    incident = w.report(grid=2, by="community_admin_a2")
    status = client.get(f"/grid/incidents/{incident.pk}/").status_code
    assert status == (200 if 2 in grids_of(persona) else 404)


def test_a_resident_sees_no_campaign_titles(shared_world):
    page = browser(shared_world, "resident_a1").get("/grid/")
    assert shared_world.sweep.title not in page.content.decode()
