from django.core.management.base import BaseCommand

from yipanqi.core import audit_retention


class Command(BaseCommand):
    help = (
        "Remove the audit events (and row changes) of whole months older than the retention "
        "(YIPANQI_AUDIT_RETENTION_DAYS, at least 180), leaving a signed checkpoint; --dry-run "
        "lists what would go. On PostgreSQL run it as the table owner's role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        plan = audit_retention.plan() if dry_run else audit_retention.prune()
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(f"keeping everything from {plan.cutoff:%Y-%m-%d}")
        for month, rows in plan.months:
            self.stdout.write(f"  {month}: {rows} events")
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {plan.rows} events and {plan.row_changes} row changes")
        )
