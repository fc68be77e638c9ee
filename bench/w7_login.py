"""W7 of BENCHMARKS.md: a login wave while a brute-force attacker sends 50 wrong passwords a second.

Legitimate users exchange their passwords for API tokens, each from its own loopback address
(127.0.1.x, people on their own phones); the attacker (from 127.0.0.2) sends wrong passwords for one
victim and a spray over other names at a fixed rate, whatever the speed of the answers. The app runs
under gunicorn with the demo settings and the deployed token rate per address, so passwords are
hashed with the production hasher (PBKDF2) and the attacker meets every defence a deployment has.
Goals: legitimate p95 ≤ 1.5 s, and a locked attempt costs no password hash: its answers come back
far faster than one hash takes, measured here as the floor.

The wave is sized from that floor (decision 033): by default the legitimate sign-ins use 40 % of
the machine's hashing capacity (cores ÷ one hash), so the run asks what the attacker does to a
server that has room for its users, on whatever machine it runs; a wave beyond the cores measures
only that hashing queues. `--every` sets the wave by hand instead; `--lift-throttle` turns the
per-address token rate off, so that every guess reaches the lockout (its cost alone).

Other endpoints (R-ID-5: "50 wrong logins/s don't raise p95 on other endpoints"): signed-in
readers ask for their account (`GET /api/v1/auth/me/`) at a steady rate through two phases of
`--seconds` each, the sign-in wave alone, then the wave with the attacker; the attack may raise
their p95 by at most half, plus 20 ms of noise.
"""

import argparse
import http.client
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench import harness

PASSWORD = "Login-wave#2026"
ATTACKER = "127.0.0.2"


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="W7")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=8, help="legitimate users, one thread each")
    parser.add_argument("--rate", type=int, default=50, help="the attacker's requests a second")
    parser.add_argument(
        "--load", type=float, default=0.4, help="the wave's share of the hashing capacity"
    )
    parser.add_argument(
        "--every", type=float, default=0.0, help="seconds between one user's sign-ins (0: --load)"
    )
    parser.add_argument("--lift-throttle", action="store_true", help="no token rate per address")
    parser.add_argument("--readers", type=int, default=4, help="signed-in readers, one thread each")
    parser.add_argument("--read-every", type=float, default=0.2, help="seconds between reads")
    return parser.parse_args(argv)


def _seed(users: int) -> list[str]:
    from yipanqi.accounts import actions
    from yipanqi.accounts.models import AccountKind

    names = [f"wave{i}" for i in range(users)] + ["victim"]
    for name in names:
        actions.user_create(username=name, password=PASSWORD, actor=None, kind=AccountKind.PUBLIC)
    return names[:-1]


def _hash_ms(rounds: int = 3) -> float:
    """The floor: one hash with the configured (production) password hasher."""
    from django.contrib.auth.hashers import make_password

    started = time.perf_counter()
    for i in range(rounds):
        make_password(f"floor-{i}")
    return (time.perf_counter() - started) / rounds * 1000


def _every(options: argparse.Namespace, hash_ms: float) -> float:
    """Seconds between one user's sign-ins: the users together use `load` of the hashing capacity."""
    if options.every:
        return options.every
    capacity = (os.cpu_count() or 1) / (hash_ms / 1000)  # hashes a second, every core hashing
    return round(options.users / (options.load * capacity), 2)


