"""R-AU-2: changes made round the actions — `QuerySet.update()`, `bulk_update()`, raw SQL UPDATE
and DELETE — leave RowChange rows (core.row_changes) naming the table, the row and its values
before and after; no-op updates leave none; the trail is append-only, on every project table
(the exclusions are only the listed ones), and goes with the audit trail's retention. Retention and
erasure (R-PI-7/8) leave redacted rows: which columns changed, not what they held."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from yipanqi.accounts import actions as accounts
from yipanqi.core import audit, audit_retention, retention, row_changes
from yipanqi.core.actors import system
from yipanqi.core.models import AuditEvent, Redaction, RowChange
from yipanqi.core.tests.test_db_roles import _acting_as, _grants, _refusal, app_role  # noqa: F401
from yipanqi.orders.models import OrderEvent, ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.organisations.models import Area
from yipanqi.people.models import HouseholdTag, Person
from yipanqi.people.tests.factories import build_people


def _changes(table: str, *pks, since: int = 0) -> list[RowChange]:
    rows = RowChange.objects.filter(table_name=table, row_pk__in=[str(pk) for pk in pks])
    return list(rows.filter(id__gt=since).order_by("id"))


def _last() -> int:
    """The newest RowChange id: what the fixtures' own changes (through actions) left."""
    return RowChange.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def people(db):
    return build_people()


@pytest.mark.django_db
def test_a_queryset_update_leaves_the_row_before_and_after(district):
    grid, since = district.grids[0], _last()

    Area.objects.filter(pk=grid.pk).update(name="改名网格")

    (change,) = _changes("organisations_area", grid.pk, since=since)
    assert (change.operation, change.old["name"], change.new["name"]) == (
        "U",
        grid.name,
        "改名网格",
    )
    assert change.old["id"] == change.new["id"] == grid.pk
    assert change.old["code"] == change.new["code"] == grid.code  # the whole row, not a diff
    assert change.changed_at is not None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()")
            assert change.txid == cursor.fetchone()[0]
    else:
        assert change.txid is None


def test_bulk_update_leaves_one_row_per_person_holding_ciphertexts_only(people):
    persons = people.persons[:3]
    before, since = {p.pk: p.name for p in persons}, _last()
    for person in persons:
        person.name = f"{person.name}乙"

    Person.objects.bulk_update(persons, ["name"])

    changes = _changes("people_person", *before, since=since)
    assert sorted((c.row_pk, c.operation, c.old["name"], c.new["name"]) for c in changes) == sorted(
        (str(pk), "U", name, f"{name}乙") for pk, name in before.items()
    )
    for change in changes:  # the ID number and phone are there, as their ciphertexts
        id_number, phone = people.plain[int(change.row_pk)]
        stored = json.dumps(change.old)
        assert change.old["id_number_cipher"] and id_number not in stored
        assert phone == "" or (change.old["phone_cipher"] and phone not in stored)


def test_a_raw_sql_update_is_captured(people):
    person, since = people.persons[0], _last()

    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET name = %s WHERE id = %s", ["钱七", person.pk])

    (change,) = _changes("people_person", person.pk, since=since)
    assert (change.operation, change.old["name"], change.new["name"]) == ("U", person.name, "钱七")


def test_a_raw_sql_delete_is_captured_with_the_row_it_removed(people):
    tag = HouseholdTag.objects.create(district_code="330213", code="probe", name="测试标签")
    household = people.households[0]
    household.tags.add(tag)  # an INSERT: not captured
    assert _changes("people_householdtag", tag.pk) == []

    household.tags.remove(tag)  # a many-to-many table is captured too
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_householdtag WHERE id = %s", [tag.pk])

    (change,) = _changes("people_householdtag", tag.pk)
    assert (change.operation, change.old["name"], change.new) == ("D", "测试标签", None)
    links = RowChange.objects.filter(table_name="people_household_tags")
    (link,) = links.filter(old__householdtag_id=tag.pk)
    assert (link.operation, link.old["householdtag_id"], link.old["household_id"]) == (
        "D",
        tag.pk,
        household.pk,
    )


@pytest.mark.django_db
def test_an_update_that_changes_nothing_leaves_no_row(district):
    grid = district.grids[0]
    before = RowChange.objects.count()

    assert Area.objects.filter(pk=grid.pk).update(name=F("name")) == 1

    assert RowChange.objects.count() == before  # SQLite too: its triggers compare every column


