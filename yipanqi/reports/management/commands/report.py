import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.reports import access, briefing, periods
from yipanqi.reports.figures import node_figures
from yipanqi.reports.render import FORMATS, renderer


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class Command(BaseCommand):
    help = (
        "The figures (json, text) or the party-building briefing (xlsx, docx, pdf) of one node "
        "(default: the district) for a year, quarter, month or range, computed from records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, help="1–4, with --year")
        parser.add_argument("--month", type=int, help="1–12, with --year")
        parser.add_argument("--start", type=_date, help="YYYY-MM-DD, with --end: a custom range")
        parser.add_argument("--end", type=_date)
        parser.add_argument(
            "--area", help="official division code of the node (default: the district)"
        )
        parser.add_argument("--format", choices=["json", "text", *FORMATS], default="text")
        parser.add_argument("--out", help="file to write (xlsx, docx, pdf: default report-….ext)")
        parser.add_argument(
            "--as", dest="username", help="limit to this user's report scope (else: no such node)"
        )

    def handle(self, *args, area, format, out, username, **options):
        period = self._period(options)
        node = self._node(area, username)
        if format in ("json", "text"):
            figures = node_figures(area=node, start=period.start, end=period.end)
            self._print(figures, format, out)
            return
        data = renderer(format)(briefing.build(area=node, period=period))
        target = Path(
            out or f"report-{node.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{format}"
        )
        target.write_bytes(data)
        self.stdout.write(str(target))

    def _period(self, options) -> periods.Period:
        try:
            return periods.build(
                year_=options["year"],
                quarter_=options["quarter"],
                month_=options["month"],
                start=options["start"],
                end=options["end"],
            )
        except periods.PeriodError as error:
            raise CommandError(str(error)) from error

    def _print(self, figures: dict, format: str, out: str | None) -> None:
        if format == "json":
            text = json.dumps(figures, ensure_ascii=False, sort_keys=True)
        else:
            text = "\n".join(f"{key}: {value}" for key, value in figures.items())
        if out:
            Path(out).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)

    def _node(self, code: str | None, username: str | None) -> Area:
        if username:
            return self._node_as(code, username)
        if code:
            node = Area.objects.filter(code=code).first()
            if node is None:
                raise CommandError(f"no area with code {code}")
            return node
        districts = list(Area.objects.filter(kind=AreaKind.DISTRICT)[:2])
        if len(districts) != 1:
            raise CommandError("give --area: the database holds no single district")
        return districts[0]

    def _node_as(self, code: str | None, username: str) -> Area:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not access.may_report(user):
            raise CommandError(f"{username} may not ask for reports")
        if not code:
            node = access.home_node(user)
            assert node is not None  # may_report
            return node
        node = access.node_in_scope(user, code)
        if node is None:  # out of scope answers like a missing node (404)
            raise CommandError(f"no area with code {code}")
        return node
