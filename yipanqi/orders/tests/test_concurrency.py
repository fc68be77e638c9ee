"""Only one member can take an order, and an order is rated once — under 50 simultaneous attempts.

PostgreSQL only: SQLite lets one writer in at a time, so nothing would race there. Each attempt runs
in its own thread with its own database connection; the test is transactional so the threads see the
committed world, and the flush afterwards (TRUNCATE on PostgreSQL) clears the append-only audit table.
"""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from yipanqi.core.audit import verify_chain
from yipanqi.core.errors import Conflict
from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind, EventKind, OrderStatus
from yipanqi.orders.models import OrderEvent, OrderRating, ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world, make_members

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so concurrent attempts cannot race",
    ),
    pytest.mark.django_db(transaction=True),
]
ATTEMPTS = 50


def race(calls: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Run each call in its own thread (own connection), all released at once; collect outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, Any]] = [("not run", None)] * len(calls)

    def attempt(i: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=60)
            outcomes[i] = ("ok", calls[i]())
        except Conflict as exc:
            outcomes[i] = ("conflict", exc.code)
        except Exception as exc:  # noqa: BLE001 — any other outcome is reported by the test
            outcomes[i] = ("error", repr(exc))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_fifty_members_take_one_order_at_once_exactly_one_wins(district):
    # given: an order open for claiming in A1 and 50 members registered with A1
    world = build_orders_world(district)
    takers = make_members(world, ATTEMPTS)
    order = world.order_in("accepted")
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.OPEN, claim_area=world.a1, actor=world.admin()
    )

    # when: all of them take it at the same moment
    outcomes = race([lambda u=user: actions.order_take(order=order, actor=u) for user in takers])

    # then: one owner, 49 clear conflicts, nothing else
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds == {"ok": 1, "conflict": ATTEMPTS - 1}, [o for o in outcomes if o[0] == "error"]
    assert {code for kind, code in outcomes if kind == "conflict"} == {"already_taken"}
    winner = next(result for kind, result in outcomes if kind == "ok")
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN
    assert order.taker_user_id == winner.taker_user_id and order.taker_id == winner.taker_id
    assert OrderEvent.objects.filter(order=order, kind=EventKind.TAKEN).count() == 1
    assert verify_chain().ok


def test_fifty_ratings_of_one_order_at_once_make_one_rating(district):
    # given: a done order (a resident double-, triple-, … submitting the rating form)
    world = build_orders_world(district)
    order = world.order_in("done")
    resident = world.personas["resident_a1"]

    # when
    outcomes = race(
        [
            lambda: actions.order_rate(order=order, score=5, solved=True, actor=resident)
            for _ in range(ATTEMPTS)
        ]
    )

    # then
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds == {"ok": 1, "conflict": ATTEMPTS - 1}, [o for o in outcomes if o[0] == "error"]
    assert {code for kind, code in outcomes if kind == "conflict"} == {"already_rated"}
    assert OrderRating.objects.filter(order=order).count() == 1
    assert ServiceOrder.objects.get(pk=order.pk).status == OrderStatus.CLOSED
    assert OrderEvent.objects.filter(order=order, kind=EventKind.CLOSED).count() == 1
    member = world.members["party_member_a1"]
    assert member.ledger_entries.count() == 2  # hours and points, once
    assert verify_chain().ok
