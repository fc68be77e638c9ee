"""Twenty identical visit submissions at once (a phone retrying on a poor signal) store one visit.

PostgreSQL only: SQLite lets one writer in at a time, so nothing would race there. Each attempt runs
in its own thread with its own connection; the test is transactional so the threads see the world.
"""

import threading
from collections import Counter

import pytest
from django.db import connection

from yipanqi.core.audit import verify_chain
from yipanqi.core.models import AuditEvent
from yipanqi.grid import actions
from yipanqi.grid.models import Target, Visit
from yipanqi.grid.tests.factories import build_grid_world

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so concurrent submissions cannot race",
    ),
    pytest.mark.django_db(transaction=True),
]
ATTEMPTS = 20


def test_twenty_identical_submissions_store_one_visit(district):
    world = build_grid_world(district)
    target, worker = world.target(), world.personas["grid_worker_a1"]
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list = [None] * ATTEMPTS

    def attempt(i: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=60)
            visit = actions.visit_record(
                target=target, outcome="visited", answers=world.answers(), actor=worker,
                idempotency_key="same-key",
            )  # fmt: skip
            outcomes[i] = ("ok", visit.pk)
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            outcomes[i] = ("error", repr(exc))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert Counter(kind for kind, _ in outcomes) == {"ok": ATTEMPTS}, outcomes
    assert len({pk for _, pk in outcomes}) == 1
    assert Visit.objects.filter(target=target).count() == 1
    assert AuditEvent.objects.filter(action="grid.visit.recorded").count() == 1
    assert Target.objects.get(pk=target.pk).outcome == "visited"
    assert verify_chain().ok


def test_twenty_different_submissions_for_one_household_store_one_visit(district):
    world = build_grid_world(district)
    target, worker = world.target(), world.personas["grid_worker_a1"]
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list = [None] * ATTEMPTS

    def attempt(i: int) -> None:
        from django.db import connection as thread_connection

        from yipanqi.core.errors import Conflict

        try:
            barrier.wait(timeout=60)
            actions.visit_record(
                target=target, outcome="refused", actor=worker, idempotency_key=f"k{i}"
            )
            outcomes[i] = "ok"
        except Conflict as exc:
            outcomes[i] = exc.code
        except Exception as exc:  # noqa: BLE001
            outcomes[i] = repr(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert Counter(outcomes) == {"ok": 1, "already_visited": ATTEMPTS - 1}
    assert Visit.objects.filter(target=target).count() == 1
