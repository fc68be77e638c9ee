"""The application's database role (R-AU-3, docs/deployment-db-roles.md), PostgreSQL only.

Triggers refuse UPDATE and DELETE on the audit trail and the access log (test_audit), but TRUNCATE
fires no row trigger, and whoever owns a table can switch its triggers off. The deployment
document gives the grants for an application role that owns nothing; this test makes a role, runs
that very block for it, becomes it with SET ROLE and tries each way round the triggers. All of it
happens in the test's transaction, so the role and its grants are rolled back with it.
"""

import contextlib
import re
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from yipanqi.accounts import actions as accounts
from yipanqi.core import audit
from yipanqi.core.models import AuditEvent, PersonalDataAccess

DOC = Path(__file__).resolve().parents[3] / "docs" / "deployment-db-roles.md"
BLOCK = re.compile(
    r"<!-- app-role-grants:.*?-->\s*```sql\n(.*?)```\s*<!-- /app-role-grants -->", re.S
)
INSUFFICIENT_PRIVILEGE = "42501"
APPEND_ONLY = ("core_auditevent", "core_personaldataaccess")


def _grants(role: str, database: str) -> list[str]:
    """Section 2 of the document as written, for `role` on `database` (both quoted)."""
    (sql,) = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    sql = re.sub(r"\byipanqi_app\b", role, sql)
    sql = re.sub(r"\bDATABASE yipanqi\b", f"DATABASE {database}", sql)
    return [statement.strip() for statement in sql.split(";") if statement.strip()]


@pytest.fixture
def app_role(postgres, db) -> str:
    """A role made as the document says (section 1's attributes, no password: the test switches
    to it with SET ROLE instead of signing in), with section 2's grants."""
    role = f"yipanqi_app_{uuid.uuid4().hex[:12]}"  # roles are cluster-wide: another run may be on
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE ROLE {qn(role)} NOLOGIN "
            "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
        )
        for sql in _grants(qn(role), qn(connection.settings_dict["NAME"])):
            cursor.execute(sql)
    return role


@contextlib.contextmanager
def _acting_as(role: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(role)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _refusal(sql: str) -> tuple[str, str]:
    """Run `sql` in a savepoint; return the SQLSTATE and message it was refused with."""
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)
    cause = refused.value.__cause__
    return getattr(cause, "sqlstate", None), str(refused.value)


def test_the_grants_block_is_found_and_names_both_append_only_tables():
    statements = _grants("r", "d")
    assert len(statements) >= 5
    revoke = next(s for s in statements if s.startswith("REVOKE UPDATE, DELETE, TRUNCATE"))
    assert all(table in revoke for table in APPEND_ONLY)
    granted = [s for s in statements if s.startswith("GRANT")]
    assert not any(s.startswith("GRANT ALL") or "TRUNCATE" in s or "TRIGGER" in s for s in granted)


def test_the_app_role_owns_nothing_and_is_no_owners_member(app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT r.rolsuper,
                      (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
                    + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
                    + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
                    + (SELECT count(*) FROM pg_database WHERE datdba = r.oid),
                      pg_has_role(r.oid, c.relowner, 'MEMBER')
               FROM pg_roles r, pg_class c
               WHERE r.rolname = %s AND c.oid = 'core_auditevent'::regclass""",
            [app_role],
        )
        superuser, owned, member_of_owner = cursor.fetchone()
    assert (superuser, owned, member_of_owner) == (False, 0, False)


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_the_app_role_cannot_get_round_the_append_only_triggers(app_role, table):
    """TRUNCATE, switching the triggers off, dropping them, replacing their function, the
    replication mode, and plain UPDATE and DELETE: each is refused for lack of privilege."""
    attempts = [
        f"TRUNCATE {table}",
        f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_change",
        f"ALTER TABLE {table} DISABLE TRIGGER ALL",
        f"DROP TRIGGER {table}_no_change ON {table}",
        """CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
           BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql""",
        "SET session_replication_role = replica",
        f"UPDATE {table} SET request_id = 'x'",
        f"DELETE FROM {table}",
        "CREATE TABLE public.yipanqi_probe (id integer)",
    ]
    with _acting_as(app_role):
        refusals = {sql: _refusal(sql) for sql in attempts}

    assert {sql: state for sql, (state, _message) in refusals.items()} == dict.fromkeys(
        attempts, INSUFFICIENT_PRIVILEGE
    )
    assert "must be owner" in refusals[f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_change"][1]


def test_the_app_role_writes_and_reads_the_trail(app_role, personas):
    """The same role runs the application: an action (a user row changed, its audit event
    appended), an access-log row, reading both back and verifying the chain."""
    user = personas["no_role"]
    with _acting_as(app_role):
        accounts.user_set_elder_mode(user=user, on=True, actor=user)
        with transaction.atomic():
            event = audit.record(actor=user, action="core.test.as_app_role")
        access = PersonalDataAccess.objects.create(
            actor=user,
            subject_type="people.person",
            subject_id="1",
            subject_repr="张*丰",
            field="phone",
            purpose="电话回访",
            scope_path="/",
            district_code="330213",
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            (current,) = cursor.fetchone()
        changed = AuditEvent.objects.filter(action="accounts.user.elder_mode_changed", actor=user)
        assert current == app_role
        assert AuditEvent.objects.get(pk=event.pk).hash == event.hash and changed.exists()
        assert PersonalDataAccess.objects.filter(pk=access.pk).exists()
        call_command("verify_audit")
