import json
from pathlib import Path

from django.core.management.base import BaseCommand

from yipanqi.core.audit_digest import make_digest


class Command(BaseCommand):
    help = (
        "Write the audit chain's signed daily digest (R-AU-4): print it, or append it to --out, "
        "a file the scheduler ships off the database host."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="append the digest line to this file")

    def handle(self, *args, **options):
        line = json.dumps(make_digest(), sort_keys=True)
        if options["out"]:
            with Path(options["out"]).open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        self.stdout.write(line)