def _attempt(address: str, username: str, password: str) -> tuple[int, float, str]:
    """One token request from the attacker's own loopback address: (status, seconds, code)."""
    host, port = address.split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), 30, source_address=(ATTACKER, 0))
    try:
        body = json.dumps({"username": username, "password": password})
        connection.request(
            "POST", "/api/v1/auth/token/", body, {"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        status, raw = response.status, response.read()
    except (OSError, http.client.HTTPException):
        status, raw = 0, b""
    finally:
        connection.close()
    return status, time.perf_counter() - started, _code(raw)


def _code(raw: bytes) -> str:
    """The error code of a refusal (locked_out, throttled, invalid_credentials …)."""
    try:
        return str(json.loads(raw).get("code", ""))
    except (ValueError, AttributeError):
        return ""


def _attack(address: str, rate: int, until: float, out: list) -> None:
    def guess(n: int) -> None:
        name = "victim" if n % 2 else f"sprayed{n % 40}"
        out.append(_attempt(address, name, f"guess-{n}"))

    with ThreadPoolExecutor(max_workers=64) as pool:
        n, started = 0, time.monotonic()
        while time.monotonic() < until:
            pool.submit(guess, n)
            n += 1
            time.sleep(max(0.0, started + n / rate - time.monotonic()))


def _sign_in(address: str, name: str, every: float, until: float, out: list, offset=0.0) -> None:
    """One user signing in every `every` seconds (a wave of people, not a closed loop that would
    measure only how many hashes two cores can do). The users start `offset` apart: people arrive
    one after another, not all in the same millisecond (that would measure a burst of hashes)."""
    client = harness.Client(address, source=f"127.0.1.{int(name.removeprefix('wave')) + 1}")
    next_at = time.monotonic() + offset
    while next_at < until:
        time.sleep(max(0.0, next_at - time.monotonic()))
        started = time.perf_counter()
        status, _ = client.call(
            "POST", "/api/v1/auth/token/", {"username": name, "password": PASSWORD}
        )
        out.append((status, time.perf_counter() - started))
        next_at += every


def _read(address: str, token: str, every: float, until: float, out: list) -> None:
    """One signed-in user asking for their account every `every` seconds."""
    client = harness.Client(address)
    next_at = time.monotonic()
    while next_at < until:
        time.sleep(max(0.0, next_at - time.monotonic()))
        started = time.perf_counter()
        status, _ = client.call("GET", "/api/v1/auth/me/", token=token)
        out.append((status, time.perf_counter() - started))
        next_at += every


def _tokens(address: str, names: list[str], count: int) -> list[str]:
    client = harness.Client(address)
    body = {"password": PASSWORD}
    return [
        client.call("POST", "/api/v1/auth/token/", {**body, "username": names[i % len(names)]})[1][
            "token"
        ]
        for i in range(count)
    ]


def _phase(address: str, options, names: list[str], tokens: list[str], attacked: bool) -> dict:
    until = time.monotonic() + options.seconds
    out: dict[str, list] = {"legit": [], "attack": [], "other": []}
    gap = options.every / max(1, len(names))
    threads = [
        threading.Thread(
            target=_sign_in, args=(address, n, options.every, until, out["legit"], i * gap)
        )
        for i, n in enumerate(names)
    ]
    threads += [
        threading.Thread(target=_read, args=(address, t, options.read_every, until, out["other"]))
        for t in tokens
    ]
    if attacked:
        threads.append(
            threading.Thread(target=_attack, args=(address, options.rate, until, out["attack"]))
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def run(argv: list[str]) -> dict[str, Any]:
    options = _options(argv)
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    with harness.throwaway_database("yipanqi_bench_w7") as url:
        env = harness.app_env(url)
        if options.lift_throttle:  # accounts.api.views.TokenRateThrottle off: the lockout alone
            env["YIPANQI_TOKEN_RATE"] = "1000000/min"
        harness.setup_django(env)
        names = _seed(options.users)
        floor = _hash_ms()
        options.every = _every(options, floor)
        with harness.served(env, harness.RESULTS / "W7-server.log") as address:
            tokens = _tokens(address, names, options.readers)
            quiet = _phase(address, options, names, tokens, attacked=False)
            wave = _phase(address, options, names, tokens, attacked=True)
    return _result(options, quiet, wave, floor)


def _p95_ms(calls: list) -> float:
    return round(harness.percentile([s for status, s in calls if status == 200], 0.95) * 1000, 1)


def _result(options: argparse.Namespace, quiet: dict, wave: dict, floor: float) -> dict:
    legit, attack, other = wave["legit"], wave["attack"], wave["other"]
    ok = [seconds for status, seconds in legit if status == 200]
    locked = [seconds for status, seconds, _code in attack if status in (403, 429)]
    statuses: dict[str, int] = {}
    for status, _seconds, code in attack:
        statuses[f"{status} {code}".strip()] = statuses.get(f"{status} {code}".strip(), 0) + 1
    refused: dict[str, int] = {}
    for status, _seconds in legit:
        if status != 200:
            refused[str(status)] = refused.get(str(status), 0) + 1
    result = {
        "seconds": options.seconds,
        "cores": os.cpu_count(),
        "throttle_lifted": options.lift_throttle,
        "legitimate_rate_per_s": round(options.users / options.every, 2),
        "legitimate_hashing_cores": round(options.users / options.every * floor / 1000, 2),
        "legitimate_ms_p95_quiet": _p95_ms(quiet["legit"]),
        "legitimate_sent": len(legit),
        "legitimate_ok": len(ok),
        "legitimate_refused": refused,
        "legitimate_ms_p50": round(harness.percentile(ok, 0.5) * 1000, 1),
        "legitimate_ms_p95": round(harness.percentile(ok, 0.95) * 1000, 1),
        "attack_sent": len(attack),
        "attack_rate_per_s": round(len(attack) / options.seconds, 1),
        "attack_statuses": statuses,
        "locked_ms_p50": round(harness.percentile(locked, 0.5) * 1000, 1),
        "one_hash_ms": round(floor, 1),
        "other_sent": len(other),
        "other_ok": sum(1 for status, _s in other if status == 200),
        "other_ms_p95_quiet": _p95_ms(quiet["other"]),
        "other_ms_p95_attacked": _p95_ms(other),
    }
    result["passed"] = (
        len(ok) == len(legit) > 0
        and result["legitimate_ms_p95"] <= 1500
        and bool(locked)
        and result["locked_ms_p50"] < floor / 2
        and result["other_ok"] == len(other) > 0
        and result["other_ms_p95_attacked"] <= 1.5 * result["other_ms_p95_quiet"] + 20
    )
    return result


def summary(r: dict[str, Any]) -> str:
    return (
        f"W7 {r['legitimate_rate_per_s']}/s sign-ins ({r['legitimate_hashing_cores']} of "
        f"{r['cores']} cores hashing): p95 {r['legitimate_ms_p95_quiet']:.0f} ms quiet, "
        f"{r['legitimate_ms_p95']:.0f} ms attacked "
        f"({r['legitimate_ok']}/{r['legitimate_sent']} signed in); attacker "
        f"{r['attack_rate_per_s']:.0f}/s, locked answers p50 {r['locked_ms_p50']:.0f} ms vs one hash "
        f"{r['one_hash_ms']:.0f} ms; other endpoint p95 {r['other_ms_p95_quiet']:.0f} ms quiet, "
        f"{r['other_ms_p95_attacked']:.0f} ms attacked → {'PASS' if r['passed'] else 'FAIL'}"
    )
