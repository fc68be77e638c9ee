"""Deadlines and escalation (超时督办), shared by every kind of work that climbs the area tree.

Service orders and incident reports wait in states with due times. When one is overdue it is marked
red and climbs one level per missed window: grid → community → town/street → district. This module
finds the overdue items and hands each to the owning app's escalate action (acting as the system),
which writes its own event, the audit row and one notification per administrator of the new level
(idempotent by topic). Apps describe their work with an `Escalator`; `yipanqi run_periodic` runs them.
"""

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from yipanqi.core import notify
from yipanqi.core.actors import system
from yipanqi.organisations.choices import EscalationLevel
from yipanqi.organisations.models import Area, RoleGrant

LEVEL_ROLES = {
    EscalationLevel.COMMUNITY: "community_admin",
    EscalationLevel.TOWN: "town_admin",
    EscalationLevel.DISTRICT: "district_admin",
}


def users_with(roles: frozenset[str], area_ids: list[int]) -> list[Any]:
    """Active users granted one of `roles` exactly on one of the areas."""
    grants = RoleGrant.objects.active().filter(
        role__in=roles, area_id__in=area_ids, user__is_active=True
    )
    return [g.user for g in grants.select_related("user")]


def admins_at_level(community: Area, level: int) -> list[Any]:
    """Administrators of an escalation level above a community: 1 community, 2 town, 3 district."""
    role = LEVEL_ROLES.get(level)
    if role is None:
        return []
    by_depth = {a.depth: a for a in community.get_ancestors()} | {community.depth: community}
    depth = {1: community.depth, 2: community.depth - 1, 3: 1}[level]
    area = by_depth.get(depth)
    return users_with(frozenset({role}), [area.pk]) if area is not None else []


@dataclass(frozen=True)
class Escalator:
    """One kind of waiting work and the owning app's action that escalates one overdue item.

    Its model has `status`, `due_at`, `overdue`, `escalation_level`, `community`, `title` and
    `get_absolute_url()`. The action locks the item, calls `climb()`, writes its own events and
    audit, saves, and calls `announce()`; it returns whether the item moved up."""

    model: type[models.Model]
    waiting_states: frozenset[str]
    escalate: Callable[..., bool]  # (obj=item, now=now, actor=system actor) -> moved up?
    reason: str  # names the system actor in the audit, e.g. "orders.escalation"


def escalate_overdue(escalator: Escalator, *, now=None, batch: int = 500) -> int:
    """Escalate every waiting item whose due time has passed; returns how many moved up."""
    now = now or timezone.now()
    items = escalator.model._default_manager.filter(
        status__in=escalator.waiting_states, due_at__lte=now
    ).order_by("due_at")[:batch]
    actor = system(escalator.reason)
    return sum(bool(escalator.escalate(obj=item, now=now, actor=actor)) for item in items)


def climb(
    item: Any,
    now: datetime.datetime,
    waiting_states: Collection[str],
    next_due: Callable[[Any, str, datetime.datetime], datetime.datetime | None],
) -> tuple[int, bool] | None:
    """Move a locked overdue item one level up (in memory): (new level, first time overdue), or
    None when it has moved on meanwhile. The district level has no further due time."""
    if item.status not in waiting_states or item.due_at is None or item.due_at > now:
        return None
    level = min(item.escalation_level + 1, EscalationLevel.DISTRICT)
    first_time = not item.overdue
    item.overdue, item.escalation_level = True, level
    at_top = level >= EscalationLevel.DISTRICT
    item.due_at = None if at_top else next_due(item, item.status, now)
    return level, first_time


def announce(item: Any, level: int, title: Any) -> None:
    """One notification per administrator of the new level."""
    notify.notify(
        admins_at_level(item.community, level),
        title=str(title),
        body=item.title,
        url=item.get_absolute_url(),
        # Once per level and waiting state: the version changes with every transition, so an item
        # that moves on (or is reopened) and falls overdue again is announced again.
        topic=f"{item._meta.label_lower}:{item.pk}:escalated:{getattr(item, 'version', 0)}:{level}",
    )
