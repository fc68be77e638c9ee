"""Fault-injection helpers for `test_faults.py`: a served copy of the app on this test database,
and a TCP relay between it and PostgreSQL that can hold the database's answers and cut the line.

The relay stands in for stopping PostgreSQL: the CI cluster is shared by the other pytest worker,
so stopping it would fail their tests. From the app's side the two look the same — its sockets to
the database close in the middle of a query, and new connections are refused until it is back.
"""

import os
import signal
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.db import connection

from yipanqi.core.testing import free_port, start_server

BUFFER = 65536


def database_url(host: str | None = None, port: int | None = None) -> str:
    """This worker's test database as a URL, optionally reached through another host:port."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{host or s['HOST']}:{port or s['PORT']}/{s['NAME']}"


def serve(url: str) -> tuple[str, object]:
    """The app served by `yipanqi runserver` with the test settings on the database at `url`."""
    env = {k: v for k, v in os.environ.items() if k not in {"YIPANQI_ENV", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url})
    env["DJANGO_DEBUG"] = "0"  # the pages users get, not the developer's technical ones
    return start_server(env)


def kill(process) -> None:
    """SIGKILL: no clean-up, no finishing of the requests in flight."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@dataclass
class Answer:
    status: int  # 0: no answer (the connection broke)
    body: bytes = b""
    headers: dict = field(default_factory=dict)


def send(url: str, *, data: bytes | None = None, headers: dict | None = None) -> Answer:
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # nosec B310 (loopback)
            return Answer(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), dict(error.headers))
    except OSError:
        return Answer(0)


class Relay:
    """127.0.0.1:<port> → PostgreSQL, one pair of pump threads per connection.

    `hold()` keeps the database's answers back (a query is then in flight), `cut()` closes every
    open connection and refuses new ones, `restore()` listens again on the same port.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream, self.port = upstream, free_port()
        self.sockets: list[socket.socket] = []
        self.released = threading.Event()
        self.released.set()
        self.sent_while_held = threading.Event()
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        self.released.set()
        listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def hold(self) -> None:
        self.sent_while_held.clear()
        self.released.clear()

    def cut(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            _close(listener)
        with self.lock:
            for sock in self.sockets:
                _close(sock)
            self.sockets.clear()
        self.released.set()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, answers: bool) -> None:
        try:
            while chunk := source.recv(BUFFER):
                if answers:
                    self.released.wait()
                elif not self.released.is_set():
                    self.sent_while_held.set()
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
