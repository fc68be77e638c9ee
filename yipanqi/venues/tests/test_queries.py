"""Queries per request stay constant as venues and bookings pile up: the calendar (a week of
slots for a page of venues), a venue's week, my bookings, the desk, the list endpoints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yipanqi.core.actors import system
from yipanqi.venues import actions
from yipanqi.venues.tests.factories import EVERY_DAY, book

PAGES = [
    ("liaison_a1", "/venues/"),
    ("liaison_a1", "/venues/?kind=meeting_room&capacity=10"),
    ("liaison_a1", "/venues/{venue}/"),
    ("liaison_a1", "/venues/mine/"),
    ("community_admin_a1", "/venues/desk/"),
    ("grid_worker_a1", "/venues/desk/"),
    ("liaison_a1", "/api/v1/venues/"),
    ("community_admin_a1", "/api/v1/venues/bookings/"),
    ("liaison_a1", "/api/v1/venues/{venue}/calendar/"),
]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _pile_up(world) -> None:
    """Three more venues in A1 and a dozen bookings across them and the first ones."""
    a1 = world.district.communities[0]
    for i in range(3):
        world.venues[f"more{i}"] = actions.venue_create(
            owner_area=a1, name=f"活动室{i}", kind="meeting_room", capacity=30,
            who_may_book="town", open_hours=EVERY_DAY, address="路", actor=system("test"),
        )  # fmt: skip
    for i, name in enumerate(["community", "unit", "more0", "more1", "more2"] * 2):
        book(world, name, "liaison_a1", days=2 + i % 4, start=9 + i, end=10 + i)
        book(world, name, "community_admin_a1", days=2 + i % 4, start=19, end=20)


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_queries_are_constant(client, world, django_assert_max_num_queries, persona, url):
    book(world, "community", "liaison_a1", days=5, start=8, end=9)  # lists are not empty
    client.force_login(world.personas[persona])
    target = url.format(venue=world.venues["community"].pk)
    client.get(target)  # warm caches (content types, session)
    few = _queries(client, target)
    _pile_up(world)
    with django_assert_max_num_queries(few):
        client.get(target)
