"""The restore drill (R-AV-1): back up a database, restore it into a scratch database, and prove
that every table's row count and checksum and the audit chain came back; a restored copy that
differs by one row is caught, naming the table.

SQLite: the Fenghua demo as `make demo` builds it. PostgreSQL (when DATABASE_URL names one): a
freshly migrated scratch database with audited writes, dumped and restored with pg_dump/pg_restore.
"""

import os
import sqlite3
import subprocess
import uuid

import dj_database_url
import pytest

from yipanqi.core.testing import copy_demo_database, demo_env, yipanqi_bin


def _yipanqi(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [yipanqi_bin(), *args], env=env, capture_output=True, text=True, timeout=600
    )
    if check and done.returncode:
        pytest.fail(f"yipanqi {args[0]} failed:\n{done.stderr[-3000:]}")
    return done


@pytest.mark.sqlite_demo
def test_the_demo_backs_up_restores_and_proves_it(tmp_path):
    source = copy_demo_database(tmp_path / "live.sqlite3")
    env = demo_env(source)
    made = _yipanqi(env, "backup", str(tmp_path / "nightly.sqlite3"))
    assert "backed up" in made.stdout

    scratch = tmp_path / "scratch.sqlite3"
    restored = _yipanqi(
        env, "restore", str(tmp_path / "nightly.sqlite3"), "--into", f"sqlite:///{scratch}"
    )
    assert "restore verified" in restored.stdout and "chain intact" in restored.stdout
    with sqlite3.connect(source) as live, sqlite3.connect(scratch) as copy:
        count = "SELECT count(*) FROM people_person"
        assert copy.execute(count).fetchone() == live.execute(count).fetchone() > (0,)
        # the backup was noted in the live trail after the copy was made
        noted = "SELECT count(*) FROM core_auditevent WHERE action = 'core.backup.made'"
        assert live.execute(noted).fetchone() == (1,)
        assert copy.execute(noted).fetchone() == (0,)

    with sqlite3.connect(scratch) as copy:
        copy.execute(
            "UPDATE people_household SET room = room || 'x' WHERE id = (SELECT min(id) FROM people_household)"
        )
    again = _yipanqi(
        env,
        "restore",
        str(tmp_path / "nightly.sqlite3"),
        "--into",
        f"sqlite:///{scratch}",
        "--verify-only",
        check=False,
    )
    assert again.returncode != 0
    assert "people_household" in again.stderr and "people_person:" not in again.stderr

    # restore never overwrites, and takes only files `yipanqi backup` made
    into = f"sqlite:///{scratch}"
    exists = _yipanqi(
        env, "restore", str(tmp_path / "nightly.sqlite3"), "--into", into, check=False
    )
    assert exists.returncode != 0 and "exists" in exists.stderr
    stray = _yipanqi(env, "restore", str(source), "--into", f"{into}.new", check=False)
    assert stray.returncode != 0 and "manifest" in stray.stderr


POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

WRITES = """
from yipanqi.core.actors import system
from yipanqi.organisations import actions
root = actions.area_create(parent=None, name="奉化区", kind="district", code="330213",
                           actor=system("restore drill"))
for n in range(3):
    actions.area_create(parent=root, name=f"街道{n}", kind="town", code=f"33021300{n + 1}000",
                        actor=system("restore drill"))
"""


@pytest.mark.skipif(not POSTGRES, reason="pg_dump/pg_restore drill runs in the PostgreSQL leg")
def test_postgres_dump_and_restore_into_a_scratch_database(tmp_path):
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    names = [f"drill_{uuid.uuid4().hex[:8]}_{side}" for side in ("live", "scratch")]
    server = f"postgres://{base['USER']}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}"
    admin = [*_psql(base), "-d", "postgres", "-c"]
    for name in names:
        subprocess.run([*admin, f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    try:
        env = {**demo_env(tmp_path / "unused.sqlite3"), "DATABASE_URL": f"{server}/{names[0]}"}
        _yipanqi(env, "migrate", "--noinput")
        _yipanqi(env, "shell", "-c", WRITES)
        _yipanqi(env, "backup", str(tmp_path / "nightly.dump"))
        restored = _yipanqi(
            env, "restore", str(tmp_path / "nightly.dump"), "--into", f"{server}/{names[1]}"
        )
        assert "restore verified" in restored.stdout and "chain intact" in restored.stdout
        assert " 0 audit events" not in restored.stdout
    finally:
        for name in names:
            subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{name}"'], capture_output=True)


def _psql(base: dict) -> list[str]:
    return [
        "psql",
        "-h",
        base["HOST"] or "127.0.0.1",
        "-p",
        str(base["PORT"] or 5432),
        "-U",
        base["USER"],
    ]
