"""The audit trail: written inside transactions, hash-chained, append-only, verifiable."""

import contextlib
import importlib
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from yipanqi.core import audit, context
from yipanqi.core.models import AuditEvent, PersonalDataAccess

INITIAL = importlib.import_module("yipanqi.core.migrations.0001_initial")


def _record(n: int = 1, **kwargs) -> list[AuditEvent]:
    return [audit.record(actor=None, action=f"core.test.event{i}", **kwargs) for i in range(n)]


@contextlib.contextmanager
def _triggers_disabled():
    """Let the test tamper with audit rows as a database superuser could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while deferred FK checks on the table are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_change")
        else:
            for sql in INITIAL.SQLITE_DOWN:
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_change"
                )
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                for sql in INITIAL.SQLITE_UP:
                    cursor.execute(sql)


def _refused(statement) -> str:
    """Run a write against the audit table and return the database's refusal."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic():
        statement()
    return str(refusal.value)


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_raises():
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        audit.record(actor=None, action="core.test.outside")

    assert not AuditEvent.objects.exists()


def test_events_are_chained_by_prev_hash(db):
    before = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""

    first, second, third = _record(3)

    assert first.prev_hash == before
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_stored_event_hashes_to_its_hash(db):
    # given: values that JSON, the database and IPv6 notation may all rewrite
    token = context.set_current(context.RequestContext("req-1", "2001:0DB8:0000:0000::0001"))
    try:
        (event,) = _record(data={"amount": Decimal("1.10"), "名称": "奉化"}, changes={"b": [1, 2]})
    finally:
        context.reset(token)

    # when
    stored = AuditEvent.objects.get(pk=event.pk)

    # then
    assert audit.event_hash(stored) == stored.hash == event.hash


def test_record_keeps_request_id_ip_and_scope_of_the_target(district):
    area = district.communities[0]
    token = context.set_current(context.RequestContext("req-42", "10.1.2.3"))
    try:
        event = audit.record(actor=None, action="core.test.scoped", target=area)
    finally:
        context.reset(token)

    assert (event.request_id, event.ip) == ("req-42", "10.1.2.3")
    assert (event.scope_path, event.district_code) == (area.scope_path, area.district_code)
    assert (event.target_type, event.target_id) == ("organisations.area", str(area.pk))


def test_orm_update_of_an_audit_event_is_refused(db):
    (event,) = _record()

    message = _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="x"))

    assert "append-only" in message
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def test_orm_save_of_an_existing_audit_event_is_refused(db):
    (event,) = _record()
    event.action = "core.test.rewritten"

    assert "append-only" in _refused(lambda: event.save(update_fields=["action"]))


def test_orm_delete_of_audit_events_is_refused(db):
    (event,) = _record()

    assert "append-only" in _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    assert "append-only" in _refused(event.delete)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_update_and_delete_are_refused(db):
    (event,) = _record()

    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])

    update = "UPDATE core_auditevent SET action = 'x' WHERE id = %s"
    delete = "DELETE FROM core_auditevent WHERE id = %s"
    assert "append-only" in _refused(lambda: raw(update))
    assert "append-only" in _refused(lambda: raw(delete))
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def _access(district) -> PersonalDataAccess:
    area = district.communities[0]
    return PersonalDataAccess.objects.create(
        actor=district.personas["community_admin_a1"],
        subject_type="people.person",
        subject_id="1",
        subject_repr="张*丰",
        field="phone",
        purpose="上门走访前电话核对",
        scope_path=area.scope_path,
        district_code=area.district_code,
    )


def test_orm_update_and_delete_of_the_access_log_are_refused(district):
    """R-AU-3: the personal-data access log (R-PI-4) is append-only like the audit events."""
    access = _access(district)
    rows = PersonalDataAccess.objects.filter(pk=access.pk)
    access.purpose = "改写"

    assert "append-only" in _refused(lambda: rows.update(purpose="改写"))
    assert "append-only" in _refused(lambda: access.save(update_fields=["purpose"]))
    assert "append-only" in _refused(rows.delete)
    assert "append-only" in _refused(access.delete)
    assert rows.get().purpose == "上门走访前电话核对"


def test_raw_sql_update_and_delete_of_the_access_log_are_refused(district):
    """R-AU-3: the database refuses, not only the ORM (both DB legs)."""
    access = _access(district)

    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [access.pk])

    update = "UPDATE core_personaldataaccess SET purpose = 'x' WHERE id = %s"
    delete = "DELETE FROM core_personaldataaccess WHERE id = %s"
    assert "append-only" in _refused(lambda: raw(update))
    assert "append-only" in _refused(lambda: raw(delete))
    assert PersonalDataAccess.objects.get(pk=access.pk).purpose == access.purpose


def test_verify_audit_passes_on_an_intact_chain(db, capsys):
    _record(3)

    call_command("verify_audit")

    assert "audit chain intact" in capsys.readouterr().out


def test_verify_audit_names_the_first_altered_row(db):
    _, middle, _ = _record(3)
    with _triggers_disabled():
        AuditEvent.objects.filter(pk=middle.pk).update(action="core.test.forged")

    with pytest.raises(CommandError, match=rf"event id {middle.pk}\b.*does not match its hash"):
        call_command("verify_audit")


def test_verify_audit_finds_a_row_rewritten_with_a_fresh_hash(db):
    # given: a forger who also recomputes the altered row's own hash
    _, middle, last = _record(3)
    middle.action = "core.test.forged"
    forged_hash = audit.event_hash(middle)
    with _triggers_disabled():
        AuditEvent.objects.filter(pk=middle.pk).update(action=middle.action, hash=forged_hash)

    # then: the next row's link gives it away
    with pytest.raises(CommandError, match=rf"event id {last.pk}\b.*link"):
        call_command("verify_audit")


def test_verify_audit_finds_a_deleted_middle_row(db):
    _, middle, last = _record(3)
    with _triggers_disabled():
        AuditEvent.objects.filter(pk=middle.pk).delete()

    with pytest.raises(CommandError, match=rf"event id {last.pk}\b.*link"):
        call_command("verify_audit")


def test_audit_triggers_are_back_after_tampering(db):
    (event,) = _record()
    with _triggers_disabled():
        pass

    assert "append-only" in _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
