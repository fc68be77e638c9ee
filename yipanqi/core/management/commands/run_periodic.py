from django.core.management.base import BaseCommand

from yipanqi.core import registry


class Command(BaseCommand):
    help = "Periodic jobs the apps register: e.g. escalate overdue orders and incidents up the area tree."

    def handle(self, *args, **options):
        for name, job in sorted(registry.periodic_jobs.items()):
            total = 0
            while moved := job():
                total += moved
            self.stdout.write(self.style.SUCCESS(f"{name}: {total}"))
