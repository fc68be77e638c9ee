from pathlib import Path

from django.core.management.base import BaseCommand

from yipanqi.core import backup
from yipanqi.core.actions import backup_recorded
from yipanqi.core.actors import system


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite online backup or pg_dump custom format) with a "
        "manifest of every table's row count and checksum beside it (FILE.manifest.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path = options["file"].expanduser().resolve()
        manifest = backup.backup(path)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        tables = len(manifest["tables"])
        backup_recorded(file_name=path.name, tables=tables, rows=rows, actor=system("backup"))
        self.stdout.write(
            self.style.SUCCESS(
                f"backed up {tables} tables, {rows} rows, "
                f"{manifest['audit_events']} audit events to {path}"
            )
        )
