"""W1's floor: a bare WSGI app that runs, for each request path, exactly the SQL statements the
app's view ran for that request (captured in-process by bench/w1_lists.py) with psycopg, and
answers `json.dumps` of the rows. No Django, no middleware, no serializer: what is left of a list
request when everything but the database is taken away.

Served by gunicorn with the app's own config file (config/gunicorn.conf.py, same workers and
threads), so both sides differ only in the code between the socket and the database. Each thread
keeps one connection (as Django keeps one per thread with CONN_MAX_AGE), in autocommit, without
server-side prepared statements (Django's psycopg cursors bind on the client and never prepare).

    W1_FLOOR_DATABASE   the database URL
    W1_FLOOR_STATEMENTS a JSON file {"/path": ["SELECT …", …], …}
"""

import json
import os
import threading
from contextlib import AbstractContextManager
from pathlib import Path

from bench import harness

_local = threading.local()
_statements: dict[str, list[str]] | None = None


def _connection():
    import psycopg

    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = psycopg.connect(
            os.environ["W1_FLOOR_DATABASE"], autocommit=True, prepare_threshold=None
        )
        _local.connection = connection
    return connection


def _load() -> dict[str, list[str]]:
    global _statements
    if _statements is None:
        _statements = json.loads(Path(os.environ["W1_FLOOR_STATEMENTS"]).read_text())
    return _statements


def app(environ, start_response):
    statements = _load().get(environ.get("PATH_INFO", ""))
    if statements is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b"{}"]
    rows = []
    with _connection().cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            rows.append(cursor.fetchall() if cursor.description else [])
    body = json.dumps(rows, default=str).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response("200 OK", headers)
    return [body]


def served(
    database_url: str, statements: Path, log: Path, workers: int = 2, threads: int = 4
) -> AbstractContextManager[str]:
    """The floor served by harness.served, as the app is; yields its address."""
    env = {**os.environ, "PYTHONPATH": str(harness.ROOT), "W1_FLOOR_DATABASE": database_url,
           "W1_FLOOR_STATEMENTS": str(statements)}  # fmt: skip
    return harness.served(env, log, workers, threads, app="bench.bare_sql:app")
