"""W8 (../shared/BENCHMARKS.md): building the demo, against bulk INSERTs of the same rows.

Ours: `yipanqi demo --no-serve --db FILE` on SQLite (the Fenghua 2021 demo: migrate, then every app
through its bulk paths, audited), timed from outside, with the parts it prints. The floor: a new
file migrated by `yipanqi migrate`, then every table's rows copied into it from the built file with
one `INSERT INTO … SELECT *` per table: the same rows, written with nothing computed.

With `--district`, the same on PostgreSQL at `--scale district` (~600k residents) in a throwaway
database; its floor is `pg_dump --data-only` of the built database loaded with `psql` into a
migrated one. Each run is bounded by `--limit` seconds.

Goals: Fenghua on SQLite ≤ 60 s; the district on PostgreSQL ≤ 10 min.
"""

import argparse
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bench import harness

GOALS = {"fenghua": 60.0, "district": 600.0}
PRINTED = re.compile(r"Migrated in ([\d.]+) s; built in ([\d.]+) s \((.*)\); total ([\d.]+) s")


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench W8")
    parser.add_argument("--district", action="store_true", help="also the district on PostgreSQL")
    parser.add_argument("--limit", type=float, default=1800, help="seconds per build at most")
    return parser.parse_args(argv)


def _yipanqi(env: dict[str, str], limit: float, *args: str) -> tuple[float, str]:
    """(seconds, stdout) of one `yipanqi` command; fails loudly."""
    started = time.monotonic()
    done = subprocess.run([str(Path(sys.executable).with_name("yipanqi")), *args], env=env,
                          cwd=harness.ROOT, capture_output=True, text=True, timeout=limit)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"yipanqi {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.monotonic() - started, done.stdout


def _printed(stdout: str) -> dict[str, Any]:
    match = PRINTED.search(stdout)
    if not match:
        return {}
    parts = dict(p.rsplit(" ", 2)[:2] for p in match.group(3).split(", "))
    return {"migrated": float(match.group(1)), "built": float(match.group(2)),
            "parts": {k: float(v) for k, v in parts.items()}}  # fmt: skip


def _sqlite_env(path: Path) -> dict[str, str]:
    env = {k: v for k, v in harness.app_env("").items() if k != "DATABASE_URL"}
    return {**env, "DATABASE_URL": f"sqlite:///{path}"}


def _copy_rows(source: Path, target: Path) -> int:
    """Every row of `source` into the migrated `target`, one INSERT … SELECT per table."""
    from django.db.backends.sqlite3._functions import register

    with closing(sqlite3.connect(target)) as db:
        register(db)  # the functions Django's constraints and indexes call
        db.execute("ATTACH DATABASE ? AS built", (str(source),))
        tables = [t for (t,) in db.execute(
            "SELECT name FROM built.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'django_migrations'")]  # fmt: skip
        rows = 0
        with db:
            db.execute("PRAGMA defer_foreign_keys = ON")
            for table in tables:
                db.execute(f'DELETE FROM main."{table}"')  # noqa: S608 - rows the migration seeded
                rows += db.execute(
                    f'INSERT INTO main."{table}" SELECT * FROM built."{table}"'
                ).rowcount  # noqa: S608
        return rows


def _fenghua(limit: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="yipanqi-w8-") as folder:
        built, floor = Path(folder) / "demo.sqlite3", Path(folder) / "floor.sqlite3"
        seconds, stdout = _yipanqi(
            _sqlite_env(built), limit, "demo", "--no-serve", "--db", str(built)
        )
        started = time.monotonic()
        _yipanqi(_sqlite_env(floor), limit, "migrate", "--noinput")
        with closing(sqlite3.connect(floor)) as db:
            db.executescript("".join(f'DROP TRIGGER "{t}";' for (t,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")))  # fmt: skip
        rows = _copy_rows(built, floor)
        floor_seconds = time.monotonic() - started
    return {"scale": "fenghua", "database": "sqlite", "seconds": round(seconds, 1),
            "printed": _printed(stdout), "rows": rows, "floor_seconds": round(floor_seconds, 1),
            "goal_seconds": GOALS["fenghua"], "passed": seconds <= GOALS["fenghua"]}  # fmt: skip


def _district(limit: float) -> dict[str, Any]:
    with (
        harness.throwaway_database("yipanqi_bench_w8") as url,
        harness.throwaway_database("yipanqi_bench_w8_floor") as floor_url,
    ):
        seconds, stdout = _yipanqi(
            harness.app_env(url), limit, "demo", "--no-serve", "--scale", "district"
        )
        started = time.monotonic()
        _yipanqi(harness.app_env(floor_url), limit, "migrate", "--noinput")
        dump = subprocess.run(["pg_dump", "--data-only", "--disable-triggers",
                               "--exclude-table=django_migrations", url],
                              capture_output=True, check=True, timeout=limit)  # fmt: skip
        load = "SET session_replication_role = replica;\n" + _truncate_all() + dump.stdout.decode()
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", floor_url], input=load.encode(),
                       capture_output=True, check=True, timeout=limit)  # fmt: skip
        floor_seconds = time.monotonic() - started
    return {"scale": "district", "database": "postgresql", "seconds": round(seconds, 1),
            "printed": _printed(stdout), "floor_seconds": round(floor_seconds, 1),
            "goal_seconds": GOALS["district"], "passed": seconds <= GOALS["district"]}  # fmt: skip


def _truncate_all() -> str:
    """Empty the tables the migration seeded before the dump's rows go in."""
    return (
        "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE "
        "schemaname = 'public' AND tablename <> 'django_migrations' LOOP "
        "EXECUTE format('TRUNCATE %I CASCADE', t); END LOOP; END $$;\n"
    )


def run(argv: list[str]) -> dict[str, Any]:
    options = _options(argv)
    builds = [_fenghua(options.limit)]
    if options.district:
        builds.append(_district(options.limit))
    return {"builds": builds, "passed": all(b["passed"] for b in builds)}


def summary(r: dict[str, Any]) -> str:
    def one(b: dict[str, Any]) -> str:
        ratio = b["seconds"] / b["floor_seconds"] if b["floor_seconds"] else 0
        return (f"{b['scale']} on {b['database']} {b['seconds']:.0f} s (goal ≤ {b['goal_seconds']:.0f} s), "
                f"floor {b['floor_seconds']:.0f} s, {ratio:.1f}× the floor")  # fmt: skip

    verdict = "PASS" if r["passed"] else "FAIL"
    return f"W8 {verdict} — " + "; ".join(one(b) for b in r["builds"])
