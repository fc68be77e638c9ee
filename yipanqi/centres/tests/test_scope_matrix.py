"""The scope matrix for the centres app: every persona × every page and API endpoint.

The oracle is written from where the factory put each centre (district hub, towns A and B,
communities A1, A2, B1, B2) and each persona's grant, never from the permission code: everyone
who reads the structure sees the centres of their area and those above it; only administrators
see assessments (their own area and below) and rounds; security and audit administrators and
people without a role see nothing. The rating schemes are the district's (not the same for
everyone): read by whoever reads its centre network, never by another district's people.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.centres import actions, selectors
from yipanqi.centres.tests.factories import TEST
from yipanqi.organisations.actions import area_create
from yipanqi.organisations.choices import AreaKind

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
ALL = {"hub", "A", "B", "A1", "A2", "B1", "B2"}
CENTRES = {
    "district_admin": ALL,
    "system_admin": ALL,
    "town_admin_a": {"hub", "A", "A1", "A2"},
    "auditor_a": {"hub", "A", "A1", "A2"},
    "community_admin_a1": {"hub", "A", "A1"},
    "community_admin_a2": {"hub", "A", "A2"},
    "community_admin_b1": {"hub", "B", "B1"},
    "grid_worker_a1": {"hub", "A", "A1"},
    "party_member_a1": {"hub", "A", "A1"},
    "resident_a1": {"hub", "A", "A1"},
}
ASSESSMENTS = {
    "district_admin": ALL - {"hub"},
    "town_admin_a": {"A", "A1", "A2"},
    "community_admin_a1": {"A1"},
    "community_admin_a2": {"A2"},
    "community_admin_b1": {"B1"},
}


def centres_of(w) -> dict[str, object]:
    keys = ["A", "B", "A1", "A2", "B1", "B2"]
    return {"hub": w.hub, **dict(zip(keys, [*w.towns, *w.grassroots], strict=True))}


def expected_centres(w, persona: str) -> set[int]:
    by_key = centres_of(w)
    return {by_key[k].pk for k in CENTRES.get(persona, set())}


def expected_assessments(w, persona: str) -> set[int]:
    by_key = centres_of(w)
    return {w.assessment(by_key[k]).pk for k in ASSESSMENTS.get(persona, set())}


def api(w, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(w.personas[persona])
    return client


def all_ids(client: APIClient, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=3"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_centres_match_the_oracle(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    expected = expected_centres(w, persona)
    assert all_ids(client, "/api/v1/centres/") == expected
    for centre in centres_of(w).values():
        status = client.get(f"/api/v1/centres/{centre.pk}/").status_code
        assert status == (200 if centre.pk in expected else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_rounds_and_assessments_match_the_oracle(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    admin = persona in ASSESSMENTS
    assert all_ids(client, "/api/v1/centres/rounds/") == ({w.round.pk} if admin else set())
    assert client.get(f"/api/v1/centres/rounds/{w.round.pk}/").status_code == (
        200 if admin else 404
    )
    expected = expected_assessments(w, persona)
    assert all_ids(client, "/api/v1/centres/assessments/") == expected
    for centre in [*w.towns, *w.grassroots]:
        assessment = w.assessment(centre)
        url = f"/api/v1/centres/assessments/{assessment.pk}/"
        assert client.get(url).status_code == (200 if assessment.pk in expected else 404)
        step = client.post(f"{url}submit/", {}, format="json")
        if assessment.pk not in expected:
            assert step.status_code == 404
        else:
            assert step.status_code in (400, 403), step.content  # nothing scored yet / not theirs


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_in_scope(shared_world, persona):
    w = shared_world
    client = Client()
    client.force_login(w.personas[persona])
    for url in ("/centres/", "/centres/?view=map", "/centres/ranking/", "/centres/rounds/"):
        assert client.get(url).status_code == 200, url
    expected = expected_centres(w, persona)
    for centre in centres_of(w).values():
        status = client.get(f"/centres/{centre.pk}/").status_code
        assert status == (200 if centre.pk in expected else 404)
    network = client.get("/centres/").content.decode()
    for centre in centres_of(w).values():
        assert (f'href="/centres/{centre.pk}/"' in network) == (centre.pk in expected)
    admin = persona in ASSESSMENTS
    assert client.get(f"/centres/rounds/{w.round.pk}/").status_code == (200 if admin else 404)
    assert client.post(f"/centres/rounds/{w.round.pk}/publish/").status_code in (
        (302, 403) if admin else (404,)
    )
    seen = expected_assessments(w, persona)
    for centre in [*w.towns, *w.grassroots]:
        assessment = w.assessment(centre)
        url = f"/centres/assessments/{assessment.pk}/"
        assert client.get(url).status_code == (200 if assessment.pk in seen else 404)
        if assessment.pk not in seen:
            assert client.post(f"{url}submit/").status_code == 404


@pytest.fixture
def schemes(shared_world) -> tuple[set[int], int]:
    """The district's two editions (the round keeps the first, a revision is in use) and another
    district's scheme."""
    w = shared_world
    spec = selectors.scheme_spec(w.scheme)
    spec.name = "5A评定标准(修订)"
    edition = actions.scheme_revise(scheme=w.scheme, spec=spec, actor=TEST)
    other = area_create(
        parent=None, name="余姚市", code="330281", kind=AreaKind.DISTRICT, actor=TEST
    )
    foreign = actions.scheme_create_default(district=other, actor=TEST)
    return {w.scheme.pk, edition.pk}, foreign.pk


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_schemes_are_the_districts_to_its_network_readers(shared_world, schemes, persona):
    district_schemes, foreign = schemes
    client = api(shared_world, persona)
    reads = persona in CENTRES  # who reads the district's centre network reads its scheme
    expected = district_schemes if reads else set()
    assert all_ids(client, "/api/v1/centres/schemes/") == expected
    for pk in [*district_schemes, foreign]:
        status = client.get(f"/api/v1/centres/schemes/{pk}/").status_code
        assert status == (200 if pk in expected else 404), pk
