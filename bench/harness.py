"""What the workloads share: a throwaway PostgreSQL database on 127.0.0.1 (created and dropped by
the run), Django set up on it in this process (migrated), the app served by gunicorn on a free
loopback port, and a small HTTP client (one keep-alive connection per thread). Nothing here talks
to anything but 127.0.0.1."""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS = ROOT / "bench" / "results"


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A new database for this run (its URL), dropped at the end whatever happens."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(database_url: str) -> dict[str, str]:
    """The environment of the app under test: the throwaway database, DEBUG off, quiet logs."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "YIPANQI_ENV": "demo",  # DEBUG off, demo keys allowed (never production secrets)
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


def setup_django(env: dict[str, str]) -> None:
    """Django in this process on the throwaway database, migrated."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(
    env: dict[str, str],
    log: Path,
    workers: int = 2,
    threads: int = 4,
    app: str = "config.wsgi:application",
) -> Iterator[str]:
    """gunicorn (gthread) serving `app` (ours, or a floor) on 127.0.0.1; yields "127.0.0.1:<port>"."""
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    # the production settings (config/gunicorn.conf.py), with the bench's own port and sizes
    command = [str(gunicorn), "-c", "config/gunicorn.conf.py", app,
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]  # fmt: skip
    with log.open("ab") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, server)
        yield f"127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for(port: int, server: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited; see its log in bench/results/")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start in time")


class Client:
    """JSON over HTTP/1.1 to one loopback address, one keep-alive connection per thread."""

    def __init__(self, address: str, timeout: float = 30, source: str = "") -> None:
        self.host, port = address.split(":")
        self.port, self.timeout = int(port), timeout
        self.source = (source, 0) if source else None  # another loopback address, e.g. 127.0.1.5
        self.local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        if getattr(self.local, "connection", None) is None:
            self.local.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout, source_address=self.source
            )
        return self.local.connection

    def call(self, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
        """(status, parsed JSON or None); status 0 when the connection failed."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = json.dumps(body) if body is not None else None
        reused = getattr(self.local, "connection", None) is not None
        try:
            status, raw = self._send(method, path, payload, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                return 0, None
            # the server closed the idle keep-alive connection (gunicorn's keepalive is 5 s):
            # sent again on a new one, as browsers and HTTP libraries do
            try:
                status, raw = self._send(method, path, payload, headers)
            except (OSError, http.client.HTTPException):
                return 0, None
        except (OSError, http.client.HTTPException):
            return 0, None
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, None

    def _send(self, method: str, path: str, payload, headers: dict) -> tuple[int, bytes]:
        connection = self._connection()
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            self.local.connection = None
            raise


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
