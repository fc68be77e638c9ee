import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yipanqi.core import backup


class Command(BaseCommand):
    help = (
        "Restore FILE (made by `yipanqi backup`) into a new or empty database given by --into "
        "(a database URL), then prove it: every table's row count and checksum equal the "
        "backup's manifest and the restored audit chain verifies. Exits non-zero otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--into", required=True, help="database URL to restore into")
        parser.add_argument(
            "--verify-only", action="store_true", help="compare an already restored database"
        )

    def handle(self, *args, **options):
        path = options["file"].expanduser().resolve()
        if not backup.manifest_path(path).exists():
            raise CommandError(f"no manifest beside {path}: not a `yipanqi backup` file")
        if not options["verify_only"]:
            try:
                backup.restore(path, options["into"])
            except subprocess.CalledProcessError as error:
                raise CommandError(f"{error.cmd[0]} failed: {error.stderr.strip()}") from error
            except OSError as error:
                raise CommandError(str(error)) from error
        report = backup.verify_restored(path, options["into"])
        if not report.ok:
            raise CommandError("restore differs from the backup:\n" + "\n".join(report.differences))
        self.stdout.write(
            self.style.SUCCESS(
                f"restore verified: {report.tables} tables, {report.rows} rows, "
                f"{report.audit_events} audit events, chain intact"
            )
        )
