"""Households in walking order, and who in a grid can be given households to visit."""

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
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


MAX_QUERY = 40  # an address typed on a phone; longer text is cut, never an error
# A number and what follows it: 3幢, 2单元, 301室, 2组, 5号 (号楼 before 号). "3楼" is a floor, not a
# building, so 楼 alone marks nothing.
_PART = re.compile(r"([0-9]+)\s*(幢|栋|号楼|单元|室|组|号)?")
_MARKS = {"幢": "building", "栋": "building", "号楼": "building", "组": "building"}
_MARKS.update({"单元": "unit", "室": "room", "号": "room"})
SLOTS = ("building", "unit", "room")


@dataclass(frozen=True)
class AddressQuery:
    """What a typed address asks for; `either` is one bare number: a building or a room."""

    building: str = ""
    unit: str = ""
    room: str = ""
    either: str = ""


def parse_address(text: str) -> AddressQuery | None:
    """Read "3幢2单元301", "3-2-301", "3 301", "301", "2组5号" into building, unit and room.

    Marked numbers go where their mark says; bare ones fill the slots left in order (building,
    unit, room), skipping the staircase unit when fewer are given (people type "3-301"). None
    when the text holds no number or more numbers than slots.
    """
    marked: dict[str, str] = {}
    bare: list[str] = []
    for number, mark in _PART.findall(text[:MAX_QUERY]):
        if mark and _MARKS[mark] not in marked:
            marked[_MARKS[mark]] = number
        else:
            bare.append(number)
    free = [slot for slot in SLOTS if slot not in marked]
    if not bare:
        return AddressQuery(**marked) if marked else None
    if len(bare) > len(free):
        return None
    if len(bare) == 1 and not marked:
        return AddressQuery(either=bare[0])
    if len(bare) < len(free) and "unit" in free:
        free.remove("unit")
    if len(bare) < len(free):  # one bare number next to a marked unit: the room
        free = free[-len(bare) :]
    return AddressQuery(**marked, **dict(zip(free, bare, strict=False)))


def _slot(prefix: str, slot: str, number: str) -> Q:
    """Flats store "3" / "2单元" / "301", village houses "2组" / "" / "5号"."""
    if slot == "building":
        return Q(**{f"{prefix}building": number}) | Q(**{f"{prefix}building": f"{number}组"})
    if slot == "unit":
        return Q(**{f"{prefix}unit_no": f"{number}单元"}) | Q(**{f"{prefix}unit_no": number})
    rooms = (number, f"{number}号", f"{number}室")
    return Q(**{f"{prefix}room__in": rooms})


def address_filter(text: str, prefix: str = "") -> Q | None:
    """The households a typed address means (None: no filter). Text without a number, such as
    a building's name, is looked up in the address."""
    text = (text or "").strip()[:MAX_QUERY]
    if not text:
        return None
    parsed = parse_address(text)
    if parsed is None:
        return Q(**{f"{prefix}address__icontains": text})
    if parsed.either:
        return _slot(prefix, "building", parsed.either) | _slot(prefix, "room", parsed.either)
    condition = Q()
    for slot in SLOTS:
        if getattr(parsed, slot):
            condition &= _slot(prefix, slot, getattr(parsed, slot))
    return condition


def short_address(building: str, unit_no: str, room: str) -> str:
    """The address without the grid's name (3幢2单元301): the grid is already on the page."""
    return f"{building}{'幢' if building.isdigit() else ''}{unit_no}{room}"


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
