"""Households in walking order, and who in a grid can be given households to visit."""

from collections import defaultdict
from typing import Any

from django.db.models.functions import Length

from yipanqi.organisations.escalation import users_with
from yipanqi.people.choices import RegistrationStatus
from yipanqi.people.models import CommunityRegistration


def address_order(prefix: str = "") -> list[Any]:
    """Building, staircase unit, room in the order people walk them ("2" before "10")."""
    return [
        Length(f"{prefix}building"),
        f"{prefix}building",
        Length(f"{prefix}unit_no"),
        f"{prefix}unit_no",
        Length(f"{prefix}room"),
        f"{prefix}room",
    ]


def assignment_pools(grid_ids: list[int]) -> dict[int, list[int]]:
    """Per grid, who can be given households: its grid workers, then the party members and
    volunteers assigned to it (双报到) who have an account — user ids, in a stable order."""
    pools: dict[int, list[int]] = defaultdict(list)
    for grid_id in grid_ids:
        pools[grid_id] += sorted(u.pk for u in users_with(frozenset({"grid_worker"}), [grid_id]))
    members = CommunityRegistration.objects.filter(
        grid_id__in=grid_ids,
        status=RegistrationStatus.ASSIGNED,
        member__person__user__isnull=False,
    ).values_list("grid_id", "member__person__user_id")
    for grid_id, user_id in sorted(members):
        if user_id not in pools[grid_id]:
            pools[grid_id].append(user_id)
    return pools


def split_evenly(count: int, people: list[int]) -> list[int | None]:
    """Contiguous runs (whole staircases stay together), as even as possible; None if nobody."""
    if not people:
        return [None] * count
    size, extra = divmod(count, len(people))
    result: list[int | None] = []
    for i, person in enumerate(people):
        result += [person] * (size + (1 if i < extra else 0))
    return result
