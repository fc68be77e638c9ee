"""One set of numbers (一键生成): each app's dashboard.py contributes figures for a node and period.

Nothing imports `reports`; it only reads, through the apps' dashboard modules listed here.
"""

import datetime
from importlib import import_module
from typing import Any

from yipanqi.organisations.models import Area

SOURCES = (
    "yipanqi.people.dashboard",
    "yipanqi.orders.dashboard",
    "yipanqi.grid.dashboard",
    "yipanqi.deliberation.dashboard",
    "yipanqi.centres.dashboard",
    "yipanqi.venues.dashboard",
    "yipanqi.partylife.dashboard",
    "yipanqi.socialorgs.dashboard",
    "yipanqi.workforce.dashboard",
    "yipanqi.notices.dashboard",
    "yipanqi.officers.dashboard",
    "yipanqi.duties.dashboard",
    "yipanqi.funding.dashboard",
    "yipanqi.cobuilding.dashboard",
)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def node_figures(*, area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    result: dict[str, Any] = {
        "area": {"code": area.code, "name": area.name, "kind": area.kind},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
    }
    for module in SOURCES:
        result.update(import_module(module).figures(path=area.scope_path, start=start, end=end))
    return result
