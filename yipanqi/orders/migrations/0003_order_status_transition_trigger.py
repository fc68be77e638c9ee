"""R-AC-5: the database refuses an illegal status change too, whoever writes it (raw SQL included).

The pairs are ORDER_TRANSITIONS as of this migration, plus the two a rating saves in one write
(done → closed and done → accepted: `rated` is passed through inside the action, never stored).
Frozen here on purpose: a later change to the table comes with its own migration.
"""

from django.db import migrations

ALLOWED = (
    ("placed", "accepted"),
    ("placed", "declined"),
    ("placed", "cancelled"),
    ("accepted", "dispatched"),
    ("accepted", "cancelled"),
    ("dispatched", "taken"),
    ("dispatched", "cancelled"),
    ("taken", "done"),
    ("taken", "dispatched"),
    ("taken", "cancelled"),
    ("done", "rated"),
    ("done", "closed"),
    ("done", "accepted"),
    ("rated", "closed"),
    ("rated", "accepted"),
)
PAIRS = ", ".join(f"'{old}>{new}'" for old, new in ALLOWED)
MESSAGE = "illegal service order transition"

SQLITE_UP = [
    "CREATE TRIGGER orders_serviceorder_transition BEFORE UPDATE OF status ON orders_serviceorder "
    f"FOR EACH ROW WHEN NEW.status <> OLD.status AND (OLD.status || '>' || NEW.status) NOT IN ({PAIRS}) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS orders_serviceorder_transition;"]
PG_UP = [
    f"""CREATE OR REPLACE FUNCTION orders_serviceorder_transition() RETURNS trigger AS $$
       BEGIN
         IF NEW.status <> OLD.status AND (OLD.status || '>' || NEW.status) NOT IN ({PAIRS}) THEN
           RAISE EXCEPTION '{MESSAGE}: % -> %', OLD.status, NEW.status
             USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER orders_serviceorder_transition BEFORE UPDATE OF status ON orders_serviceorder "
    "FOR EACH ROW EXECUTE FUNCTION orders_serviceorder_transition();",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS orders_serviceorder_transition ON orders_serviceorder;",
    "DROP FUNCTION IF EXISTS orders_serviceorder_transition();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, None)  # no parameters: the "%" in RAISE stays as written

    return run


class Migration(migrations.Migration):
    dependencies = [("orders", "0002_order_idempotency_key")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
