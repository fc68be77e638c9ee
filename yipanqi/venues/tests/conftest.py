import datetime
from unittest import mock

import pytest
from django.utils import timezone


@pytest.fixture
def world(district):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.venues.tests.factories import build_venue_world

    return built_once("venues", build_venue_world, district)


@pytest.fixture
def at():
    """Freeze `timezone.now()` at a given aware time (check-in, no-show, use come later)."""
    patches = []

    def freeze(moment: datetime.datetime) -> None:
        patch = mock.patch.object(timezone, "now", lambda: moment)
        patch.start()
        patches.append(patch)

    yield freeze
    for patch in reversed(patches):  # last in, first out: each restores what it replaced
        patch.stop()


@pytest.fixture(scope="module")
def shared_venues(django_db_setup, django_db_blocker):
    """One venue world for a module, rolled back at the end; each test runs in its own
    savepoint (request `db` too), so what it writes is undone before the next one."""
    from django.db import transaction

    from yipanqi.organisations.tests.factories import build_district
    from yipanqi.venues.tests.factories import book, build_venue_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_venue_world(build_district())
            world.bookings = {
                "a1_room": book(world, "community", "liaison_a1"),
                "unit_room": book(world, "unit", "liaison_b1"),
                "b1_court": book(world, "other", "community_admin_b1"),
            }
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_venues, db):
    return shared_venues
