"""Reads from the streaming replica (只读副本): dashboards, reports and exports (decision 028).

With `DATABASE_REPLICA_URL` set, settings add the `replica` alias and `ReplicaRouter`. Code whose
reads may be a moment old runs them through `on_replica(fn, …)`; every other read, every write
and a user's requests shortly after their own write (read-your-own-writes, `WriteMarkMiddleware`)
use the primary. The replica is used only while it answers and its lag stays within
`YIPANQI_REPLICA_MAX_LAG` seconds; otherwise, or when a read there fails, reads fall back to the
primary, and the replica is tried again after `YIPANQI_REPLICA_RECHECK` seconds.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
ROUTER = "yipanqi.core.replica.ReplicaRouter"
WRITE_COOKIE = "yq_wrote"
T = TypeVar("T")
log = logging.getLogger(__name__)
_wanted: ContextVar[bool] = ContextVar("replica_wanted", default=False)
_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


@dataclass(frozen=True)
class Health:
    """The replica as last measured: usable or not, its lag in seconds, and why not."""

    ok: bool
    lag: float | None
    reason: str
    checked_at: float


_last: Health | None = None
_lock = threading.Lock()


def configured() -> bool:
    """A replica alias and this router in settings (the alias alone routes nothing)."""
    return REPLICA in connections.settings and ROUTER in settings.DATABASE_ROUTERS


def max_lag() -> float:
    return float(getattr(settings, "YIPANQI_REPLICA_MAX_LAG", 30))


def health(*, force: bool = False) -> Health:
    """The cached measurement, measured again once it is older than the recheck interval."""
    global _last
    recheck = float(getattr(settings, "YIPANQI_REPLICA_RECHECK", 5))
    with _lock:
        if force or _last is None or time.monotonic() - _last.checked_at >= recheck:
            _last = measure()
        return _last


def measure() -> Health:
    """Lag 0 when the replica has replayed all the primary had written a moment before; else the
    age of the last transaction it replayed (an idle primary therefore never looks stale)."""
    now = time.monotonic()
    try:
        lag = _lag_seconds()
    except DatabaseError as error:
        connections[REPLICA].close()  # a broken connection is not kept for the next try
        log.warning("replica unavailable: %s", error)
        return Health(False, None, "down", now)
    if lag is None:
        return Health(False, None, "not_a_standby", now)
    if lag > max_lag():
        return Health(False, lag, "lagging", now)
    return Health(True, lag, "", now)


def _lag_seconds() -> float | None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        written = cursor.fetchone()[0]
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn,"
            " extract(epoch FROM now() - pg_last_xact_replay_timestamp())",
            [written],
        )
        standby, caught_up, age = cursor.fetchone()
    if not standby:
        return None
    return 0.0 if caught_up else float(age if age is not None else float("inf"))


def forget() -> None:
    """Drop the cached measurement (tests, and after a failed read)."""
    global _last
    with _lock:
        _last = None


def mark_down() -> None:
    """Pass the replica over until the next measurement, and drop its broken connection."""
    global _last
    with _lock:
        _last = Health(False, None, "down", time.monotonic())
    connections[REPLICA].close()


@contextmanager
def _flag(var: ContextVar[bool]) -> Iterator[None]:
    token = var.set(True)
    try:
        yield
    finally:
        var.reset(token)


def primary_only() -> Any:
    """Reads inside go to the primary, even where `on_replica` is used (read-your-own-writes)."""
    return _flag(_pinned)


def using_replica() -> bool:
    """Whether a read now would go to the replica."""
    if not (_wanted.get() and configured()) or _pinned.get():
        return False
    return health().ok


def on_replica(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` with its reads on the replica where it may be used. A database error
    while reading there (the standby stopped, or cancelled the query to replay) marks it down and
    runs `fn` once more on the primary, so `fn` must only read."""
    with _flag(_wanted):
        if not using_replica():
            return fn(*args, **kwargs)
        try:
            return fn(*args, **kwargs)
        except DatabaseError:
            log.warning("a read on the replica failed; reading from the primary", exc_info=True)
            mark_down()
    with primary_only():
        return fn(*args, **kwargs)


class ReplicaRouter:
    """Reads go to the replica only inside `on_replica` while it is usable; writes to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return REPLICA if using_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class WriteMarkMiddleware:
    """Read-your-own-writes: after a request that may have written, the same browser reads from
    the primary for `YIPANQI_REPLICA_STICKY` seconds (a cookie holding the time of the write)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if not configured():
            return self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") or self._recent(request):
            with primary_only():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            self._mark(response)
        return response

    @staticmethod
    def _recent(request: Any) -> bool:
        try:
            wrote = float(request.COOKIES.get(WRITE_COOKIE, ""))
        except ValueError:
            return False
        return 0 <= time.time() - wrote < sticky_seconds()

    @staticmethod
    def _mark(response: Any) -> None:
        response.set_cookie(
            WRITE_COOKIE,
            str(int(time.time())),
            max_age=int(sticky_seconds()) + 1,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def sticky_seconds() -> float:
    return float(getattr(settings, "YIPANQI_REPLICA_STICKY", max_lag() + 5))