@pytest.mark.django_db
def test_a_stamp_alone_is_not_captured_but_a_change_with_it_is(personas):
    user = personas["no_role"]
    accounts.token_issue(user=user, name="probe")
    token = user.api_tokens.get()
    tokens = type(token).objects.filter(pk=token.pk)

    tokens.update(last_used_at=timezone.now())
    assert _changes("accounts_apitoken", token.pk) == []

    tokens.update(last_used_at=timezone.now(), revoked_at=timezone.now())
    (change,) = _changes("accounts_apitoken", token.pk)
    assert change.old["revoked_at"] is None and change.new["revoked_at"] is not None


def _refused(statement) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        statement()


@pytest.mark.django_db
def test_row_changes_cannot_be_updated_or_deleted(district):
    Area.objects.filter(pk=district.grids[0].pk).update(name="改名网格")
    change = RowChange.objects.latest("id")
    rows = RowChange.objects.filter(pk=change.pk)

    def raw(sql: str):
        return lambda: connection.cursor().execute(sql, [change.pk])

    _refused(lambda: rows.update(row_pk="0"))
    _refused(rows.delete)
    change.row_pk = "0"
    _refused(lambda: change.save(update_fields=["row_pk"]))
    _refused(raw("UPDATE core_rowchange SET row_pk = '0' WHERE id = %s"))
    _refused(raw("DELETE FROM core_rowchange WHERE id = %s"))
    assert RowChange.objects.get(pk=change.pk).row_pk == str(district.grids[0].pk)


# Every table -----------------------------------------------------------------------------------


def _project_tables() -> set[str]:
    """The database's tables that belong to a project app (by the app's label), found without
    asking the models that the triggers are made from."""
    labels = [c.label for c in apps.get_app_configs() if c.name.startswith("yipanqi.")]
    return {
        table
        for table in connection.introspection.table_names()
        if any(table.startswith(f"{label}_") for label in labels)
    }


def _tables_with_capture() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t"
                " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid"
                " WHERE p.proname = %s AND t.tgenabled <> 'D'",
                [row_changes.FUNCTION],
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        triggers = set(cursor.fetchall())
    return {
        t for t, _n in triggers if all((t, n) in triggers for n in row_changes.trigger_names(t))
    }


@pytest.mark.django_db
def test_every_project_table_is_captured_but_the_listed_exclusions():
    tables = _project_tables()

    assert len(tables) > 100
    assert tables - _tables_with_capture() == set(row_changes.EXCLUDED_TABLES)
    assert _tables_with_capture() <= tables


def test_the_ignored_columns_exist():
    columns = {
        m._meta.db_table: {f.column for f in m._meta.concrete_fields}
        for m in row_changes.captured_models()
    }
    for table, (names, reason) in row_changes.IGNORED_COLUMNS.items():
        assert set(names) <= columns[table] and reason


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_trail_and_leaves_every_guard_in_place():
    """The test runner flushes after each transactional test: on SQLite that deletes row by row,
    which the trail's own triggers would refuse."""
    tag = HouseholdTag.objects.create(district_code="330213", code="probe", name="测试标签")
    HouseholdTag.objects.filter(pk=tag.pk).update(name="改名")
    assert _changes("people_householdtag", tag.pk)

    call_command("flush", interactive=False, verbosity=0)

    assert not RowChange.objects.exists() and not HouseholdTag.objects.exists()
    assert _project_tables() - _tables_with_capture() == set(row_changes.EXCLUDED_TABLES)
    tag = HouseholdTag.objects.create(district_code="330213", code="probe", name="测试标签")
    with transaction.atomic():
        HouseholdTag.objects.filter(pk=tag.pk).update(name="改名")
    _refused(RowChange.objects.all().delete)


# Retention -------------------------------------------------------------------------------------

_YEAR = datetime.timedelta(days=365)
NOW = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=timezone.get_default_timezone())


