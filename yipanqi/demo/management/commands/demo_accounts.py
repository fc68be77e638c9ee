import json

from django.core.management.base import BaseCommand

from yipanqi.demo.accounts import account_rows, format_table


class Command(BaseCommand):
    help = "List the accounts and their role grants from the database (username, role, scope, password)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="a JSON list of {username, role, scope, password}",
        )
        parser.add_argument(
            "--db", metavar="PATH", help="read the SQLite file PATH (applied by the yipanqi script)"
        )

    def handle(self, *args, as_json: bool, **options):
        rows = account_rows()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_table(rows))
