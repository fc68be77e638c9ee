from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yipanqi.core.audit import verify_chain
from yipanqi.core.audit_digest import check_digests


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain, and with --digest the daily digests kept off the "
        "database host; exit non-zero naming the first bad row or digest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digest", help="a file of daily digests (yipanqi audit_digest)")

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at event id {report.first_bad_id}: {report.reason} "
                f"({report.checked} events verified before it)"
            )
        if options["digest"]:
            lines = Path(options["digest"]).read_text(encoding="utf-8").splitlines()
            problems = check_digests(lines)
            if problems:
                first = problems[0]
                raise CommandError(f"digest line {first.line}: {first.reason}")
            self.stdout.write(f"{len(lines)} digests hold")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events"))
