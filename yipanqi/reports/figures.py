"""One set of numbers (一键生成): each app's dashboard.py contributes figures for a node and period.

Nothing imports `reports`; it only reads, through the apps' dashboard modules listed here. Each
module also declares `DEFINITIONS`: for every key its `figures()` returns, the label in Chinese
and English, the unit and a one-line definition (the catalogue, the reports' appendix).
"""

import datetime
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from yipanqi.organisations.models import Area

SOURCES = (
    "yipanqi.organisations.dashboard",
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
HEADER_KEYS = ("area", "period")  # not figures: which node and period they describe


@dataclass(frozen=True)
class Definition:
    key: str
    app: str  # the owning app's label ("people", "orders", …)
    zh: str
    en: str
    unit: str
    definition: str


def app_of(module: str) -> str:
    return module.split(".")[1]


@cache
def catalogue() -> dict[str, Definition]:
    """Every figure key → its definition, in the order of SOURCES."""
    result: dict[str, Definition] = {}
    for module in SOURCES:
        source = import_module(module)
        # a dashboard may merge other modules' figures (EXTRA_FIGURES); their DEFINITIONS too
        extras = [import_module(f.__module__) for f in getattr(source, "EXTRA_FIGURES", ())]
        for part in (source, *extras):
            for key, d in getattr(part, "DEFINITIONS", {}).items():
                result[key] = Definition(key=key, app=app_of(module), **d)
    return result


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def app_figures(
    module: str, *, area: Area, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    return import_module(module).figures(path=area.scope_path, start=start, end=end)


def node_figures(*, area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    result: dict[str, Any] = {
        "area": {"code": area.code, "name": area.name, "kind": area.kind},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
    }
    for module in SOURCES:
        result.update(app_figures(module, area=area, start=start, end=end))
    return result
