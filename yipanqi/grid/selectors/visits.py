"""Reads behind the phone sweep: how far a visit list has got, the next household to visit, and
what a worker's phone keeps so it can record visits without signal."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length

from yipanqi.grid.households import short_address
from yipanqi.grid.models import Campaign, Target
from yipanqi.grid.selectors.sweeps import pending_condition, visit_list

OFFLINE_LIMIT = 2000  # households one phone keeps for a sweep (a grid has a few hundred)
# Walking order as columns that can be compared with one target's values ("2" before "10").
WALK = (
    "grid_id", "b_len", "household__building", "u_len", "household__unit_no", "r_len",
    "household__room", "pk",
)  # fmt: skip


@dataclass(frozen=True)
class VisitCounts:
    """Households of a visit list, and those given to the user, with how many are still to do."""

    total: int
    pending: int
    mine: int
    mine_pending: int

    @property
    def visited(self) -> int:
        return self.total - self.pending

    @property
    def mine_visited(self) -> int:
        return self.mine - self.mine_pending


def visit_counts(
    *, user: Any, campaign: Campaign, grid_id: int | None = None, mine: bool = False
) -> VisitCounts:
    """One query: the list's households (before any address search) and the user's share."""
    own, pending = Q(assignee=user), pending_condition(campaign)
    figures = visit_list(user=user, campaign=campaign, grid_id=grid_id, mine=mine).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=pending),
        mine=Count("pk", filter=own),
        mine_pending=Count("pk", filter=own & pending),
    )
    return VisitCounts(**figures)


def _walking(targets: QuerySet[Target]) -> QuerySet[Target]:
    return targets.annotate(
        b_len=Length("household__building"),
        u_len=Length("household__unit_no"),
        r_len=Length("household__room"),
    ).order_by(*WALK)


def _after(target: Target) -> Q:
    """Households after `target` in walking order: (a, b, …) > (x, y, …) spelt out column by
    column, so the database finds the next one without reading the whole list."""
    h = target.household
    values = (
        target.grid_id, len(h.building), h.building, len(h.unit_no), h.unit_no, len(h.room),
        h.room, target.pk,
    )  # fmt: skip
    condition, same = Q(), Q()
    for column, value in zip(WALK, values, strict=True):
        condition |= same & Q(**{f"{column}__gt": value})
        same &= Q(**{column: value})
    return condition


def next_pending(
    *, user: Any, campaign: Campaign, grid_id: int | None = None, after: Target | None = None
) -> Target | None:
    """The next household still to visit this round: among those given to the user if any are
    left, else among all the user may visit; after `after` in walking order, wrapping round."""
    pending = visit_list(user=user, campaign=campaign, grid_id=grid_id).filter(
        pending_condition(campaign)
    )
    if after is not None:
        pending = pending.exclude(pk=after.pk)
    pending = _walking(pending)
    for pool in (pending.filter(assignee=user), pending):
        if after is not None and (found := pool.filter(_after(after)).first()) is not None:
            return found
        if (found := pool.first()) is not None:
            return found
    return None


def offline_targets(*, user: Any, campaign: Campaign) -> list[dict[str, Any]]:
    """The households a phone keeps for the sweep: pending first, then in walking order, with
    the short address the pages show (no names, no phone numbers)."""
    columns = ("pk", "is_done", "assignee_id", "household__building", "household__unit_no")
    rows = visit_list(user=user, campaign=campaign).values_list(*columns, "household__room")
    return [
        {
            "id": pk,
            "address": short_address(building, unit_no, room),
            "pending": not done,
            "mine": assignee_id == user.pk,
        }
        for pk, done, assignee_id, building, unit_no, room in rows[:OFFLINE_LIMIT]
    ]
