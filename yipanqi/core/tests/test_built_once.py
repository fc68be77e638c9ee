"""A test world restored by `core.tests.built_once` is the world its builder makes: the same rows in
every table, ids, hashes and audit chain included; and it is built for real whenever restoring
could differ (a patched clock, rows made first, a build that changes rows it did not add)."""

from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yipanqi.accounts.models import User
from yipanqi.core.audit import verify_chain
from yipanqi.core.tests import built_once as module
from yipanqi.core.tests.built_once import built_once
from yipanqi.organisations.tests.factories import build_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(request):
    """A key of this test's own, forgotten afterwards."""
    name = f"test:{request.node.name}"
    yield name
    for noted in [k for k in module._snapshots if k[0] == name]:
        del module._snapshots[noted]


def noted(key: str) -> list:
    return [snapshot for (k, _start), snapshot in module._snapshots.items() if k == key]


class Counted:
    """A builder that counts how often it really ran."""

    def __init__(self, build=build_district):
        self.build, self.runs = build, 0

    def __call__(self, *args):
        self.runs += 1
        return self.build(*args)


def every_row() -> dict[str, list]:
    return {table: sorted(module._added(table, None)[1]) for table in module._tables()}


def rolled_back(call):
    """`call()` and every row of the database at its end, in a savepoint then rolled back."""
    with transaction.atomic():
        value, rows = call(), every_row()
        transaction.set_rollback(True)
    return value, rows


def test_the_restored_world_is_the_built_world(key):
    build = Counted()
    built, rows_built = rolled_back(lambda: built_once(key, build))
    restoring = CaptureQueriesContext(connection)

    def restore():
        with restoring:
            return built_once(key, build)

    restored, rows_restored = rolled_back(restore)
    assert build.runs == 1
    assert rows_restored == rows_built
    assert restored is not built
    assert restored.personas["district_admin"].pk == built.personas["district_admin"].pk
    assert [a.scope_path for a in restored.grids] == [a.scope_path for a in built.grids]
    # a look at the tables, one INSERT per table and (PostgreSQL) the id counters moved past
    # them: not the builder's hundreds of statements
    (snapshot,) = noted(key)
    assert len(restoring) <= 2 + len(snapshot.tables)


def test_the_chain_of_a_restored_world_verifies(key):
    rolled_back(lambda: built_once(key, build_district))
    with transaction.atomic():
        built_once(key, build_district)
        assert verify_chain().first_bad_id is None
        transaction.set_rollback(True)


def test_the_world_built_on_another_points_at_it(key):
    def on_district(district):
        return {"district": district, "admin": district.personas["district_admin"]}

    district = build_district()
    rolled_back(lambda: built_once(key, on_district, district))
    restored, _ = rolled_back(lambda: built_once(key, on_district, district))
    assert restored["district"] is district
    assert restored["admin"] is not district.personas["district_admin"]


def test_a_patched_clock_builds_for_real(key):
    build = Counted()
    rolled_back(lambda: built_once(key, build))
    frozen = timezone.now()  # the same day: only the patch tells
    with mock.patch.object(timezone, "now", lambda: frozen):
        rolled_back(lambda: built_once(key, build))
    assert build.runs == 2


def test_rows_made_before_make_another_starting_point(key):
    build = Counted()
    rolled_back(lambda: built_once(key, build))
    User.objects.create_user(username="first_of_all", password=None)
    first, rows_built = rolled_back(lambda: built_once(key, build))
    again, rows_restored = rolled_back(lambda: built_once(key, build))
    assert build.runs == 2  # built from each starting point once
    assert rows_restored == rows_built
    assert again.personas["district_admin"].pk == first.personas["district_admin"].pk


def test_a_build_that_changes_rows_it_did_not_add_is_never_restored(key):
    someone = User.objects.create_user(username="someone", password=None)

    def renaming():
        User.objects.filter(pk=someone.pk).update(first_name="changed")
        return build_district()

    build = Counted(renaming)
    for _ in range(2):
        rolled_back(lambda: built_once(key, build))
    assert build.runs == 2
    assert noted(key) == [None]


def test_a_build_that_adds_to_the_world_it_builds_on_is_never_restored(key):
    def adding(district):
        district.personas["added"] = district.personas["district_admin"]
        return district

    district = build_district()
    build = Counted(adding)
    for _ in range(2):
        rolled_back(lambda: built_once(key, build, district))
        assert "added" in district.personas
        del district.personas["added"]
    assert build.runs == 2


def test_new_rows_get_ids_past_the_restored_ones_even_after_a_counter_reset(key):
    from yipanqi.core.actors import system
    from yipanqi.core.audit import record
    from yipanqi.core.models import AuditEvent

    rolled_back(lambda: built_once(key, build_district))
    with connection.cursor() as cursor:  # as a transactional test's flush may leave it
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('core_auditevent', 'id'), 1)")
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = 1 WHERE name = 'core_auditevent'")
    built_once(key, build_district)
    restored = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    record(action="test.after_restore", actor=system("test"))
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest.action == "test.after_restore" and newest.id > restored
