"""Backups and the restore drill (R-AV-1): one file per backup plus a manifest that fingerprints
every table, so a restore can prove it holds exactly what was backed up.

- SQLite: the online backup API (a consistent copy while the site runs).
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` into an empty database.

The manifest (`<file>.manifest.json`) keeps, per table, the row count and a SHA-256 over its rows
in primary-key order, and the length of the audit chain. `verify_restored` compares a restored
database with it and walks the restored audit chain.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.db import connections

from yipanqi.core.audit import verify_chain

RESTORED = "restored"  # the connection alias a restored database is checked under


@dataclass
class DrillReport:
    tables: int = 0
    rows: int = 0
    audit_events: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def _table_fingerprint(cursor, introspection, table: str) -> tuple[int, str]:
    key = introspection.get_primary_key_column(cursor, table)
    quote = connection_quote(cursor)
    order = quote(key) if key else "1"
    cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # nosec B608
    digest, rows = hashlib.sha256(), 0
    while batch := cursor.fetchmany(5000):
        # one engine's driver gives the same Python values for the same rows: repr is exact
        digest.update(repr(batch).encode())
        rows += len(batch)
    return rows, digest.hexdigest()


def connection_quote(cursor):
    return cursor.db.ops.quote_name


def fingerprint(using: str = "default") -> dict[str, dict]:
    """{table: {"rows": n, "sha256": …}} for every table of the database."""
    connection = connections[using]
    introspection = connection.introspection
    with connection.cursor() as cursor:
        tables = sorted(introspection.table_names(cursor))
        result = {}
        for table in tables:
            rows, digest = _table_fingerprint(cursor, introspection, table)
            result[table] = {"rows": rows, "sha256": digest}
    return result


def _pg_args(settings: dict) -> tuple[list[str], dict[str, str]]:
    args = [
        "--host",
        settings.get("HOST") or "127.0.0.1",
        "--port",
        str(settings.get("PORT") or 5432),
    ]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def backup(path: Path, using: str = "default") -> dict:
    """Write a backup of the database to `path` and its manifest beside it; returns the manifest."""
    connection = connections[using]
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest = {
        "vendor": connection.vendor,
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "tables": fingerprint(using),
        "audit_events": verify_chain(using=using).checked,
    }
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    elif connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        name = connection.settings_dict["NAME"]
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args, name]
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    else:
        raise ValueError(f"no backup method for {connection.vendor}")
    manifest_path(path).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(path: Path, target_url: str) -> None:
    """Restore the backup at `path` into the (new or empty) database at `target_url`."""
    settings = dj_database_url.parse(target_url)
    if settings["ENGINE"].endswith("sqlite3"):
        target = Path(settings["NAME"])
        if target.exists():
            raise FileExistsError(f"{target} exists: restore into a new file")
        shutil.copyfile(path, target)
        return
    args, env = _pg_args(settings)
    command = ["pg_restore", "--no-owner", "--exit-on-error", *args, "--dbname", settings["NAME"]]
    subprocess.run([*command, str(path)], env=env, check=True, capture_output=True, text=True)


def verify_restored(path: Path, target_url: str) -> DrillReport:
    """Compare the restored database at `target_url` with the backup's manifest, table by table,
    and walk its audit chain."""
    manifest = json.loads(manifest_path(path).read_text())
    parsed = {"default": {}, RESTORED: dj_database_url.parse(target_url)}
    connections.databases[RESTORED] = connections.configure_settings(parsed)[RESTORED]
    try:
        found = fingerprint(RESTORED)
        chain = verify_chain(using=RESTORED)
    finally:
        connections[RESTORED].close()
        del connections.databases[RESTORED]
    return _compare(manifest, found, chain)


def _compare(manifest: dict, found: dict, chain) -> DrillReport:
    expected = manifest["tables"]
    report = DrillReport(tables=len(found), rows=sum(t["rows"] for t in found.values()))
    report.audit_events = chain.checked
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        if want != got:
            report.differences.append(f"{table}: backed up {want}, restored {got}")
    if not chain.ok:
        report.differences.append(f"audit chain broken at event {chain.first_bad_id}")
    if chain.checked != manifest["audit_events"]:
        report.differences.append(
            f"audit events: backed up {manifest['audit_events']}, restored {chain.checked}"
        )
    return report
