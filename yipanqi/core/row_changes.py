"""Database-level change capture (R-AU-2; docs/decisions/031-row-change-capture.md).

Actions audit what they change (core.audit). A `QuerySet.update()`, a `bulk_update()`, a shell or
raw SQL goes round them; these triggers catch it: every UPDATE that changes a row's content and
every DELETE, on every table of the project's own models, appends one `RowChange` (数据变更记录)
holding the row before and after, as stored. INSERTs are not captured: rows are created through
actions, which audit them, and the demo's bulk creation stays fast.

The triggers are remade after every `migrate` (post_migrate), from the models, so a new app's
tables are captured unasked; `core/tests/test_row_changes.py` fails for a table of the project
without them that EXCLUDED_TABLES does not list.

- PostgreSQL: one function, and per table statement-level AFTER UPDATE / AFTER DELETE triggers
  with transition tables: one INSERT … SELECT per statement, however many rows it touched.
- SQLite (development and tests): row-level triggers generated from the model's columns. They
  are dropped before each migrate, because SQLite cannot drop a column that a trigger names.

Redaction: a change that erases personal data (retention, erasure on request; core.retention) must
not keep the erased values alive in this trail. It runs inside `redacting(reason)`, which holds a
`Redaction` row for the length of its transaction; while it exists, the triggers still write one
RowChange per changed row, but `old` and `new` only name the changed columns (each → null) and
`redacted` holds the reason. Whoever inserts a marker still leaves those rows: it hides values,
never the change.
"""

import contextlib
import json
from collections.abc import Iterator

from django.apps import apps
from django.db import connections, transaction
from django.db.models import Model

from yipanqi.core.models import Redaction

FUNCTION = "core_rowchange_capture"

# Tables whose changes are not captured, and why.
EXCLUDED_TABLES = {
    "core_auditevent": "the audit trail: append-only, its rows never change",
    "core_personaldataaccess": "the personal-data access log: append-only",
    "core_rowchange": "this trail itself: append-only, and capturing it would recurse",
    "core_redaction": "the redaction marker: lives only inside its transaction, whose audit "
    "event (core.retention.*) its reason names",
}
# Columns whose change alone is not captured (a change of any other column is, the whole row),
# and why: technical stamps and progress counters rewritten while the system runs.
IGNORED_COLUMNS = {
    "accounts_user": (("last_login",), "stamped at every sign-in, which is audited"),
    "accounts_apitoken": (("last_used_at",), "stamped as the token is used"),
    "people_importjob": (
        ("processed_rows", "updated_at"),
        "an import's progress bar, saved every 500 rows",
    ),
    "reports_report": (("progress", "updated_at"), "a report build's progress bar"),
}

# The trail's own append-only triggers (made by migration 0006), for whoever must lift them for
# a transaction of its own (a flush of a SQLite database, audit retention).
APPEND_ONLY_LIFT = {
    "postgresql": ["ALTER TABLE core_rowchange DISABLE TRIGGER core_rowchange_no_change"],
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_rowchange_no_update",
        "DROP TRIGGER IF EXISTS core_rowchange_no_delete",
    ],
}
APPEND_ONLY_RESTORE = {
    "postgresql": ["ALTER TABLE core_rowchange ENABLE TRIGGER core_rowchange_no_change"],
    "sqlite": [
        f"CREATE TRIGGER IF NOT EXISTS core_rowchange_no_{op.lower()} BEFORE {op} "
        "ON core_rowchange BEGIN SELECT RAISE(ABORT, 'row changes are append-only'); END"
        for op in ("UPDATE", "DELETE")
    ],
}


