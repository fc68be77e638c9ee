"""The scope matrix for the workforce app: every persona × every page and API endpoint.

The oracle is written from where the factory put each worker (communities A1, A2 of town A; B1,
B2 of town B), whose record is whose (community_admin_a1 and grid_worker_a1 are A1's workers
themselves), and each persona's grant — never from the permission code: administrators see the
workers of their area; only the town's and the district's administrators see pay runs and pay
lines; a worker sees their own record and only their own pay line; everyone else sees nothing.
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
ALL = {"a1_head", "a1_other", "a2_deputy", "b1_head", "b2_other", "b2_moved"}
WORKERS = {
    "district_admin": ALL,
    "town_admin_a": {"a1_head", "a1_other", "a2_deputy"},
    "community_admin_a1": {"a1_head", "a1_other"},
    "community_admin_a2": {"a2_deputy"},
    "community_admin_b1": {"b1_head"},
    "grid_worker_a1": {"a1_other"},  # their own record only
}
# Lines of run A (A1 head, A1 other, A2 deputy) and run B (B1 head, B2 other)
LINES = {
    "district_admin": {"a1_head", "a1_other", "a2_deputy", "b1_head", "b2_other"},
    "town_admin_a": {"a1_head", "a1_other", "a2_deputy"},
    "community_admin_a1": {"a1_head"},  # a worker themself: their own line only
    "grid_worker_a1": {"a1_other"},
}
RUNS = {"district_admin": {"A", "B"}, "town_admin_a": {"A"}}
COURSES = {
    "district_admin": {"town_a", "district"},
    "town_admin_a": {"town_a", "district"},
    "community_admin_a1": {"town_a", "district"},
    "community_admin_a2": {"town_a", "district"},
    "community_admin_b1": {"district"},
    "grid_worker_a1": {"town_a"},  # enrolled
}


def ids(mapping, keys) -> set[int]:
    return {mapping[k].pk for k in keys}


def api(w, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(w.personas[persona])
    return client


def all_ids(client: APIClient, url: str, key: str = "id") -> set[int]:
    found, next_url = [], f"{url}?page_size=2"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        found += [row[key] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(found)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matches_the_oracle(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    workers = ids(w.workers, WORKERS.get(persona, set()))
    assert all_ids(client, "/api/v1/workforce/workers/") == workers
    for worker in w.workers.values():
        status = client.get(f"/api/v1/workforce/workers/{worker.pk}/").status_code
        assert status == (200 if worker.pk in workers else 404)
    lines = ids(w.workers, LINES.get(persona, set()))
    assert all_ids(client, "/api/v1/workforce/pay-lines/", "worker_id") == lines
    runs = ids(w.runs, RUNS.get(persona, set()))
    assert all_ids(client, "/api/v1/workforce/runs/") == runs
    for run in w.runs.values():
        url = f"/api/v1/workforce/runs/{run.pk}/"
        assert client.get(url).status_code == (200 if run.pk in runs else 404)
        step = client.post(f"{url}approve/", {}, format="json")
        assert step.status_code == (404 if run.pk not in runs else 409), step.content
    courses = ids(w.courses, COURSES.get(persona, set()))
    assert all_ids(client, "/api/v1/workforce/courses/") == courses
    for course in w.courses.values():
        url = f"/api/v1/workforce/courses/{course.pk}/"
        assert client.get(url).status_code == (200 if course.pk in courses else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_match_the_oracle(shared_world, persona):
    w = shared_world
    client = Client()
    client.force_login(w.personas[persona])
    for url in ("/workforce/", "/workforce/pay/", "/workforce/training/?year=2021"):
        assert client.get(url).status_code == 200, url
    workers = ids(w.workers, WORKERS.get(persona, set()))
    listing = client.get("/workforce/?flag=").content.decode()
    for key, worker in w.workers.items():
        if key == "b2_moved":
            continue  # the list shows workers in post
        assert (f'href="/workforce/{worker.pk}/"' in listing) == (worker.pk in workers), key
    for worker in w.workers.values():
        page = client.get(f"/workforce/{worker.pk}/")
        assert page.status_code == (200 if worker.pk in workers else 404)
        if worker.pk not in workers:
            assert client.post(f"/workforce/{worker.pk}/clear_review/").status_code == 404
    runs = ids(w.runs, RUNS.get(persona, set()))
    for run in w.runs.values():
        assert client.get(f"/workforce/pay/{run.pk}/").status_code == (
            200 if run.pk in runs else 404
        )
        export = client.post(f"/workforce/pay/{run.pk}/export/", {"purpose": "核对"})
        assert export.status_code == (200 if run.pk in runs else 404)
    courses = ids(w.courses, COURSES.get(persona, set()))
    for course in w.courses.values():
        assert client.get(f"/workforce/training/{course.pk}/").status_code == (
            200 if course.pk in courses else 404
        )


def test_a_worker_sees_only_their_own_pay_line(shared_world):
    w = shared_world
    client = Client()
    client.force_login(w.personas["grid_worker_a1"])
    own = client.get(f"/workforce/{w.workers['a1_other'].pk}/").content.decode()
    line = w.runs["A"].lines.get(worker=w.workers["a1_other"])
    assert f'id="line-{line.pk}"' in own
    head = w.runs["A"].lines.get(worker=w.workers["a1_head"])
    assert client.get(f"/workforce/{w.workers['a1_head'].pk}/").status_code == 404
    assert client.get(f"/workforce/pay/{w.runs['A'].pk}/").status_code == 404
    body = client.get("/api/v1/workforce/pay-lines/").json()
    assert [r["id"] for r in body["results"]] == [line.pk] != [head.pk]
