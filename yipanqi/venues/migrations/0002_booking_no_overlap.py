"""No two held bookings of one venue overlap (PostgreSQL): an exclusion constraint over the
venue and the half-open range [starts_at, ends_at), so 10:00–11:00 and 11:00–12:00 both stand.

The constraint is not in the model's Meta because SQLite cannot express it; there the actions'
check under the venue's row lock is the guard (and the only writer queue: transactions start
IMMEDIATE). The IntegrityError it raises is answered as 409 `booking_overlap`.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class PostgresOnlyBtreeGist(BtreeGistExtension):
    """Django's extension operation skips other databases going forwards but not backwards
    (it asks pg_extension): unapplying this migration on SQLite must be a no-op too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

HELD = "('approved', 'checked_in', 'used', 'no_show')"  # venues.choices.HOLDING
CREATE = f"""
ALTER TABLE venues_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    venue_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (status IN {HELD})
"""
DROP = "ALTER TABLE venues_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"


def _on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [
        PostgresOnlyBtreeGist(),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
