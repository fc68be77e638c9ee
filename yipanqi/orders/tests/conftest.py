import datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone


@pytest.fixture
def world(district):
    """The orders world (category, members, residents, unit liaison) without orders."""
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.orders.tests.factories import build_orders_world

    return built_once("orders", build_orders_world, district)


@pytest.fixture(scope="module")
def shared_orders(django_db_setup, django_db_blocker):
    """One orders world with an order in every state, for a whole module, rolled back at the end.

    Each test still runs inside its own savepoint (request `db` too), so the transition a test
    makes is undone before the next one.
    """
    from yipanqi.orders.tests.factories import build_orders_world
    from yipanqi.organisations.tests.factories import build_district

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = build_orders_world(build_district(), with_orders=True)
            # once, not again in every test's savepoint (see the root conftest's fenghua_demo)
            connection.check_constraints()
            yield data
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_orders, db):
    return shared_orders


class Clock:
    """A frozen `timezone.now()` that tests move by hand."""

    def __init__(self, start: datetime.datetime) -> None:
        self.now = start

    def __call__(self) -> datetime.datetime:
        return self.now

    def set(self, when: datetime.datetime) -> None:
        self.now = when

    def advance(self, **delta: float) -> datetime.datetime:
        self.now += datetime.timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    """Freeze django.utils.timezone.now (used by the actions, escalation and audit) at 2021-06-01
    09:00 Beijing time."""
    start = datetime.datetime(2021, 6, 1, 1, 0, tzinfo=datetime.UTC)
    frozen = Clock(start)
    with mock.patch.object(timezone, "now", frozen):
        yield frozen