def _at(month: int) -> datetime.datetime:
    return datetime.datetime(2026, month, 15, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.mark.django_db
def test_row_changes_go_with_the_audit_months_past_retention():
    for month in (1, 2, 11):
        RowChange.objects.create(
            table_name="probe",
            row_pk=str(month),
            operation="U",
            old={},
            new={},
            changed_at=_at(month),
        )
    event = audit.new_event(actor=system("test"), action="test.event")
    event.created_at = _at(1)
    audit.record_many([event])

    assert audit_retention.plan(NOW, 180).row_changes == 2  # the dry run counts them
    plan = audit_retention.prune(NOW, 180)

    assert (plan.rows, plan.row_changes) == (1, 2)
    assert list(RowChange.objects.filter(table_name="probe").values_list("row_pk", flat=True)) == [
        "11"
    ]
    checkpoint = AuditEvent.objects.get(action=audit_retention.CHECKPOINT)
    assert checkpoint.data["row_changes"] == 2
    _refused(RowChange.objects.all().delete)  # the refusal is back


@pytest.mark.django_db
def test_row_changes_are_pruned_when_no_audit_month_is_due():
    RowChange.objects.create(
        table_name="probe", row_pk="1", operation="D", old={}, changed_at=_at(1)
    )
    assert audit_retention.prune(NOW, 180).row_changes == 1
    assert not RowChange.objects.filter(table_name="probe").exists()
    assert not AuditEvent.objects.filter(action=audit_retention.CHECKPOINT).exists()


# The application's database role (PostgreSQL; docs/deployment-db-roles.md) ---------------------


def test_the_grants_block_makes_the_trail_append_only():
    revoke = next(s for s in _grants("r", "d") if s.startswith("REVOKE UPDATE, DELETE, TRUNCATE"))
    assert "core_rowchange" in revoke


def test_the_app_role_is_captured_and_cannot_touch_the_trail(app_role, district):  # noqa: F811
    grid, since = district.grids[0], _last()
    with _acting_as(app_role):
        Area.objects.filter(pk=grid.pk).update(name="改名网格")
        (change,) = _changes("organisations_area", grid.pk, since=since)
        refusals = [
            _refusal(sql)[0]
            for sql in (
                f"UPDATE core_rowchange SET row_pk = '0' WHERE id = {change.pk}",
                f"DELETE FROM core_rowchange WHERE id = {change.pk}",
                "TRUNCATE core_rowchange",
                "ALTER TABLE organisations_area DISABLE TRIGGER organisations_area_capture_update",
                f"DROP FUNCTION {row_changes.FUNCTION}() CASCADE",
            )
        ]
    assert change.new["name"] == "改名网格"
    assert refusals == ["42501"] * 5


# Redaction: retention and erasure keep the fact of the change, not the erased values ------------

ANONYMISED_COLUMNS = {"title", "description", "household_id", "resident_id"}


def _closed_years_ago(world, years: int) -> ServiceOrder:
    order = world.order_in("closed")
    ServiceOrder.objects.filter(pk=order.pk).update(closed_at=timezone.now() - years * _YEAR)
    return order


def _assert_redacted(table: str, pks, *, since: int, reason: str, words, columns) -> None:
    """Each row changed once, marked with `reason`; `old` and `new` name changed columns only,
    each → null, and none of the erased words is anywhere in them."""
    changes = _changes(table, *pks, since=since)
    assert sorted(int(c.row_pk) for c in changes) == sorted(pks)
    for change in changes:
        assert (change.operation, change.redacted) == ("U", reason)
        assert change.old == change.new == dict.fromkeys(change.old)
        assert set(columns[0]) <= set(change.old) <= set(columns[1]), change.old
        stored = json.dumps([change.old, change.new], ensure_ascii=False)
        assert not [w for w in words if w in stored]


@pytest.fixture
def orders_world(district):
    return build_orders_world(district)


def test_retention_captures_which_columns_it_erased_but_not_their_values(orders_world):
    order = _closed_years_ago(orders_world, 6)
    notes = [n for n in OrderEvent.objects.filter(order=order).values_list("note", flat=True) if n]
    events = list(
        OrderEvent.objects.filter(order=order).exclude(note="").values_list("pk", flat=True)
    )
    words = [order.title, order.description, *notes]
    assert notes and events and order.description
    since = _last()

    assert retention.anonymise_expired() == 1

    columns = ({"title", "description"}, ANONYMISED_COLUMNS)
    _assert_redacted(
        "orders_serviceorder",
        [order.pk],
        since=since,
        reason=retention.ACTION,
        words=words,
        columns=columns,
    )
    _assert_redacted(
        "orders_orderevent",
        events,
        since=since,
        reason=retention.ACTION,
        words=words,
        columns=({"note"}, {"note"}),
    )
    assert AuditEvent.objects.filter(action=retention.ACTION).exists()  # the reason's event
    assert not Redaction.objects.exists()
    # Outside the job, an ordinary update is captured with its values again.
    other, since = orders_world.order_in("closed"), _last()
    ServiceOrder.objects.filter(pk=other.pk).update(description="另一件事")
    (change,) = _changes("orders_serviceorder", other.pk, since=since)
    assert (change.redacted, change.old["description"], change.new["description"]) == (
        "",
        other.description,
        "另一件事",
    )


def test_erasure_on_request_captures_no_erased_value(orders_world):
    from yipanqi.privacy import actions as privacy

    resident = orders_world.personas["resident_a1"]
    order = orders_world.order_in("closed")
    assert order.resident.user == resident
    request = privacy.request_submit(kind="delete", details="请删除我的信息", actor=resident)
    since = _last()

    privacy.request_answer(
        request=request,
        done=True,
        answer="已删除",
        actor=orders_world.personas["community_admin_a1"],
    )

    assert ServiceOrder.objects.get(pk=order.pk).description == ""
    _assert_redacted(
        "orders_serviceorder",
        [order.pk],
        since=since,
        reason=retention.ERASED,
        words=[order.title, order.description],
        columns=({"title", "description"}, ANONYMISED_COLUMNS),
    )
    assert not Redaction.objects.exists()


class _Failing:
    """The app registry as the retention job sees it, but the related rows' model breaks."""

    def get_model(self, label: str):
        if label == "orders.OrderEvent":
            raise RuntimeError("disk full")
        return apps.get_model(label)


def test_a_failing_job_leaves_no_marker_and_no_change(orders_world, monkeypatch):
    order, since = _closed_years_ago(orders_world, 6), _last()
    monkeypatch.setattr(retention, "apps", _Failing())

    with pytest.raises(RuntimeError, match="disk full"):
        retention.anonymise_expired()

    assert not Redaction.objects.exists()
    assert ServiceOrder.objects.get(pk=order.pk).description == order.description
    assert _changes("orders_serviceorder", order.pk, since=since) == []


@pytest.mark.django_db
def test_a_marker_hides_values_but_never_the_change(district):
    """Whoever inserts a marker by hand (the app role may) still leaves a row per change."""
    grid, since = district.grids[0], _last()
    tag = HouseholdTag.objects.create(district_code="330213", code="probe", name="测试标签")

    with transaction.atomic():
        Redaction.objects.create(reason="probe")
        with connection.cursor() as cursor:
            cursor.execute("UPDATE organisations_area SET name = %s WHERE id = %s", ["x", grid.pk])
            cursor.execute("DELETE FROM people_householdtag WHERE id = %s", [tag.pk])
        Redaction.objects.all().delete()

    (update,) = _changes("organisations_area", grid.pk, since=since)
    assert (update.redacted, update.old, update.new) == ("probe", {"name": None}, {"name": None})
    (delete,) = _changes("people_householdtag", tag.pk, since=since)
    assert (delete.operation, delete.redacted, delete.new) == ("D", "probe", None)
    assert delete.old == dict.fromkeys(f.column for f in HouseholdTag._meta.concrete_fields)


@pytest.mark.django_db
def test_a_marker_redacts_only_its_own_transaction(postgres, district):
    """PostgreSQL stamps the marker with its own transaction: a txid given, or set later, is
    replaced, so a marker cannot be aimed at another transaction."""
    grid, since = district.grids[0], _last()
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
        (own,) = cursor.fetchone()
        cursor.execute("INSERT INTO core_redaction (reason, txid) VALUES ('probe', %s)", [own + 1])
        cursor.execute("UPDATE core_redaction SET txid = %s", [own + 1])
    assert list(Redaction.objects.values_list("txid", flat=True)) == [own]
    with connection.cursor() as cursor:  # a marker of another transaction, made as the owner
        cursor.execute("ALTER TABLE core_redaction DISABLE TRIGGER core_redaction_own_txid")
        cursor.execute("UPDATE core_redaction SET txid = %s", [own + 1])
        cursor.execute("ALTER TABLE core_redaction ENABLE TRIGGER core_redaction_own_txid")

    Area.objects.filter(pk=grid.pk).update(name="改名网格")

    (change,) = _changes("organisations_area", grid.pk, since=since)
    assert (change.redacted, change.new["name"]) == ("", "改名网格")
