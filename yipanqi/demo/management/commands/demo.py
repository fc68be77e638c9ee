import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from config.env import mode
from yipanqi.core import staticfiles
from yipanqi.demo.accounts import account_rows, format_table
from yipanqi.demo.build import SCALES, build_demo
from yipanqi.demo.database import database_label, reset_database, sqlite_path


class Command(BaseCommand):
    help = (
        "Rebuild the Fenghua 2021 demo district from scratch (the database is emptied first), "
        "print what was built and the demo accounts, then serve it on 127.0.0.1:$PORT."
    )
    requires_migrations_checks = False  # the database is about to be rebuilt

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="build and print, but do not start the server"
        )
        parser.add_argument(
            "--scale",
            choices=SCALES,
            default="fenghua",
            help="the population: the Fenghua demo (default), or a whole district (~600k "
            "residents) for benchmarks, meant for PostgreSQL",
        )
        parser.add_argument(
            "--db",
            metavar="PATH",
            help="use the SQLite file PATH for everything (read by the yipanqi script before "
            "settings load)",
        )

    def handle(self, *args, no_serve: bool, db: str | None, scale: str, **options):
        self._check_target(db)
        self._collect_static()
        started = time.perf_counter()
        self.stdout.write(f"Rebuilding the demo database ({database_label()}) …")
        reset_database()
        call_command("migrate", interactive=False, verbosity=0)
        migrated = time.perf_counter() - started
        result = build_demo(scale=scale)
        parts = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in result.parts.items())
        self.stdout.write(
            f"Migrated in {migrated:.1f} s; built in {result.seconds:.1f} s ({parts}); "
            f"total {time.perf_counter() - started:.1f} s:"
        )
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<26} {count:>7}")
        self.stdout.write("\nDemo accounts:")
        self.stdout.write(format_table(account_rows()))
        if not no_serve:
            self._serve(os.environ.get("PORT", "8000"))

    def _collect_static(self) -> None:
        """Static files as production serves them: hashed names, compressed (config.settings)."""
        started = time.perf_counter()
        ran = staticfiles.collect()
        seconds = time.perf_counter() - started
        state = f"collected in {seconds:.1f} s" if ran else "up to date"
        self.stdout.write(f"Static files ({settings.STATIC_ROOT}): {state}")

    def _serve(self, port: str) -> None:
        """Serve the demo with a background worker beside it, so imports make progress."""
        worker = subprocess.Popen(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker"]
        )
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def _check_target(self, db: str | None) -> None:
        if mode() == "production":
            raise CommandError("The demo empties its database; it does not run in production.")
        if db and sqlite_path() != Path(db).expanduser().resolve():
            raise CommandError(
                "--db is applied before settings load; run it as `yipanqi demo --db PATH` "
                "(or set DATABASE_URL=sqlite:///PATH)."
            )
