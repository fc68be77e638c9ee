"""W1 (../shared/BENCHMARKS.md): scoped lists, 20 rows a page, as a grid worker, a community
admin, a street admin and the district admin — through the served app, against a floor.

Data: the Fenghua demo (`--scale district`: a whole district) built by the demo's own command into
a PostgreSQL database that is kept and reused (`bench_w1_<scale>`; built when missing or with
`--rebuild`, several minutes). Personas: the demo's accounts (organisations.demo_accounts) for
奉中社区第一网格, 奉中社区, 锦屏街道 and 奉化区, each with an API token issued for the run.

Ours: the app under gunicorn (config/gunicorn.conf.py), full middleware, bearer-token auth.
The floor, measured alongside: for each (persona, list) the SQL statements our view ran for that
request, captured in-process, replayed by a bare WSGI app (bench/bare_sql.py) that answers
`json.dumps` of the rows. The two are measured in alternating short rounds (N client threads, one
keep-alive connection each), so that drift on this shared machine falls on both alike.

Reported per pair: requests/s, p50 and p95 of each side, the ratio ours/floor, the number of
queries ours ran, and the plans of the page and count queries (seq scans named). Goals: ratio
≥ 0.6 for every pair, ≤ 5 queries per request, and a grid worker's p50 ≤ 100 ms.
"""

import argparse
import json
import subprocess
import sys
import threading
import time
from typing import Any

from bench import bare_sql, harness, list_queries

GOAL_RATIO = 0.6
GOAL_QUERIES = 5
GOAL_GRID_P50_MS = 100.0
PERSONAS = {  # persona → demo account (organisations.demo_accounts.DEMO_ACCOUNTS)
    "grid": "jp_fengzhong_grid",
    "community": "jp_fengzhong_admin",
    "street": "jp_admin",
    "district": "district_admin",
}
ENDPOINTS = {  # the lists that grow with the district; {campaign}: the sweep in the persona's view
    "orders": "/api/v1/orders/",
    "persons": "/api/v1/people/persons/",
    "households": "/api/v1/people/households/",
    "members": "/api/v1/people/members/",
    "incidents": "/api/v1/grid/incidents/",
    "visits": "/api/v1/grid/campaigns/{campaign}/visits/",
    "areas": "/api/v1/areas/",
}
COUNTED = (  # the main tables, counted into the result (app label, model)
    ("organisations", "Area"), ("accounts", "User"), ("organisations", "RoleGrant"),
    ("people", "Household"), ("people", "Person"), ("people", "PartyMember"),
    ("orders", "ServiceOrder"), ("orders", "OrderEvent"), ("grid", "Campaign"),
    ("grid", "Target"), ("grid", "Visit"), ("grid", "Incident"), ("core", "AuditEvent"),
)  # fmt: skip


def _names(value: str, known: dict[str, str]) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown {unknown}; known: {', '.join(known)}")
    return names


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench W1")
    parser.add_argument("--scale", choices=("fenghua", "district"), default="fenghua")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the kept demo database")
    parser.add_argument("--seconds", type=float, default=3, help="seconds per round and side")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per pair")
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both sides")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker, both sides")
    parser.add_argument("--personas", type=lambda v: _names(v, PERSONAS), default=list(PERSONAS))
    parser.add_argument("--endpoints", type=lambda v: _names(v, ENDPOINTS), default=list(ENDPOINTS))
    return parser.parse_args(argv)


