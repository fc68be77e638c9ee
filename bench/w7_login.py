"""W7 of BENCHMARKS.md: a login wave while a brute-force attacker sends 50 wrong passwords a second.

Legitimate users (from 127.0.0.1) exchange their passwords for API tokens in a loop; an attacker
(from 127.0.0.2, another loopback address, so that only the attacker's address gets locked) sends
wrong passwords for one victim and a spray over other names at 50 requests a second. The server is
gunicorn (gthread) on a fresh SQLite database with the demo settings, so passwords are hashed with
the production hasher (PBKDF2). Goals: legitimate p95 ≤ 1.5 s, and a locked attempt costs no
password hash — its answer comes back far faster than one hash takes (the floor, measured here).
"""

import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import env_for, gunicorn, timed_hash_ms, write_result, yipanqi

USERS = 8
PASSWORD = "Login-wave#2026"
ATTACK_RATE = 50  # requests a second
SETUP = """
from yipanqi.accounts import actions
from yipanqi.accounts.models import AccountKind
for name in {names!r}:
    actions.user_create(username=name, password={password!r}, actor=None, kind=AccountKind.PUBLIC)
"""


def _post(port: int, body: dict, source: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        headers = {"Content-Type": "application/json"}
        conn.request("POST", "/api/v1/auth/token/", json.dumps(body), headers)
        status = conn.getresponse().status
    finally:
        conn.close()
    return status, time.perf_counter() - started


def _legitimate(port: int, name: str, until: float, out: list) -> None:
    while time.monotonic() < until:
        out.append(_post(port, {"username": name, "password": PASSWORD}, "127.0.0.1"))


def _attacker(port: int, until: float, out: list) -> None:
    """50 requests a second whatever the answers' speed (up to 64 in flight, then it waits)."""

    def guess(n: int) -> None:
        victim = "user0" if n % 2 else f"sprayed{n % 40}"
        out.append(_post(port, {"username": victim, "password": f"guess{n}"}, "127.0.0.2"))

    with ThreadPoolExecutor(max_workers=64) as pool:
        n, started = 0, time.monotonic()
        while time.monotonic() < until:
            pool.submit(guess, n)
            n += 1
            time.sleep(max(0.0, started + n / ATTACK_RATE - time.monotonic()))


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def run(seconds: int = int(os.environ.get("W7_SECONDS", "30"))) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="w7-"))
    env = env_for(f"sqlite:///{folder / 'db.sqlite3'}")
    yipanqi(["migrate", "-v", "0"], env)
    names = [f"user{i}" for i in range(USERS)]
    yipanqi(["shell", "-c", SETUP.format(names=names, password=PASSWORD)], env)
    port, server = gunicorn(env)
    legit: list = []
    attack: list = []
    try:
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_attacker, args=(port, until, attack))]
        threads += [
            threading.Thread(target=_legitimate, args=(port, n, until, legit)) for n in names[1:]
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return _summary(legit, attack, seconds)


def _summary(legit: list, attack: list, seconds: int) -> dict:
    ok = [s for status, s in legit if status == 200]
    refused = [s for status, s in attack if status in (403, 429)]
    hash_ms = timed_hash_ms()
    result = {
        "workload": "W7",
        "seconds": seconds,
        "legitimate": {"sent": len(legit), "ok": len(ok), "p50_ms": _p(ok, 50) * 1000},
        "legitimate_p95_ms": _p(ok, 95) * 1000,
        "attack": {
            "sent": len(attack),
            "rate_per_s": len(attack) / seconds,
            "statuses": _counts(attack),
            "locked_p50_ms": _p(refused, 50) * 1000 if refused else None,
        },
        "one_password_hash_ms": hash_ms,
    }
    locked = result["attack"]["locked_p50_ms"]
    result["passed"] = (
        len(ok) == len(legit)
        and result["legitimate_p95_ms"] <= 1500
        and locked is not None
        and locked < hash_ms / 2
    )
    result["summary"] = (
        f"W7 legit p95 {result['legitimate_p95_ms']:.0f} ms ({len(ok)}/{len(legit)} ok); "
        f"attacker {result['attack']['rate_per_s']:.0f}/s, locked p50 {locked or 0:.0f} ms "
        f"vs one hash {hash_ms:.0f} ms → {'PASS' if result['passed'] else 'FAIL'}"
    )
    return result


def _counts(answers: list) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status, _seconds in answers:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return counts


if __name__ == "__main__":
    write_result(run())
