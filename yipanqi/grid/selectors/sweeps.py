"""Reads of sweeps for one user: campaigns, one campaign, the phone visit list, assignments."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from yipanqi.grid import permissions as perms
from yipanqi.grid.choices import FINAL, CampaignStatus, Outcome
from yipanqi.grid.households import address_filter, address_order, assignment_pools
from yipanqi.grid.models import Campaign, Target, Visit
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


def campaign_list(*, user: Any, status: str | None = None) -> QuerySet[Campaign]:
    campaigns = perms.campaigns_visible_to(user).select_related("area")
    return campaigns.filter(status=status) if status else campaigns


def campaign_get(*, user: Any, campaign_id: int) -> Campaign:
    """One campaign in the user's view; out of scope raises DoesNotExist like a missing id."""
    return (
        perms.campaigns_visible_to(user)
        .select_related("area", "created_by")
        .prefetch_related("questions", "target_areas", "tags")
        .get(pk=campaign_id)
    )


def campaign_brief(*, user: Any, campaign_id: int) -> Campaign:
    """`campaign_get` without its questions, target areas and tags (three queries): for the
    visit list, recording and coverage, which read only the campaign's round, status and area."""
    return perms.campaigns_visible_to(user).select_related("area").get(pk=campaign_id)


def areas_for_campaigns(*, user: Any) -> QuerySet[Area]:
    """Where the user may run a sweep, and what it may target: their areas above the grids."""
    return Area.objects.for_user(user, "change").exclude(kind=AreaKind.GRID)


def areas_for_targets(*, user: Any) -> QuerySet[Area]:
    """The areas a sweep may be narrowed to (grids included), in tree order."""
    return Area.objects.for_user(user, "change").order_by("path")


def pending_condition(campaign: Campaign) -> Q:
    """Still to visit in the current round: never visited, or nobody home in an earlier round."""
    return Q(outcome="") | Q(outcome=Outcome.NOBODY_HOME, last_round__lt=campaign.current_round)


def visit_list(
    *,
    user: Any,
    campaign: Campaign,
    grid_id: int | None = None,
    mine: bool = False,
    address: str = "",
) -> QuerySet[Target]:
    """The households to walk: pending first, then by building, staircase unit and room.
    `address` narrows them to what a typed building / room means (households.address_filter)."""
    targets = perms.targets_visible_to(user).filter(campaign=campaign)
    if grid_id:
        targets = targets.filter(grid_id=grid_id)
    if mine:
        targets = targets.filter(assignee=user)
    typed = address_filter(address, prefix="household__")
    if typed is not None:
        targets = targets.filter(typed)
    pending = Case(
        When(pending_condition(campaign), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        targets.select_related("household", "grid", "assignee")
        .annotate(is_done=pending)
        .order_by("is_done", "grid_id", *address_order("household__"), "pk")
    )


def target_get(*, user: Any, campaign: Campaign, target_id: int) -> Target:
    return (
        perms.targets_visible_to(user)
        .select_related("campaign", "household", "grid", "assignee")
        .get(pk=target_id, campaign=campaign)
    )


def target_visits(*, target: Target) -> QuerySet[Visit]:
    return target.visits.select_related("visited_by", "order", "incident").order_by("round", "id")


def visit_grids(*, user: Any, campaign: Campaign) -> QuerySet[Area]:
    """The grids of the campaign the user reaches (for the grid filter of the visit list)."""
    grid_ids = perms.targets_visible_to(user).filter(campaign=campaign).values("grid_id")
    return Area.objects.filter(pk__in=grid_ids).order_by("path")


@dataclass
class AssignmentRow:
    grid: Area
    assignee: Any  # a user, or None for households nobody was given
    targets: int
    pending: int


def assignments(*, user: Any, campaign: Campaign) -> list[AssignmentRow]:
    """Per grid and assignee: households given and still pending (two queries)."""
    grouped = (
        perms.targets_visible_to(user)
        .filter(campaign=campaign)
        .values("grid_id", "assignee_id")
        .annotate(n=Count("pk"), pending=Count("pk", filter=~Q(outcome__in=FINAL)))
        .order_by("grid_id", "assignee_id")
    )
    rows = list(grouped)
    grids = Area.objects.in_bulk({r["grid_id"] for r in rows})
    from yipanqi.accounts.models import User

    users = User.objects.in_bulk({r["assignee_id"] for r in rows if r["assignee_id"]})
    return [
        AssignmentRow(grids[r["grid_id"]], users.get(r["assignee_id"]), r["n"], r["pending"])
        for r in sorted(rows, key=lambda r: (grids[r["grid_id"]].path, r["assignee_id"] or 0))
    ]


def assignable_people(*, grid: Area) -> list[Any]:
    """Who can be given households of this grid (its workers, then assigned members)."""
    from yipanqi.accounts.models import User

    ids = assignment_pools([grid.pk]).get(grid.pk, [])
    found = User.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def assignee_choices(*, people: list[Any]) -> QuerySet[Any]:
    """`assignable_people` as a queryset, for a form's choices (read when the form reads it)."""
    from yipanqi.accounts.models import User

    return User.objects.filter(pk__in=[p.pk for p in people])


def open_campaigns(*, user: Any) -> QuerySet[Campaign]:
    return campaign_list(user=user, status=CampaignStatus.OPEN)