def _database(scale: str, rebuild: bool) -> tuple[str, float | None]:
    """The kept demo database's URL, built first when missing (or asked); (url, build seconds)."""
    import psycopg

    name = f"bench_w1_{scale}"
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(harness.PG_ADMIN, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    if not rebuild and _built(url):
        return url, None
    began = time.monotonic()
    command = [sys.executable, "manage.py", "demo", "--no-serve", "--scale", scale]
    with (harness.RESULTS / "W1-build.log").open("ab") as log:
        done = subprocess.run(command, cwd=harness.ROOT, env=harness.app_env(url), stdout=log,
                              stderr=subprocess.STDOUT, check=False)  # fmt: skip
    if done.returncode != 0 or not _built(url):
        raise RuntimeError("the demo build failed; see bench/results/W1-build.log")
    return url, round(time.monotonic() - began, 1)


def _built(url: str) -> bool:
    """The demo is built in one transaction after the migrations: its accounts mean it is whole."""
    import psycopg

    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass('accounts_user')").fetchone()[0] is None:
            return False
        found = connection.execute(
            "SELECT 1 FROM accounts_user WHERE username = %s", [PERSONAS["district"]]
        )
        return found.fetchone() is not None


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {f"{app}.{model}": apps.get_model(app, model).objects.count() for app, model in COUNTED}


def _paths(personas: list[str], endpoints: list[str]) -> dict[str, Any]:
    """Each persona's user, token and list paths (visits: the first sweep in their view)."""
    from yipanqi.accounts.actions import token_issue
    from yipanqi.accounts.models import User
    from yipanqi.grid.selectors import campaign_list

    out = {}
    for persona in personas:
        user = User.objects.get(username=PERSONAS[persona])
        campaign = campaign_list(user=user).order_by("pk").values_list("pk", flat=True).first()
        paths = {e: ENDPOINTS[e].format(campaign=campaign) for e in endpoints}
        if campaign is None:
            paths.pop("visits", None)
        out[persona] = {"user": user, "token": token_issue(user=user, name="bench W1"),
                        "paths": paths}  # fmt: skip
    return out


def _revoke(personas: dict[str, Any]) -> None:
    from yipanqi.accounts.actions import token_revoke
    from yipanqi.accounts.models import ApiToken, hash_key

    for p in personas.values():
        token = ApiToken.objects.get(key_hash=hash_key(p["token"]))
        token_revoke(token=token, actor=p["user"])


def _pairs(personas: dict[str, Any]) -> list[dict[str, Any]]:
    """One pair per (persona, list): what the view ran, and the plans of its main queries."""
    pairs = []
    for persona, p in personas.items():
        for endpoint, path in p["paths"].items():
            seen = list_queries.capture(path, p["token"])
            pairs.append({"persona": persona, "username": p["user"].username,
                          "endpoint": endpoint, "path": path, "floor_path": f"/{persona}{path}",
                          "token": p["token"], **seen,
                          "plan": list_queries.plans(seen["statements"])})  # fmt: skip
    return pairs


def _burst(address: str, path: str, token: str, clients: int, seconds: float) -> dict:
    """`clients` threads asking for `path` for `seconds`, each on its own keep-alive connection:
    the latencies of the 200 answers, the count of the others, and the elapsed seconds."""
    client, until = harness.Client(address), time.monotonic() + seconds
    seen: list[tuple[int, float]] = []  # (status, seconds); list.append is atomic

    def loop() -> None:
        while time.monotonic() < until:
            began = time.perf_counter()
            status, _body = client.call("GET", path, None, token)
            seen.append((status, time.perf_counter() - began))

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": [s for status, s in seen if status == 200],
            "errors": sum(status != 200 for status, _s in seen),
            "elapsed": time.monotonic() - began}  # fmt: skip


def _measure(pairs: list[dict], ours: str, floor: str, options: argparse.Namespace) -> None:
    """Alternating rounds, ours and the floor, for each pair (a short warm-up first, unrecorded)."""
    runs = [p for p in pairs if p["status"] == 200]
    for p in runs:
        p["_seen"] = {"ours": [], "floor": []}
    for round_no in range(-1, options.rounds):
        seconds = min(0.5, options.seconds) if round_no < 0 else options.seconds
        for p in runs:
            sides = [("ours", ours, p["path"]), ("floor", floor, p["floor_path"])]
            for side, address, path in sides if round_no % 2 == 0 else sides[::-1]:
                seen = _burst(address, path, p["token"], options.clients, seconds)
                if round_no >= 0:
                    p["_seen"][side].append(seen)
    for p in runs:
        seen = p.pop("_seen")
        p["ours"], p["floor"] = _side(seen["ours"]), _side(seen["floor"])
        p["ratio"] = round(p["ours"]["rps"] / p["floor"]["rps"], 3) if p["floor"]["rps"] else 0.0