def captured_models() -> list[type[Model]]:
    """Every concrete model of a yipanqi app (many-to-many tables too) but the excluded ones."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("yipanqi.")
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in EXCLUDED_TABLES
    ]


def trigger_names(table: str) -> tuple[str, str]:
    return f"{table}_capture_update", f"{table}_capture_delete"


def ignored(table: str) -> tuple[str, ...]:
    return IGNORED_COLUMNS.get(table, ((), ""))[0]


@contextlib.contextmanager
def redacting(reason: str, using: str = "default") -> Iterator[None]:
    """Changes made inside are captured without their values, marked with `reason` (the audit
    action of the job). The marker goes at the end, or with the transaction when it fails."""
    with transaction.atomic(using=using):
        marker = Redaction.objects.using(using).create(reason=reason)
        yield
        Redaction.objects.using(using).filter(pk=marker.pk).delete()


# PostgreSQL ------------------------------------------------------------------------------------

# TG_ARGV: the primary-key column, then the ignored columns. `old - $2` drops them from the
# comparison, so an update that changes nothing else (or nothing at all) leaves no row. A
# Redaction of this very transaction (its txid is stamped by the database, migration 0006) turns
# the values into the changed columns' names; the CASE computes those only then.
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION __FUNCTION__() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  pk text := TG_ARGV[0];
  skip text[] := coalesce(TG_ARGV[1:], '{}');
  reason text;
BEGIN
  SELECT r.reason INTO reason FROM core_redaction r
  WHERE r.txid = txid_current() ORDER BY r.id DESC LIMIT 1;
  reason := coalesce(reason, '');
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format($sql$
      INSERT INTO core_rowchange (table_name, row_pk, operation, "old", "new", txid, redacted)
      SELECT $1, c.pk, 'U', coalesce(r.names, c.old_row), coalesce(r.names, c.new_row),
             txid_current(), $3
      FROM (SELECT o.%1$I::text AS pk, to_jsonb(o) AS old_row, to_jsonb(n) AS new_row
            FROM old_rows o JOIN new_rows n ON n.%1$I = o.%1$I) c
      CROSS JOIN LATERAL (SELECT CASE WHEN $3 = '' THEN NULL ELSE coalesce(
        (SELECT jsonb_object_agg(e.key, 'null'::jsonb) FROM jsonb_each(c.old_row) e
         WHERE e.value IS DISTINCT FROM c.new_row -> e.key), '{}') END AS names) r
      WHERE c.old_row - $2 IS DISTINCT FROM c.new_row - $2 $sql$, pk)
    USING TG_TABLE_NAME, skip, reason;
  ELSE
    EXECUTE format($sql$
      INSERT INTO core_rowchange (table_name, row_pk, operation, "old", "new", txid, redacted)
      SELECT $1, o.%1$I::text, 'D', CASE WHEN $2 = '' THEN to_jsonb(o) ELSE
        (SELECT jsonb_object_agg(k, 'null'::jsonb) FROM jsonb_object_keys(to_jsonb(o)) k) END,
        NULL, txid_current(), $2
      FROM old_rows o $sql$, pk)
    USING TG_TABLE_NAME, reason;
  END IF;
  RETURN NULL;
END $body$""".replace("__FUNCTION__", FUNCTION)  # nosec B608: names from the code


def postgresql_statements(model: type[Model]) -> list[str]:
    table = model._meta.db_table
    update, delete = trigger_names(table)
    args = ", ".join(f"'{column}'" for column in (model._meta.pk.column, *ignored(table)))
    return [
        f'DROP TRIGGER IF EXISTS {update} ON "{table}"',
        f'CREATE TRIGGER {update} AFTER UPDATE ON "{table}" '
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}({args})",
        f'DROP TRIGGER IF EXISTS {delete} ON "{table}"',
        f'CREATE TRIGGER {delete} AFTER DELETE ON "{table}" REFERENCING OLD TABLE AS old_rows '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}({args})",
    ]


# SQLite ----------------------------------------------------------------------------------------


def _value(field, row: str) -> str:
    column = f'{row}."{field.column}"'
    kind = field.get_internal_type()
    if kind == "BinaryField":
        return f"hex({column})"
    if kind == "JSONField":
        return f"json({column})"  # kept as JSON, as to_jsonb does; SQLite checks it is valid
    return column


def _json_row(model: type[Model], row: str) -> str:
    """json_object(...) of the row's columns; past 50 columns, json_insert adds the rest (SQLite
    caps a function's arguments at 127 by default)."""
    pairs = [(f.column, _value(f, row)) for f in model._meta.concrete_fields]
    first, rest = pairs[:50], pairs[50:]
    sql = "json_object(" + ", ".join(f"'{c}', {v}" for c, v in first) + ")"
    for start in range(0, len(rest), 50):
        chunk = rest[start : start + 50]
        sql = f"json_insert({sql}, " + ", ".join(f"'$.\"{c}\"', {v}" for c, v in chunk) + ")"
    return sql


