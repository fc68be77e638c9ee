"""Political status says who is a party member, and ethnicity is sensitive too (decision 006):
the administrators in scope and the person see them; a grid worker who reads the register does
not — neither on the page nor in the API."""

import pytest
from rest_framework.test import APIClient

from yipanqi.people.choices import PoliticalStatus
from yipanqi.people.models import Person
from yipanqi.people.tests.factories import build_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(district):
    p = build_people(district)
    Person.objects.filter(pk=p.persons[1].pk).update(
        political_status=PoliticalStatus.PARTY_MEMBER, ethnicity="回族"
    )
    return p


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("community_admin_a1", True), ("town_admin_a", True), ("grid_worker_a1", False)],
)
def test_who_sees_political_status_and_ethnicity(people, client, persona, sees):
    person, user = people.persons[1], people.personas[persona]
    body = _api(user).get(f"/api/v1/people/persons/{person.pk}/").json()
    assert (body["political_status"], body["ethnicity"]) == (
        ("party_member", "回族") if sees else (None, None)
    )
    listed = _api(user).get("/api/v1/people/persons/").json()["results"]
    row = next(r for r in listed if r["id"] == person.pk)
    assert (row["political_status"] is None) is not sees
    client.force_login(user)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert ("中共党员" in page) is sees and ("回族" in page) is sees


def test_the_person_sees_their_own(people):
    me = people.personas["party_member_a1"]
    assert people.persons[1].user_id == me.pk
    body = _api(me).get(f"/api/v1/people/persons/{people.persons[1].pk}/").json()
    assert body["political_status"] == "party_member"
