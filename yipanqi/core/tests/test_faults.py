"""Faults (R-AV-3, #18), on PostgreSQL, against a served copy of the app on this test database.

- The server is killed with SIGKILL in the middle of a burst of order placements and visit
  recordings sent with Idempotency-Keys; after a restart the client retries everything: every write
  that was answered is still there, and no key wrote twice.
- The database is cut off while a request waits for it: that request and every later one answer
  503 with a clear page (JSON under /api/), never a stack trace; when the database is back the app
  serves again without a restart.

The tests are transactional, so the served copy sees the rows they make.
"""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from yipanqi.accounts import actions as account_actions
from yipanqi.core.models import AuditEvent
from yipanqi.core.tests.faults import Relay, database_url, kill, send, serve
from yipanqi.grid.models import Visit
from yipanqi.grid.tests.factories import build_grid_world
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world

pytestmark = pytest.mark.django_db(transaction=True)

ORDERS = 40


def _bearer(user) -> dict:
    key = account_actions.token_issue(user=user, name="fault test")
    return {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


def _writes(district) -> list[tuple[str, str, bytes, dict]]:
    """(key, path, body, headers) of every write of the burst: orders first, then visits."""
    orders, grid = build_orders_world(district), build_grid_world(district)
    resident = _bearer(district.personas["resident_a1"])
    worker = _bearer(district.personas["grid_worker_a1"])
    place = {
        "category_id": orders.category.pk,
        "grid_id": orders.grid.pk,
        "description": "路灯坏了",
    }
    writes = [
        (f"order-{i}", "/api/v1/orders/", json.dumps(place).encode(), resident)
        for i in range(ORDERS)
    ]
    visits = f"/api/v1/grid/campaigns/{grid.sweep.pk}/visits/"
    for i in range(6):  # the six households of grid 0
        target = grid.target(index=i).pk
        body = {"target_id": target, "outcome": "visited", "answers": grid.answers()}
        writes.append((f"visit-{i}", visits, json.dumps(body).encode(), worker))
    return writes


def _post(url: str, write) -> tuple[str, int, int | None]:
    key, path, body, headers = write
    answer = send(url + path, data=body, headers={**headers, "Idempotency-Key": key})
    written = json.loads(answer.body)["id"] if answer.status in (200, 201) else None
    return key, answer.status, written


def test_a_server_killed_mid_burst_loses_nothing_answered_and_writes_nothing_twice(
    postgres, district
):
    writes = _writes(district)
    url, server = serve(database_url())
    answered: dict[str, int] = {}
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(_post, url, write) for write in writes]
            while sum(f.done() for f in futures) < len(writes) // 3:
                time.sleep(0.01)
            kill(server)
            for key, _status, written in (f.result() for f in futures):
                if written:
                    answered[key] = written
        assert 0 < len(answered) < len(writes), "the kill came in the middle of the burst"
        url, server = serve(database_url())
        retried = {key: written for key, _status, written in (_post(url, w) for w in writes)}
    finally:
        kill(server)

    assert None not in retried.values(), "every retry is answered with what it wrote"
    assert {k: retried[k] for k in answered} == answered  # nothing answered was lost
    placed = ServiceOrder.objects.filter(idempotency_key__startswith="order-")
    assert placed.count() == ORDERS == len({retried[f"order-{i}"] for i in range(ORDERS)})
    assert sorted(placed.values_list("pk", flat=True)) == sorted(
        retried[f"order-{i}"] for i in range(ORDERS)
    )
    assert Visit.objects.count() == 6
    assert AuditEvent.objects.filter(action="grid.visit.recorded").count() == 6
    assert AuditEvent.objects.filter(action="orders.order.placed").count() == ORDERS


def _signed_in_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def test_the_database_cut_off_mid_request_answers_503_and_the_app_recovers_by_itself(
    postgres, district
):
    admin = district.personas["community_admin_a1"]
    api = {"Authorization": _bearer(admin)["Authorization"]}
    page = _signed_in_cookie(admin)
    s = connection.settings_dict
    relay = Relay((s["HOST"], int(s["PORT"])))
    url, server = serve(database_url("127.0.0.1", relay.port))
    try:
        assert send(url + "/api/v1/orders/", headers=api).status == 200
        assert send(url + "/people/", headers=page).status == 200

        relay.hold()
        in_flight: list = []
        request = threading.Thread(
            target=lambda: in_flight.append(send(url + "/api/v1/orders/", headers=api))
        )
        request.start()
        assert relay.sent_while_held.wait(timeout=10), "the request reached the database"
        relay.cut()
        request.join(timeout=30)
        _assert_unavailable_json(in_flight[0])
        _assert_unavailable_json(send(url + "/api/v1/orders/", headers=api))
        _assert_unavailable_page(send(url + "/people/", headers=page))

        relay.restore()
        assert send(url + "/api/v1/orders/", headers=api).status == 200
        assert send(url + "/people/", headers=page).status == 200
    finally:
        kill(server)
        relay.cut()


def _assert_unavailable_json(answer) -> None:
    assert answer.status == 503 and answer.headers["Retry-After"] == "30"
    assert json.loads(answer.body)["code"] == "service_unavailable"


def _assert_unavailable_page(answer) -> None:
    text = answer.body.decode()
    assert answer.status == 503 and answer.headers["Retry-After"] == "30"
    assert "<main" in text and "Traceback" not in text and "psycopg" not in text