def _changed_names(model: type[Model]) -> str:
    """{"column": null, …} of the columns this row update changed (a redacted capture)."""
    names = " UNION ALL ".join(
        f'SELECT \'{f.column}\' AS k WHERE OLD."{f.column}" IS NOT NEW."{f.column}"'
        for f in model._meta.concrete_fields
    )
    return f"(SELECT json_group_object(k, NULL) FROM ({names}))"  # nosec B608: model columns


def _redacted_or(values: str, names: str) -> str:
    return f"CASE WHEN r.reason IS NULL THEN {values} ELSE {names} END"


def sqlite_statements(model: type[Model]) -> list[str]:
    """SQLite runs one writer at a time: a marker row there is the writing transaction's own."""
    table, pk = model._meta.db_table, model._meta.pk.column
    update, delete = trigger_names(table)
    compared = [f.column for f in model._meta.concrete_fields if f.column not in ignored(table)]
    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in compared)
    insert = 'INSERT INTO core_rowchange (table_name, row_pk, operation, "old", "new", redacted)'
    marker = (
        "FROM (SELECT (SELECT reason FROM core_redaction ORDER BY id DESC LIMIT 1) AS reason) r"
    )
    names = _changed_names(model)
    every = json.dumps({f.column: None for f in model._meta.concrete_fields})
    blank = f"json('{every}')"  # a redacted delete: every column, no value
    return [
        f'DROP TRIGGER IF EXISTS "{update}"',
        f'CREATE TRIGGER "{update}" AFTER UPDATE ON "{table}" FOR EACH ROW WHEN {changed} '
        f"BEGIN {insert} SELECT '{table}', CAST(OLD.\"{pk}\" AS TEXT), 'U', "
        f"{_redacted_or(_json_row(model, 'OLD'), names)}, "
        f"{_redacted_or(_json_row(model, 'NEW'), names)}, coalesce(r.reason, '') {marker}; END",
        f'DROP TRIGGER IF EXISTS "{delete}"',
        f'CREATE TRIGGER "{delete}" AFTER DELETE ON "{table}" FOR EACH ROW '
        f"BEGIN {insert} SELECT '{table}', CAST(OLD.\"{pk}\" AS TEXT), 'D', "
        f"{_redacted_or(_json_row(model, 'OLD'), blank)}, NULL, "
        f"coalesce(r.reason, '') {marker}; END",
    ]


# Installing ------------------------------------------------------------------------------------

STATEMENTS = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}


def _drop_excluded(vendor: str) -> list[str]:
    """A table newly listed in EXCLUDED_TABLES loses the triggers it had."""
    names = [(table, name) for table in EXCLUDED_TABLES for name in trigger_names(table)]
    if vendor == "sqlite":
        return [f'DROP TRIGGER IF EXISTS "{name}"' for _table, name in names]
    return [f'DROP TRIGGER IF EXISTS {name} ON "{table}"' for table, name in names]


def install(using: str = "default") -> int:
    """(Re)make the capture triggers of every captured table that exists; returns how many."""
    connection = connections[using]
    make = STATEMENTS.get(connection.vendor)
    if make is None:
        return 0
    existing = set(connection.introspection.table_names())
    if "core_rowchange" not in existing:
        return 0
    models = [m for m in captured_models() if m._meta.db_table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for sql in _drop_excluded(connection.vendor):
            cursor.execute(sql)
        for model in models:
            for sql in make(model):
                cursor.execute(sql)  # nosec B608: names from the models, not input
    return len(models)


def uninstall(using: str = "default") -> None:
    """Drop every capture trigger (SQLite only: before a migrate or a flush)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND (name GLOB '*_capture_update' OR name GLOB '*_capture_delete')"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def run(statements: dict[str, list[str]], using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def before_migrate(sender, using: str = "default", **kwargs) -> None:
    uninstall(using)


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate (core's is enough): the tables are there; remake the triggers."""
    install(using)
