"""Django's flush, which also empties the row-change trail on SQLite.

PostgreSQL flushes with TRUNCATE, which neither the capture triggers nor the trail's append-only
triggers see. SQLite deletes row by row: each deleted row would be captured, and the trail's own
rows refuse DELETE. A flush is no business change, so on SQLite the capture triggers and the
trail's refusal are lifted for it and made again after (the test runner flushes after every
transactional test).
"""

from django.core.management.commands import flush

from yipanqi.core import row_changes


class Command(flush.Command):
    def handle(self, **options):
        using = options["database"]
        row_changes.uninstall(using)
        row_changes.run({"sqlite": row_changes.APPEND_ONLY_LIFT["sqlite"]}, using)
        try:
            super().handle(**options)
        finally:
            row_changes.run({"sqlite": row_changes.APPEND_ONLY_RESTORE["sqlite"]}, using)
            row_changes.install(using)