def _side(bursts: list[dict]) -> dict[str, float]:
    latencies = [x for b in bursts for x in b["latencies"]]
    elapsed = sum(b["elapsed"] for b in bursts) or 1.0
    return {
        "requests": len(latencies), "errors": sum(b["errors"] for b in bursts),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(harness.percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(harness.percentile(latencies, 0.95) * 1000, 1),
    }  # fmt: skip


def run(argv: list[str]) -> dict[str, Any]:
    options = _options(argv)
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    url, built = _database(options.scale, options.rebuild)
    env = harness.app_env(url)
    harness.setup_django(env)
    counts = _counts()
    personas = _paths(options.personas, options.endpoints)
    try:
        pairs = _pairs(personas)
        statements = harness.RESULTS / "W1-floor-statements.json"
        # keyed by persona and path: the same list runs different SQL for each persona
        floor_sql = {p["floor_path"]: p["floor_statements"] for p in pairs if p["status"] == 200}
        statements.write_text(json.dumps(floor_sql, ensure_ascii=False, indent=1))
        sizes = (options.workers, options.threads)
        with (
            harness.served(env, harness.RESULTS / "W1-server.log", *sizes) as ours,
            bare_sql.served(url, statements, harness.RESULTS / "W1-floor.log", *sizes) as floor,
        ):
            _measure(pairs, ours, floor, options)
    finally:
        _revoke(personas)
    return _result(options, url, built, counts, pairs)


def _verdicts(pairs: list[dict]) -> None:
    for p in pairs:
        measured = "ours" in p
        p["meets_ratio"] = measured and p["ratio"] >= GOAL_RATIO
        p["meets_queries"] = p["queries"] <= GOAL_QUERIES
        p["clean"] = measured and p["ours"]["errors"] == 0 and p["floor"]["errors"] == 0
        for key in ("token", "floor_path", "statements", "floor_statements"):
            p.pop(key, None)


def _result(options: argparse.Namespace, url: str, built: float | None, counts: dict[str, int],
            pairs: list[dict]) -> dict[str, Any]:  # fmt: skip
    _verdicts(pairs)
    measured = [p for p in pairs if "ours" in p]
    worst = min(measured, key=lambda p: p["ratio"], default=None)
    grid = [p["ours"]["p50_ms"] for p in measured if p["persona"] == "grid"]
    result = {
        "scale": options.scale, "database": url.rsplit("/", 1)[-1], "build_seconds": built,
        "rows": counts, "clients": options.clients, "seconds_per_round": options.seconds,
        "rounds": options.rounds, "workers": options.workers, "threads": options.threads,
        "goals": {"ratio": GOAL_RATIO, "queries": GOAL_QUERIES, "grid_p50_ms": GOAL_GRID_P50_MS},
        "pairs": pairs, "pairs_total": len(pairs),
        "pairs_meeting_ratio": sum(p["meets_ratio"] for p in pairs),
        "worst_ratio": worst["ratio"] if worst else 0.0,
        "worst_pair": f"{worst['endpoint']}/{worst['persona']}" if worst else "",
        "grid_worst_p50_ms": max(grid, default=None),
        "max_queries": max((p["queries"] for p in pairs), default=0),
        "refused": [f"{p['endpoint']}/{p['persona']}: {p['status']}" for p in pairs
                    if p["status"] != 200],
    }  # fmt: skip
    result["passed"] = bool(pairs) and all(
        p["meets_ratio"] and p["meets_queries"] and p["clean"] for p in pairs
    ) and (result["grid_worst_p50_ms"] is None or result["grid_worst_p50_ms"] <= GOAL_GRID_P50_MS)  # fmt: skip
    return result


def summary(r: dict[str, Any]) -> str:
    verdict = "PASS" if r.get("passed") else "FAIL"
    grid = r["grid_worst_p50_ms"]
    grid_text = f"{grid:.0f} ms" if grid is not None else "not measured"
    refused = f"; refused {', '.join(r['refused'])}" if r["refused"] else ""
    return (
        f"W1 lists {verdict} ({r['scale']}, {r['clients']} clients): "
        f"{r['pairs_meeting_ratio']}/{r['pairs_total']} pairs ≥ {r['goals']['ratio']}× the floor's "
        f"requests/s (worst {r['worst_ratio']:.2f}, {r['worst_pair']}); grid worker's worst p50 "
        f"{grid_text} (goal ≤ {r['goals']['grid_p50_ms']:.0f}); max queries per request "
        f"{r['max_queries']} (goal ≤ {r['goals']['queries']}){refused}"
    )
