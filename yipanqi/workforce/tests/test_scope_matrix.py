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


# --- the set-up pages and writes (appoint, transfer, exit, pay tables, courses, enrolment) -------

MANAGERS = {  # administrators of some community: they appoint, transfer and enrol
    "district_admin", "town_admin_a", "community_admin_a1", "community_admin_a2",
    "community_admin_b1",
}  # fmt: skip
PLANNERS = {"district_admin", "town_admin_a"}  # courses of their district or town
TABLE_READERS = {"district_admin", "town_admin_a"}  # the district's pay table
TABLE_SETTERS = {"district_admin"}
ENROLLED = {"town_a": {"community_admin_a1", "grid_worker_a1"}}  # A1's head and other
KEEPERS = {"town_a": PLANNERS, "district": {"district_admin"}}  # of the course's area or above
A2_ADMINS = {"district_admin", "town_admin_a", "community_admin_a2"}


def _status(visible: bool, allowed: bool) -> int:
    return 404 if not visible else 200 if allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_setup_pages_match_the_oracle(shared_world, persona):
    w = shared_world
    client = Client()
    client.force_login(w.personas[persona])
    manager = persona in MANAGERS
    assert client.get("/workforce/appoint/").status_code == (200 if manager else 403)
    for key, worker in w.workers.items():
        visible = key in WORKERS.get(persona, set())
        for step in ("transfer", "exit"):
            status = client.get(f"/workforce/{worker.pk}/{step}/").status_code
            assert status == _status(visible, manager), (key, step)
    readers = persona in TABLE_READERS
    assert client.get("/workforce/pay/tables/").status_code == (200 if readers else 403)
    setter = persona in TABLE_SETTERS
    assert client.get("/workforce/pay/tables/new/").status_code == (200 if setter else 403)
    table = client.get(f"/workforce/pay/tables/{w.table.pk}/").status_code
    assert table == _status(readers, setter)
    planner = persona in PLANNERS
    assert client.get("/workforce/training/new/").status_code == (200 if planner else 403)
    for key, course in w.courses.items():
        visible = key in COURSES.get(persona, set())
        enrol = client.get(f"/workforce/training/{course.pk}/enrol/").status_code
        assert enrol == _status(visible, manager), key
        sign_in = client.get(f"/workforce/training/{course.pk}/sign-in/").status_code
        assert sign_in == (200 if persona in ENROLLED.get(key, set()) else 404), key
        page = client.get(f"/workforce/training/{course.pk}/").content.decode()
        if visible:  # the QR code for whoever keeps the course's list, and no one else
            assert ('id="course-qr"' in page) == (persona in KEEPERS[key]), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_setup_endpoints_match_the_oracle(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    tables = {w.table.pk} if persona in TABLE_READERS else set()
    assert all_ids(client, "/api/v1/workforce/tables/") == tables
    edit = client.post(f"/api/v1/workforce/tables/{w.table.pk}/edit/", {}, format="json")
    if persona in TABLE_SETTERS:
        assert edit.status_code == 409 and edit.json()["code"] == "pay_table_in_use"
    else:
        assert edit.status_code == (403 if persona in TABLE_READERS else 404), edit.content
    for key, worker in w.workers.items():
        visible = key in WORKERS.get(persona, set())
        for step in ("transfer", "exit"):
            url = f"/api/v1/workforce/workers/{worker.pk}/{step}/"
            status = client.post(url, {}, format="json").status_code
            assert status == (400 if visible else 404), (key, step)  # the body is read second
    for key, course in w.courses.items():
        visible = key in COURSES.get(persona, set())
        url = f"/api/v1/workforce/courses/{course.pk}/enrol/"
        assert client.post(url, {}, format="json").status_code == (400 if visible else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_writes_match_the_oracle(shared_world, persona):
    """Appoint an A2 person to A2, set up a town A course, make the 2023 pay table: out of scope
    answers 404, whatever the body."""
    from yipanqi.workforce.tests.factories import make_person

    w, client = shared_world, api(shared_world, persona)
    d = w.district
    person = make_person(d, 1, "新聘社工")
    body = {
        "person_id": person.pk, "community_id": d.communities[1].pk, "post": "other",
        "started_on": "2021-07-01", "education": "bachelor",
    }  # fmt: skip
    appoint = client.post("/api/v1/workforce/workers/appoint/", body, format="json")
    assert appoint.status_code == (201 if persona in A2_ADMINS else 404), appoint.content
    if appoint.status_code == 201:
        assert "*" in appoint.json()["id_number"] and "*" in appoint.json()["phone"]
    course = {
        "area_id": d.towns[0].pk, "title": "群众工作方法", "theme": "群众工作",
        "start": "2021-10-11", "end": "2021-10-12", "days": "2", "class_size": 20,
    }  # fmt: skip
    made = client.post("/api/v1/workforce/courses/create/", course, format="json")
    assert made.status_code == (201 if persona in PLANNERS else 404), made.content
    table = {"district_id": d.district.pk, "year": 2023, "base_amount": "66000"}
    made = client.post("/api/v1/workforce/tables/create/", table, format="json")
    assert made.status_code == (201 if persona in TABLE_SETTERS else 404), made.content
