"""Live coverage of a sweep (清楼进度) per grid, community, street or district: one grouped query
over the target households, whatever their number (asserted in tests/test_queries.py)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from yipanqi.grid import permissions as perms
from yipanqi.grid.choices import FINAL, SCREENED, Outcome
from yipanqi.grid.models import Campaign, Target
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

STEP = Area.steplen


def _counts() -> dict[str, Any]:
    return {
        "targeted": Count("pk"),
        "visited": Count("pk", filter=Q(outcome__in=SCREENED)),
        "follow_ups": Count("pk", filter=Q(outcome=Outcome.FOLLOW_UP)),
        "nobody_home": Count("pk", filter=Q(outcome=Outcome.NOBODY_HOME)),
        "refused": Count("pk", filter=Q(outcome=Outcome.REFUSED)),
        "pending": Count("pk", filter=~Q(outcome__in=FINAL)),
    }


@dataclass
class Coverage:
    campaign: Campaign
    node: Area
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per child area (or the grid)
    totals: dict[str, Any] = field(default_factory=dict)
    trail: list[Area] = field(default_factory=list)  # the node's ancestors the user may open


def rate(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def default_node(*, user: Any, campaign: Campaign) -> Area | None:
    """The highest area the user sees that holds the campaign's households they reach."""
    visible = Area.objects.for_user(user).order_by("depth", "path")
    if visible.filter(pk=campaign.area_id).exists():
        return campaign.area
    first = perms.targets_visible_to(user).filter(campaign=campaign).values("grid_id")[:1]
    return visible.filter(pk__in=first).first()


def coverage_node(*, user: Any, campaign: Campaign, area_id: int | None) -> Area | None:
    if area_id:
        return Area.objects.for_user(user).filter(pk=area_id).first()
    return default_node(user=user, campaign=campaign)


def _scope(user: Any, campaign: Campaign, node: Area) -> QuerySet[Target]:
    targets = perms.targets_visible_to(user).filter(campaign=campaign)
    return targets.filter(scope_path__startswith=node.path)


def coverage(*, user: Any, campaign: Campaign, node: Area) -> Coverage:
    """Counts per child of `node` (households targeted, visited, follow-ups, pending …)."""
    scope = _scope(user, campaign, node)
    length = STEP * _grid_depth(node)
    by_child: Any = scope.annotate(child=Substr("scope_path", 1, length)).values("child")
    grouped: list[dict[str, Any]] = list(by_child.annotate(**_counts()).order_by("child"))
    areas = {a.path: a for a in Area.objects.filter(path__in=[r["child"] for r in grouped])}
    rows = [
        {**r, "area": areas.get(r["child"]), "rate": rate(r["visited"], r["targeted"])}
        for r in grouped
    ]
    totals = scope.aggregate(**_counts())
    totals["rate"] = rate(totals["visited"], totals["targeted"])
    return Coverage(campaign, node, rows, totals, _trail(user, node))


def _grid_depth(node: Area) -> int:
    """Grids sit one level below communities (a grid node groups by itself)."""
    return node.depth if node.kind == AreaKind.GRID else node.depth + 1


def _trail(user: Any, node: Area) -> list[Area]:
    paths = [node.path[: STEP * d] for d in range(1, node.depth)]
    return list(Area.objects.for_user(user).filter(path__in=paths).order_by("depth"))
