import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone


@pytest.fixture
def world(district):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.grid.tests.factories import build_grid_world

    return built_once("grid", build_grid_world, district)


@pytest.fixture(scope="module")
def shared_grid(django_db_setup, django_db_blocker):
    """One grid world for a whole module of tests, rolled back at the end; each test still runs
    in its own savepoint (request `db` too), so what it writes is undone before the next one."""
    from yipanqi.grid.tests.factories import build_grid_world
    from yipanqi.organisations.tests.factories import build_district

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_grid_world(build_district())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_grid, db):
    return shared_grid


class Clock:
    """A frozen `timezone.now()` that tests move by hand."""

    def __init__(self, start: datetime.datetime) -> None:
        self.now = start

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> datetime.datetime:
        self.now += datetime.timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    frozen = Clock(datetime.datetime(2021, 6, 1, 1, 0, tzinfo=datetime.UTC))
    with mock.patch.object(timezone, "now", frozen):
        yield frozen
