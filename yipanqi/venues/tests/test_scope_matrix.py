"""The scope matrix for venues: every persona × every venue page and API endpoint.

The oracle is written from the factory's layout (which venue is whose and open to whom, who
asked for which booking), never from the permission code. Venues: community (奉中 A1, town A
rule, keeper grid_worker_a1), unit (A1's unit, whole district, auto-approved), street (town A,
own members only), other (B1, town B rule). Bookings: a1_room (liaison_a1 at community),
unit_room (liaison_b1 at unit), b1_court (community_admin_b1 at other). Bookers are not rows but
whom the persona may book for, each a key ("kind:id"), compared as a set.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.venues import actions

ALL = {"community", "unit", "street", "other"}
TOWN_A = {"community", "unit", "street"}
BOOKABLE = {
    "district_admin": ALL,
    "town_admin_a": TOWN_A,
    "community_admin_a1": TOWN_A,
    "community_admin_a2": TOWN_A,
    "community_admin_b1": {"unit", "other"},
    "grid_worker_a1": TOWN_A,
    "party_member_a1": TOWN_A,
    "resident_a1": {"community", "unit"},
    "liaison_a1": {"community", "unit"},
    "liaison_b1": {"unit", "other"},
}
# Seen without being bookable: auditors and administrators over the owner's area.
READS = {"auditor_a": TOWN_A}
BOOKINGS = {
    "district_admin": {"a1_room", "unit_room", "b1_court"},
    "town_admin_a": {"a1_room", "unit_room"},
    "community_admin_a1": {"a1_room", "unit_room"},
    "auditor_a": {"a1_room", "unit_room"},
    "community_admin_b1": {"b1_court"},
    "grid_worker_a1": {"a1_room"},  # the community room's keeper
    "liaison_a1": {"a1_room", "unit_room"},  # booker; liaison of the unit that owns unit_room
    "liaison_b1": {"unit_room"},
}
APPROVERS = {"district_admin", "town_admin_a", "community_admin_a1"}  # of a1_room
PERSONAS = sorted(
    set(BOOKABLE) | {"auditor_a", "system_admin", "security_admin", "audit_admin", "no_role"}
)
NO_BOOKER = {"district_admin"}
# Who keeps each venue (edit page): the owner area's administrators, the owning unit's liaison.
MANAGERS = {
    "community": {"district_admin", "town_admin_a", "community_admin_a1"},
    "unit": {"district_admin", "town_admin_a", "community_admin_a1", "liaison_a1"},
    "street": {"district_admin", "town_admin_a"},
    "other": {"district_admin", "community_admin_b1"},
}
# Who may open a venue: street and community administrators, unit liaisons.
OPENERS = {
    "town_admin_a", "community_admin_a1", "community_admin_a2", "community_admin_b1",
    "liaison_a1", "liaison_b1",
}  # fmt: skip
CREDIT_READERS = {
    "district_admin", "town_admin_a", "community_admin_a1", "community_admin_a2",
    "community_admin_b1", "auditor_a",
}  # fmt: skip  # may book by rule but acts for no unit, community or street


def visible_venues(persona: str) -> set[str]:
    return BOOKABLE.get(persona, set()) | READS.get(persona, set())


def api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def browser(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.personas[persona])
    return client


def all_ids(client: APIClient, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=2"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


def pks(world, names: set[str], table: dict) -> set[int]:
    return {table[n].pk for n in names}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_in_scope(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    bookable = BOOKABLE.get(persona, set())
    assert all_ids(client, "/api/v1/venues/") == pks(w, bookable, w.venues)
    for name, venue in w.venues.items():
        seen = name in visible_venues(persona)
        for url in (f"/api/v1/venues/{venue.pk}/", f"/api/v1/venues/{venue.pk}/calendar/"):
            assert client.get(url).status_code == (200 if seen else 404), url
    expected = pks(w, BOOKINGS.get(persona, set()), w.bookings)
    assert all_ids(client, "/api/v1/venues/bookings/") == expected
    for name, booking in w.bookings.items():
        status = client.get(f"/api/v1/venues/bookings/{booking.pk}/").status_code
        assert status == (200 if booking.pk in expected else 404), name
    a1_room = w.bookings["a1_room"]
    decided = client.post(f"/api/v1/venues/bookings/{a1_room.pk}/decline/", {"reason": "x"},
                          format="json")  # fmt: skip
    if persona in APPROVERS:
        assert decided.status_code == 200
    else:
        assert decided.status_code == (403 if "a1_room" in BOOKINGS.get(persona, ()) else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_in_scope(shared_world, persona):
    w, client = shared_world, browser(shared_world, persona)
    for url in ("/venues/", "/venues/mine/", "/venues/desk/"):
        assert client.get(url).status_code == 200, url
    opens = client.get("/venues/new/").status_code
    assert opens == (200 if persona in OPENERS else 403)
    credit = client.get("/venues/credit/?year=2021").status_code
    assert credit == (200 if persona in CREDIT_READERS else 403)
    for name, venue in w.venues.items():
        seen = name in visible_venues(persona)
        assert client.get(f"/venues/{venue.pk}/").status_code == (200 if seen else 404), name
        edit = client.get(f"/venues/{venue.pk}/edit/").status_code
        assert edit == (200 if persona in MANAGERS[name] else 404), name
        form = client.get(f"/venues/{venue.pk}/book/").status_code
        if name not in BOOKABLE.get(persona, set()):
            assert form == 404, name
        else:
            assert form == (403 if persona in NO_BOOKER else 200), name
    expected = BOOKINGS.get(persona, set())
    for name, booking in w.bookings.items():
        status = client.get(f"/venues/bookings/{booking.pk}/").status_code
        assert status == (200 if name in expected else 404), name
    a1_room = w.bookings["a1_room"]
    step = client.post(f"/venues/bookings/{a1_room.pk}/approve/")
    if "a1_room" not in expected:
        assert step.status_code == 404
    else:
        assert step.status_code == (302 if persona in APPROVERS else 403)


def test_the_credit_ledger_shows_only_the_readers_area(shared_world, at):
    w = shared_world
    booking = w.bookings["unit_room"]  # liaison_b1's unit (in B1) at A1's unit room
    at(booking.starts_at)
    keeper = w.personas["community_admin_a1"]
    actions.booking_check_in(booking=booking, actor=keeper)
    actions.booking_mark_used(booking=booking, actor=keeper)
    year = f"?year={booking.starts_at.year}"
    seen = browser(w, "community_admin_a1").get(f"/venues/credit/{year}").content.decode()
    assert w.venues["unit"].name in seen  # in the ledger of the lender's community
    other = browser(w, "community_admin_b1").get(f"/venues/credit/{year}").content.decode()
    assert w.venues["unit"].name not in other  # B1 borrowed: no ledger row of A1's venue


def test_the_calendar_lists_only_bookable_venues(shared_world):
    page = browser(shared_world, "resident_a1").get("/venues/").content.decode()
    assert shared_world.venues["community"].name in page
    assert shared_world.venues["street"].name not in page
    assert shared_world.venues["other"].name not in page


# A weekly series liaison_a1 books at the community room: seen as its bookings are, less the
# keeper (who checks occurrences in, not the series); cancelled only by its booker.
SERIES_READERS = {p for p, seen in BOOKINGS.items() if "a1_room" in seen} - {"grid_worker_a1"}


@pytest.fixture(scope="module")
def weekly(shared_venues):
    import datetime

    from yipanqi.venues.tests.factories import choice_for, local

    person = shared_venues.personas["liaison_a1"]
    return actions.series_create(
        venue=shared_venues.venues["community"], choice=choice_for(person),
        first_date=local(9, 0).date(), weeks=2, start_time=datetime.time(15),
        end_time=datetime.time(16), purpose="每周学习", headcount=6, actor=person,
    )  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_series_in_scope(shared_world, weekly, persona):
    seen = persona in SERIES_READERS
    page = browser(shared_world, persona).get(f"/venues/series/{weekly.pk}/")
    assert page.status_code == (200 if seen else 404)
    client = api(shared_world, persona)
    assert client.get(f"/api/v1/venues/series/{weekly.pk}/").status_code == (200 if seen else 404)
    cancel = client.post(f"/api/v1/venues/series/{weekly.pk}/cancel/", {"reason": "x"})
    if not seen:
        assert cancel.status_code == 404
    else:
        assert cancel.status_code == (200 if persona == "liaison_a1" else 403)


# Whom each persona may book for: the street or community they administer (a grid worker: their
# grid's community), the units they are liaison of, themselves as a party member or resident at
# their grid. The district administrator, auditors, the three administrators and people without
# a role book for nobody.
BOOKERS = {
    "town_admin_a": {("street", "town_a")},
    "community_admin_a1": {("community", "a1")},
    "community_admin_a2": {("community", "a2")},
    "community_admin_b1": {("community", "b1")},
    "grid_worker_a1": {("community", "a1")},
    "party_member_a1": {("member", "grid_a1_1")},
    "resident_a1": {("resident", "grid_a1_2")},
    "liaison_a1": {("unit", "unit_a1")},
    "liaison_b1": {("unit", "unit_b1")},
}


def booker_keys(w, persona: str) -> set[str]:
    d = w.district
    named = {
        "town_a": d.towns[0], "a1": d.communities[0], "a2": d.communities[1],
        "b1": d.communities[2], "grid_a1_1": d.grids[0], "grid_a1_2": d.grids[1],
        "unit_a1": d.units[0], "unit_b1": d.units[2],
    }  # fmt: skip
    return {f"{kind}:{named[name].pk}" for kind, name in BOOKERS.get(persona, set())}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_bookers_match_the_oracle(shared_world, persona):
    response = api(shared_world, persona).get("/api/v1/venues/bookers/")
    assert response.status_code == 200
    keys = [row["key"] for row in response.json()]
    assert len(keys) == len(set(keys))
    assert set(keys) == booker_keys(shared_world, persona)
