import json

from django.core.management.base import BaseCommand, CommandError

from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.reports.figures import node_figures, year_bounds


class Command(BaseCommand):
    help = (
        "Print the figures of one node (default: the district) for a year, computed from records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--area", help="official division code of the node (default: the district)"
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, year, area, format, **options):
        node = self._node(area)
        start, end = year_bounds(year)
        figures = node_figures(area=node, start=start, end=end)
        if format == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, sort_keys=True))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")

    def _node(self, code):
        if code:
            node = Area.objects.filter(code=code).first()
            if node is None:
                raise CommandError(f"no area with code {code}")
            return node
        districts = list(Area.objects.filter(kind=AreaKind.DISTRICT)[:2])
        if len(districts) != 1:
            raise CommandError("give --area: the database holds no single district")
        return districts[0]
