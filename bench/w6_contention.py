"""W6 (../shared/BENCHMARKS.md): 50 clients take the same service order at once, and 50 book the
same venue slot at once — over HTTP, to gunicorn, on PostgreSQL.

A throwaway database gets the factory district, the orders world with `--clients` party members
registered with 奉中社区 (each may claim an open order there), and the venues world with as many
community administrators of 奉中社区 (each books for the community). Every client has its own API
token and its own keep-alive connection, opened and warmed with a GET before the round; a barrier
then releases all the claims together. Each of `--rounds` rounds uses a new dispatched order and a
new slot of the unit's auto-approved hall.

Goal, per round: exactly 1 success (200 taken / 201 booked), the rest clean conflicts (409
`already_taken` / `booking_overlap`), no 5xx and no dropped connection; and the database holding
one taker and one `taken` event for the order, one held booking for the slot.
"""

import argparse
import secrets
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench import harness

CLEAN = {"order": (200, "already_taken"), "slot": (201, "booking_overlap")}


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench W6")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    return parser.parse_args(argv)


def _bookers(world: Any, count: int) -> list[Any]:
    from yipanqi.accounts.actions import user_create
    from yipanqi.core.actors import system
    from yipanqi.organisations import actions as org_actions
    from yipanqi.organisations.choices import Role

    users = []
    for i in range(count):
        user = user_create(
            username=f"w6booker{i:02d}",
            password=secrets.token_urlsafe(16) + "#Aa1",
            actor=None,
            validate=False,
        )
        org_actions.role_grant_create(user=user, role=Role.COMMUNITY_ADMIN,
                                      area=world.district.communities[0], actor=system("w6"))  # fmt: skip
        users.append(user)
    return users


def _seed(clients: int, rounds: int) -> dict[str, Any]:
    """Both worlds; per client a token (and a booker's key); one order and one slot per round."""
    from yipanqi.accounts.actions import token_issue
    from yipanqi.orders.tests.factories import build_orders_world, make_members
    from yipanqi.organisations.tests.factories import build_district
    from yipanqi.venues.booker import booker_options
    from yipanqi.venues.tests.factories import build_venue_world, local

    district = build_district()
    orders_world = build_orders_world(district)
    members = make_members(orders_world, clients)
    venues_world = build_venue_world(district)
    bookers = _bookers(venues_world, clients)
    return {
        "members": [token_issue(user=u, name="w6") for u in members],
        "bookers": [(token_issue(user=u, name="w6"), booker_options(user=u)[0].key) for u in bookers],
        "orders": [orders_world.order_in("dispatched_open").pk for _ in range(rounds)],
        "venue": venues_world.venues["unit"].pk,
        "slots": [(local(3 + r, 10).isoformat(), local(3 + r, 12).isoformat()) for r in range(rounds)],
    }  # fmt: skip


def _all_at_once(address: str, requests: list[tuple[str, str, Any, str]]) -> list[tuple[int, str]]:
    """Each (method, path, body, token) from its own thread and connection, released together."""
    client = harness.Client(address, timeout=120)
    barrier = threading.Barrier(len(requests))

    def one(request: tuple[str, str, Any, str]) -> tuple[int, str]:
        method, path, body, token = request
        client.call("GET", "/api/v1/auth/me/", None, token)  # the connection, open and warm
        barrier.wait(timeout=120)
        status, answer = client.call(method, path, body, token)
        return status, (answer or {}).get("code", "") if isinstance(answer, dict) else ""

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(one, requests))


def _take(address: str, seed: dict[str, Any], order_id: int) -> list[tuple[int, str]]:
    path = f"/api/v1/orders/{order_id}/take/"
    return _all_at_once(address, [("POST", path, {}, token) for token in seed["members"]])


def _book(address: str, seed: dict[str, Any], slot: tuple[str, str]) -> list[tuple[int, str]]:
    path = f"/api/v1/venues/{seed['venue']}/bookings/"
    requests = [
        ("POST", path, {"booker": key, "starts_at": slot[0], "ends_at": slot[1],
                        "purpose": "W6 同一时段", "headcount": 5}, token)
        for token, key in seed["bookers"]
    ]  # fmt: skip
    return _all_at_once(address, requests)


def _stored_order(order_id: int) -> dict[str, Any]:
    from yipanqi.orders.models import ServiceOrder

    order = ServiceOrder.objects.get(pk=order_id)
    return {"status": order.status, "taken_events": order.events.filter(kind="taken").count()}


def _stored_slot(venue_id: int, slot: tuple[str, str]) -> dict[str, Any]:
    from yipanqi.venues.choices import BookingStatus
    from yipanqi.venues.models import Booking

    held = Booking.objects.filter(
        venue_id=venue_id, starts_at=slot[0], status=BookingStatus.APPROVED
    )
    return {"held": held.count()}


def _round(kind: str, answers: list[tuple[int, str]], stored: dict[str, Any]) -> dict[str, Any]:
    won, conflict = CLEAN[kind]
    statuses = Counter(status for status, _code in answers)
    codes = Counter(code for status, code in answers if status != won)
    clean = (statuses[won] == 1 and codes == Counter({conflict: len(answers) - 1})
             and statuses[409] == len(answers) - 1)  # fmt: skip
    database = stored.get("held", 1) == 1 and stored.get("taken_events", 1) == 1
    return {
        "kind": kind, "statuses": dict(sorted(statuses.items())), "codes": dict(codes),
        "server_errors": sum(n for s, n in statuses.items() if s >= 500),
        "dropped": statuses.get(0, 0), "stored": stored, "passed": clean and database,
    }  # fmt: skip


def run(argv: list[str]) -> dict[str, Any]:
    options = _options(argv)
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    log = harness.RESULTS / "W6-server.log"
    rounds, began = [], time.monotonic()
    with harness.throwaway_database("yipanqi_bench_w6") as url:
        env = harness.app_env(url)
        harness.setup_django(env)
        seed = _seed(options.clients, options.rounds)
        with harness.served(env, log, options.workers, options.threads) as address:
            for order_id, slot in zip(seed["orders"], seed["slots"], strict=True):
                rounds.append(
                    _round("order", _take(address, seed, order_id), _stored_order(order_id))
                )
                rounds.append(
                    _round("slot", _book(address, seed, slot), _stored_slot(seed["venue"], slot))
                )
    return {
        "clients": options.clients, "rounds": rounds, "seconds": round(time.monotonic() - began, 1),
        "gunicorn": {"workers": options.workers, "threads": options.threads},
        "passed": all(r["passed"] for r in rounds),
    }  # fmt: skip


def summary(r: dict[str, Any]) -> str:
    def side(kind: str) -> str:
        mine = [x for x in r["rounds"] if x["kind"] == kind]
        won, conflict = CLEAN[kind]
        wins = sorted({x["statuses"].get(won, 0) for x in mine})
        return (f"{kind}: {sum(x['passed'] for x in mine)}/{len(mine)} rounds clean "
                f"(winners per round {wins}, {conflict} otherwise, "
                f"5xx {sum(x['server_errors'] for x in mine)}, dropped {sum(x['dropped'] for x in mine)})")  # fmt: skip

    verdict = "PASS" if r["passed"] else "FAIL"
    return f"W6 {verdict} — {r['clients']} clients at once; {side('order')}; {side('slot')}"
