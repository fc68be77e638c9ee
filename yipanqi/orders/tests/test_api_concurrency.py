"""Simultaneous HTTP requests on one order (PostgreSQL): row locks make exactly one of them win.

50 members take the same open order at once → 1 × 200, 49 × 409 already_taken, no 5xx; a doubled
rating and a retried placement behave the same way. Each thread has its own API client and its own
database connection; a barrier releases them together.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from rest_framework.test import APIClient

from yipanqi.orders.choices import OrderStatus
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.tests.factories import make_members

pytestmark = pytest.mark.django_db(transaction=True)


def _all_at_once(users, request) -> list[tuple[int, str]]:
    """Send `request(client)` for every user in parallel; (status, error code) per answer."""
    barrier = threading.Barrier(len(users))

    def attempt(user):
        try:
            client = APIClient(raise_request_exception=False)
            client.force_authenticate(user)
            barrier.wait(timeout=30)
            response = request(client)
            body = (
                response.json() if response["Content-Type"].startswith("application/json") else {}
            )
            return response.status_code, body.get("code", ""), body.get("id")
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        return list(pool.map(attempt, users))


def test_fifty_members_take_one_order_at_once(postgres, world):
    users = make_members(world, 50)  # registered with A1, in no grid yet: all may claim in grid 1
    order = world.order_in("dispatched_open")

    results = _all_at_once(users, lambda c: c.post(f"/api/v1/orders/{order.pk}/take/"))

    statuses = sorted(status for status, _code, _id in results)
    assert statuses.count(200) == 1
    assert [code for status, code, _id in results if status != 200] == ["already_taken"] * 49
    assert statuses.count(409) == 49 and not [s for s in statuses if s >= 500]
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN
    assert order.events.filter(kind="taken").count() == 1


def test_a_rating_sent_twenty_times_at_once_counts_once(postgres, world):
    order = world.order_in("done")
    resident = world.personas["resident_a1"]

    results = _all_at_once(
        [resident] * 20,
        lambda c: c.post(
            f"/api/v1/orders/{order.pk}/rate/", {"score": 5, "solved": True}, format="json"
        ),
    )

    assert sorted(s for s, _c, _i in results) == [200] + [409] * 19
    assert {c for s, c, _i in results if s == 409} == {"already_rated"}
    assert order.ratings.count() == 1


def test_a_placement_retried_twenty_times_at_once_places_one_order(postgres, world):
    resident = world.personas["resident_a1"]
    body = {"category_id": world.category.pk, "grid_id": world.grid.pk, "description": "漏水"}

    results = _all_at_once(
        [resident] * 20,
        lambda c: c.post(
            "/api/v1/orders/", body, format="json", headers={"Idempotency-Key": "retry-42"}
        ),
    )

    assert {s for s, _c, _i in results} == {201}
    assert len({order_id for _s, _c, order_id in results}) == 1
    assert ServiceOrder.objects.filter(idempotency_key="retry-42").count() == 1
