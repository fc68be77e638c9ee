"""A party-building briefing (党建简报) of one node and period, as data the renderers lay out.

Every number comes from `figures.node_figures` (and the same per child node); nothing here reads a
table. A briefing holds counts, rates and sums only: no person appears in it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.db import models
from django.utils import translation

from yipanqi.organisations.models import Area
from yipanqi.reports import periods
from yipanqi.reports.figures import HEADER_KEYS, SOURCES, Definition, app_of, catalogue
from yipanqi.reports.figures import node_figures as compute

# The seed's figures (issue 17): the key figures on a briefing's first page.
KEY_FIGURES = (
    "part_time_committee_members",
    "households_screened",
    "registered_members",
    "participations",
    "problems_solved",
    "town_centres",
    "venture_projects",
    "venture_funding_yuan",
    "venture_governance_share",
    "training_days_min",
    "avg_pay_head",
    "avg_pay_deputy",
    "avg_pay_other",
    "moved_to_civil_service",
    "service_fund_per_community",
    "work_fund_per_1000_households",
    "funding_since_2018_yuan",
    "matched_venues",
)
# What the child nodes are compared on (cheap to compute per child; one chart each).
COMPARED = ("registered_members", "participations", "problems_solved", "households_screened")
SECTION_TITLES = {
    "organisations": "组织体系",
    "people": "党员与居民",
    "orders": "为民服务订单",
    "grid": "网格与大走访",
    "deliberation": "民主协商",
    "centres": "党群服务中心",
    "venues": "阵地共享",
    "partylife": "组织生活",
    "socialorgs": "社会组织与公益创投",
    "workforce": "社区工作者队伍",
    "notices": "通知与动员",
    "officers": "五员服务",
    "duties": "社区减负（准入）",
    "funding": "经费保障",
    "cobuilding": "共驻共建",
}
APP_NAMES = {
    "organisations": "Organisation",
    "people": "Members and residents",
    "orders": "Service orders",
    "grid": "Grids and sweeps",
    "deliberation": "Deliberation",
    "centres": "Service centres",
    "venues": "Venue sharing",
    "partylife": "Party life",
    "socialorgs": "Social organisations",
    "workforce": "Community workforce",
    "notices": "Notices",
    "officers": "Five-role officers",
    "duties": "Duties admission",
    "funding": "Funding",
    "cobuilding": "Co-building",
}


@dataclass
class Row:
    definition: Definition
    value: Any
    previous: Any = None

    @property
    def change(self) -> float | None:
        if isinstance(self.value, int | float) and isinstance(self.previous, int | float):
            return round(self.value - self.previous, 4)
        return None


@dataclass
class Chart:
    """A bar chart: one series of (category, value) pairs."""

    title: str
    unit: str
    categories: list[str]
    values: list[float]


@dataclass
class Section:
    app: str
    title: str
    rows: list[Row] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Briefing:
    area: Area
    period: periods.Period
    previous: periods.Period
    figures: dict[str, Any]
    previous_figures: dict[str, Any]
    key_rows: list[Row]
    sections: list[Section]
    children: list[tuple[str, dict[str, Any]]]  # (child name, compared figures)
    appendix: list[Definition]
    made_at: datetime.datetime | None = None

    @property
    def title(self) -> str:
        return f"{self.area.name}{self.period.label}党建工作简报"

    def comparison_charts(self) -> list[Chart]:
        cat = catalogue()
        names = [name for name, _f in self.children]
        return [
            Chart(cat[k].zh, cat[k].unit, names, [_number(f.get(k)) for _n, f in self.children])
            for k in COMPARED
        ]


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, int | float | str)


@cache
def choice_labels(app: str) -> dict[str, str]:
    """Code → Chinese label of every choice the app declares (a chart's categories in words)."""
    try:
        module = import_module(f"yipanqi.{app}.choices")
    except ImportError:
        return {}
    labels: dict[str, str] = {}
    with translation.override("zh-hans"):
        for thing in vars(module).values():
            if (
                isinstance(thing, type)
                and issubclass(thing, models.Choices)
                and thing.__module__ == module.__name__
            ):
                for value, label in thing.choices:
                    labels.setdefault(str(value), str(label))
    return labels


def _section(app: str, figures: dict, previous: dict) -> Section:
    section = Section(app=app, title=SECTION_TITLES.get(app, app))
    for key, d in catalogue().items():
        if d.app != app or key not in figures:
            continue
        value = figures[key]
        if is_scalar(value):
            section.rows.append(Row(d, value, previous.get(key)))
        elif isinstance(value, dict) and value:
            names = choice_labels(app)
            labels = [names.get(str(k), str(k)) for k in value]
            section.charts.append(Chart(d.zh, d.unit, labels, [_number(v) for v in value.values()]))
    return section


def _compared(area: Area, period: periods.Period) -> dict[str, Any]:
    from yipanqi.reports.figures import app_figures

    modules = {m for m in SOURCES if any(catalogue()[k].app == app_of(m) for k in COMPARED)}
    result: dict[str, Any] = {}
    for module in sorted(modules):
        result.update(app_figures(module, area=area, start=period.start, end=period.end))
    return {k: result.get(k) for k in COMPARED}


def build(
    *,
    area: Area,
    period: periods.Period,
    children: list[Area] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Briefing:
    """The briefing; `progress(percent)` is told how far it got (for the page's bar)."""
    tell = progress or (lambda _p: None)
    previous = period.previous()
    figures = compute(area=area, start=period.start, end=period.end)
    tell(30)
    before = compute(area=area, start=previous.start, end=previous.end)
    tell(55)
    cat = catalogue()
    key_rows = [Row(cat[k], figures.get(k), before.get(k)) for k in KEY_FIGURES if k in cat]
    apps = list(dict.fromkeys(app_of(m) for m in SOURCES))
    sections = [_section(app, figures, before) for app in apps]
    kids = children if children is not None else child_nodes(area)
    compared = []
    for i, child in enumerate(kids):
        compared.append((child.name, _compared(child, period)))
        tell(55 + int(40 * (i + 1) / max(len(kids), 1)))
    return Briefing(
        area=area,
        period=period,
        previous=previous,
        figures=figures,
        previous_figures={k: v for k, v in before.items() if k not in HEADER_KEYS},
        key_rows=key_rows,
        sections=[s for s in sections if s.rows or s.charts],
        children=compared,
        appendix=list(cat.values()),
    )


def child_nodes(area: Area) -> list[Area]:
    # by path, not get_children(): that trusts the row's numchild, stale on an older instance
    rows = Area.objects.filter(path__startswith=area.path, depth=area.depth + 1)
    return list(rows.order_by("code"))


def display(value: Any, unit: str) -> str:
    """A value as a briefing prints it: rates as percentages, money with thousands separators."""
    if value is None:
        return "—"
    if unit == "比例" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    if isinstance(value, int | float):
        return f"{int(value):,}"
    return str(value)


def display_change(row: Row) -> str:
    change = row.change
    if change is None:
        return "—"
    if row.definition.unit == "比例":
        return f"{change * 100:+.1f}个百分点"
    text = display(abs(change), row.definition.unit)
    return ("+" if change > 0 else "−" if change < 0 else "±") + text
