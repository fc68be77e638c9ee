from django.core.management.base import BaseCommand

from yipanqi.orders.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Periodic jobs: mark overdue service orders and escalate them up the area tree."

    def handle(self, *args, **options):
        total = 0
        while moved := escalate_overdue():
            total += moved
        self.stdout.write(self.style.SUCCESS(f"escalated {total} overdue orders"))
