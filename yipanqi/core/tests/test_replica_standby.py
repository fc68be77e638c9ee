"""Against a real hot standby (scripts/standby.sh; CI's PostgreSQL leg starts it and sets
YIPANQI_TEST_STANDBY_PORT): a dashboard's reads go to the standby and give the primary's figures;
a standby that lags beyond the limit, or is stopped mid-way, is passed over for the primary; and
it is taken back once it is up and caught up again."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from yipanqi.core import replica
from yipanqi.core.replica import REPLICA
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.reports.dashboards import payload

ALIASES = ["default", REPLICA] if REPLICA in django_settings.DATABASES else ["default"]
pytestmark = [
    pytest.mark.django_db(transaction=True, databases=ALIASES),
    pytest.mark.xdist_group("standby"),
]
SCRIPT = Path(django_settings.BASE_DIR) / "scripts" / "standby.sh"


@pytest.fixture
def standby(settings):
    """The `replica` alias, pointing at the standby's copy of this test database."""
    if connection.vendor != "postgresql":
        pytest.skip("a streaming standby exists only for PostgreSQL")
    port = os.environ.get("YIPANQI_TEST_STANDBY_PORT")
    if not port:
        if os.environ.get("CI"):
            pytest.fail("CI's PostgreSQL leg must start scripts/standby.sh and set the port")
        pytest.skip("no standby: scripts/standby.sh start; YIPANQI_TEST_STANDBY_PORT=5433")
    if REPLICA not in connections.settings:
        pytest.fail("with YIPANQI_TEST_STANDBY_PORT set, config/settings/test.py adds the alias")
    mirror = connections[REPLICA].settings_dict  # the test database on the primary
    connections[REPLICA].close()
    connections[REPLICA].settings_dict = {
        **connection.settings_dict,
        "PORT": port,
        "OPTIONS": {"connect_timeout": 2},
    }
    settings.DATABASE_ROUTERS = [replica.ROUTER]
    settings.YIPANQI_REPLICA_RECHECK = 600  # measured only when a test asks
    replica.forget()
    yield port
    _standby("start")
    connections[REPLICA].close()
    connections[REPLICA].settings_dict = mirror
    replica.forget()


def _standby(command: str) -> None:
    subprocess.run([str(SCRIPT), command], check=True, capture_output=True, timeout=120)


def _flush_primary_wal() -> None:
    """Write the primary's WAL out to here: the test settings commit with synchronous_commit=off,
    so a commit may still sit in the WAL buffers, beyond pg_current_wal_lsn() (what the lag
    measure takes as written); a transaction that commits synchronously flushes everything
    before its own commit record."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = on")
        cursor.execute("SELECT txid_current()")


def _caught_up(timeout: float = 30) -> replica.Health:
    _flush_primary_wal()
    deadline = time.monotonic() + timeout
    while True:
        health = replica.health(force=True)
        if health.ok and health.lag == 0:
            return health
        if time.monotonic() > deadline:
            pytest.fail(f"the standby did not catch up: {health}")
        time.sleep(0.2)


def _open_orders(area) -> int:
    return ServiceOrder.objects.filter(scope_path__startswith=area.scope_path).count()


def test_a_dashboards_reads_go_to_the_standby_and_give_the_same_figures(standby, district):
    world = build_orders_world(district, with_orders=True)
    area = world.district.district
    year = ServiceOrder.objects.latest("created_at").created_at.year
    on_primary = payload.build(area, year)
    _caught_up()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    with CaptureQueriesContext(connection) as primary:
        with CaptureQueriesContext(connections[REPLICA]) as standby_reads:
            on_standby = replica.on_replica(payload.build, area, year)
    assert len(standby_reads) > 10 and len(primary) == 0
    assert on_standby["figures"] == on_primary["figures"]
    assert on_standby["figures"]["orders"] > 0


def test_a_lagging_standby_is_passed_over(standby, district, settings):
    world = build_orders_world(district, with_orders=True)
    area = world.district.district
    _caught_up()
    settings.YIPANQI_REPLICA_MAX_LAG = 1
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        ServiceOrder.objects.filter(pk=next(iter(world.orders.values())).pk).update(
            title="后来的改动"
        )
        time.sleep(1.5)
        health = replica.health(force=True)
        assert (health.ok, health.reason) == (False, "lagging") and health.lag > 1
        with CaptureQueriesContext(connections[REPLICA]) as standby_reads:
            assert replica.on_replica(_open_orders, area) == _open_orders(area)
        assert len(standby_reads) == 0
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    assert _caught_up().ok


def test_a_standby_stopped_mid_way_is_passed_over_and_taken_back(standby, district):
    world = build_orders_world(district, with_orders=True)
    area = world.district.district
    expected = _open_orders(area)
    _caught_up()
    assert replica.on_replica(_open_orders, area) == expected
    _standby("stop")  # the cached measurement still says usable: the read itself fails over
    with CaptureQueriesContext(connection) as primary:
        assert replica.on_replica(_open_orders, area) == expected
    assert len(primary) == 1
    assert replica.health().reason == "down"
    assert replica.health(force=True).reason == "down"
    _standby("start")
    _caught_up()
    with CaptureQueriesContext(connections[REPLICA]) as standby_reads:
        assert replica.on_replica(_open_orders, area) == expected
    assert len(standby_reads) == 1
