"""The replica router's rules, on any database (the standby itself: test_replica_standby.py).

Reads go to the replica only inside `on_replica`, only while it is usable, never after the same
browser's write within the sticky window; writes always go to the primary; a failed read there is
run again on the primary."""

import os
import subprocess
import sys
import time

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from yipanqi.core import replica
from yipanqi.core.replica import REPLICA, Health, ReplicaRouter, WriteMarkMiddleware

ROUTER = ReplicaRouter()


@pytest.fixture
def usable(monkeypatch):
    """A configured replica whose last measurement says it keeps up."""
    state = {"ok": True}
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(
        replica, "health", lambda **_: Health(state["ok"], 0.0, "" if state["ok"] else "down", 0)
    )
    monkeypatch.setattr(replica, "mark_down", lambda: state.update(ok=False))
    return state


def _where() -> str:
    return ROUTER.db_for_read(object)


def test_reads_go_to_the_replica_only_inside_on_replica(usable):
    assert _where() == "default"
    assert replica.on_replica(_where) == REPLICA
    assert _where() == "default"


def test_writes_and_migrations_stay_on_the_primary(usable):
    assert replica.on_replica(ROUTER.db_for_write, object) == "default"
    assert ROUTER.allow_migrate("default", "people") is True
    assert ROUTER.allow_migrate(REPLICA, "people") is False


def test_an_unusable_replica_is_passed_over(usable):
    usable["ok"] = False
    assert replica.on_replica(_where) == "default"


def test_pinned_reads_stay_on_the_primary(usable):
    with replica.primary_only():
        assert replica.on_replica(_where) == "default"


def test_a_failed_read_on_the_replica_runs_again_on_the_primary(usable):
    calls = []

    def read():
        calls.append(_where())
        if calls[-1] == REPLICA:
            raise OperationalError("the standby went away")
        return "rows"

    assert replica.on_replica(read) == "rows"
    assert calls == [REPLICA, "default"]
    assert usable["ok"] is False  # marked down: the next reads do not try it until rechecked


def test_an_error_on_the_primary_is_not_retried(usable):
    usable["ok"] = False

    def read():
        raise OperationalError("the primary is down")

    with pytest.raises(OperationalError):
        replica.on_replica(read)


def test_without_a_replica_nothing_changes():
    assert not replica.configured()
    assert replica.on_replica(_where) == "default"
    response = WriteMarkMiddleware(lambda request: HttpResponse())(RequestFactory().post("/x/"))
    assert replica.WRITE_COOKIE not in response.cookies


def _seen_by_view(request) -> str:
    middleware = WriteMarkMiddleware(lambda r: HttpResponse(replica.on_replica(_where)))
    return middleware(request)


def test_a_browser_reads_its_own_writes_from_the_primary(usable, settings):
    settings.YIPANQI_REPLICA_STICKY = 30
    factory = RequestFactory()
    posted = _seen_by_view(factory.post("/orders/1/accept/"))
    assert posted.content.decode() == "default"  # a request that writes reads the primary
    mark = posted.cookies[replica.WRITE_COOKIE]
    assert mark["httponly"] and mark["samesite"] == "Lax"
    after = factory.get("/reports/dashboards/")
    after.COOKIES[replica.WRITE_COOKIE] = mark.value
    assert _seen_by_view(after).content.decode() == "default"
    later = factory.get("/reports/dashboards/")
    later.COOKIES[replica.WRITE_COOKIE] = f"{time.time() - 31:.0f}"
    assert _seen_by_view(later).content.decode() == REPLICA
    garbled = factory.get("/reports/dashboards/")
    garbled.COOKIES[replica.WRITE_COOKIE] = "soon"
    assert _seen_by_view(garbled).content.decode() == REPLICA


def test_the_replica_url_adds_the_alias_and_the_router():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES['replica']; "
        "print(r['PORT'], r['TEST']['MIRROR'], r['OPTIONS']['connect_timeout'], s.DATABASE_ROUTERS)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/any",
        "DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1:5433/any",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["5433", "default", "2", "['yipanqi.core.replica.ReplicaRouter']"]
