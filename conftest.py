import os
import shutil
import tempfile

import pytest

from yipanqi.core.testing import DEMO_DIR_VARIABLE

pytest_plugins = ["yipanqi.core.browser_fixtures", "yipanqi.core.log_scan"]

# The full Fenghua demo, built once per session (see `fenghua_demo`).
FENGHUA_DEMO = "fenghua_demo"


def pytest_configure(config):
    """One folder for the demo database `yipanqi demo` builds (yipanqi.core.testing.demo_build),
    made before pytest-xdist starts its workers so that they share it, and removed at the end."""
    if DEMO_DIR_VARIABLE not in os.environ:
        os.environ[DEMO_DIR_VARIABLE] = tempfile.mkdtemp(prefix="yipanqi-demo-")
        config._yipanqi_demo_dir = os.environ[DEMO_DIR_VARIABLE]


def pytest_unconfigure(config):
    folder = getattr(config, "_yipanqi_demo_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[DEMO_DIR_VARIABLE]


def _uses_demo(item) -> bool:
    return FENGHUA_DEMO in getattr(item, "fixturenames", ())


def pytest_itemcollected(item):
    """Work units for pytest-xdist's `--dist loadgroup` (`make pytest` runs that way): all the
    tests that use `fenghua_demo` go to one worker, so the demo is built once, and every other
    module's tests stay together, so a module-scoped fixture is built once too. A test's own
    `xdist_group` mark wins."""
    if item.get_closest_marker("xdist_group") is None:
        group = FENGHUA_DEMO if _uses_demo(item) else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run every test that (transitively) uses `fenghua_demo` last, after pytest-django's own
    ordering, so the session transaction holding the demo is open only while they run.

    Such a test must not be transactional: flushing the database would throw away the demo (and
    the open transaction would block it on PostgreSQL).
    """
    if (
        getattr(config.option, "loadgroup", False)
        and items
        and not any("@" in i.nodeid for i in items)
    ):
        # pytest-xdist marks each grouped test's node id; without that it silently ignores the
        # groups (pytest-xdist#1386, pytest 9.2) and each worker would build the demo.
        raise pytest.UsageError("pytest-xdist's --dist loadgroup does not group the tests here")
    _browser_tests_once(items)
    _api_fuzz_once(items)
    demo, rest = [], []
    for item in items:
        (demo if _uses_demo(item) else rest).append(item)
    for item in demo:
        names = item.fixturenames
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in names or "live_server" in names
        if marker is not None:
            transactional = transactional or bool(
                marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
            )
        if transactional:
            raise pytest.UsageError(
                f"{item.nodeid}: {FENGHUA_DEMO} cannot be used by a transactional test"
            )
    items[:] = rest + demo


def _browser_tests_once(items) -> None:
    """Browser tests drive the demo served from its own SQLite file whatever DATABASE_URL says
    (docs/decisions/003), and so do the `sqlite_demo` tests (the demo command, the SQLite restore
    drill, the report of a demo file): the PostgreSQL leg skips them rather than run them twice
    (and build the SQLite demo a second time)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="runs once, in the SQLite leg (the demo's own SQLite file)")
    for item in items:
        if any(item.get_closest_marker(name) for name in ("browser", "sqlite_demo")):
            item.add_marker(skip)


def _api_fuzz_once(items) -> None:
    """The schemathesis run exercises the API code, not the database, and takes minutes: it runs
    in the SQLite leg only (docs/decisions/016-api-fuzzing.md)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="the API fuzz runs once, in the SQLite leg")
    for item in items:
        if item.get_closest_marker("api_fuzz") is not None:
            item.add_marker(skip)


class _DemoTransaction:
    """The transaction the demo is built in; rolled back after the last test that uses it."""

    def __init__(self) -> None:
        self.atomic = None
        self.built = False  # the demo was built in it
        self.closed = False  # ... and rolled back since

    def open(self, blocker) -> None:
        from django.db import transaction

        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

    def close(self) -> None:
        from django.db import transaction

        if self.atomic is None:
            return
        atomic, self.atomic, self.closed = self.atomic, None, self.built
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_demo_transaction = _DemoTransaction()


def pytest_runtest_setup(item):
    if _uses_demo(item) and _demo_transaction.closed:
        raise pytest.UsageError(
            f"{item.nodeid}: {FENGHUA_DEMO} was rolled back already; its tests must run one after "
            "another (run pytest-xdist with --dist loadgroup)"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the demo back as soon as the next test does not use it: under pytest-xdist a worker
    may go on to other tests after the demo's (which otherwise run last)."""
    try:
        return (yield)
    finally:
        if nextitem is None or not _uses_demo(nextitem):
            _demo_transaction.close()


def _check_deferred_constraints() -> None:
    """Check the foreign keys of rows written so far in the open transaction, once.

    Each test's teardown checks the deferred constraints too (Django's TestCase, inside the
    test's savepoint); on PostgreSQL, rolling the savepoint back re-queues every check still
    pending from before it, so without this each test would re-check the whole demo (seconds).
    """
    from django.db import connection

    connection.check_constraints()


@pytest.fixture(scope="session")
def fenghua_demo(django_db_setup, django_db_blocker):
    """The full Fenghua 2021 demo (`yipanqi.demo.build.build_demo()` → BuildResult), built once
    per session inside a transaction rolled back after the last test using it (audit rows are
    append-only, so they cannot be deleted afterwards).

    Tests using it run last, one after another (see the hooks above), and must still request
    `db` (e.g. `pytestmark = pytest.mark.django_db`): each then runs in its own savepoint, so what
    a test writes is undone before the next one. They cannot be transactional.
    """
    from yipanqi.demo.build import build_demo

    _demo_transaction.open(django_db_blocker)
    try:
        with django_db_blocker.unblock():
            result = build_demo()
            _check_deferred_constraints()
        _demo_transaction.built = True
        yield result
    finally:
        _demo_transaction.close()


@pytest.fixture
def postgres():
    """For concurrency and fault tests: they need PostgreSQL's row locks and connections (SQLite
    serialises every writer); the PostgreSQL leg runs them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")


@pytest.fixture
def district(db):
    """The small test district (organisations' `build_district()`): built through the actions in
    the first test of this process that asks, restored row by row in the later ones."""
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.organisations.tests.factories import build_district

    return built_once("district", build_district)


@pytest.fixture
def personas(district):
    return district.personas


@pytest.fixture
def client_as(client, personas):
    """A Django test client signed in as the named persona."""

    def sign_in(name: str):
        client.force_login(personas[name])
        return client

    return sign_in


@pytest.fixture
def api_as(personas):
    """A DRF API client authenticated as the named persona."""
    from rest_framework.test import APIClient

    def make(name: str):
        api = APIClient()
        api.force_authenticate(personas[name])
        return api

    return make
