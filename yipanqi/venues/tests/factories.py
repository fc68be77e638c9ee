"""Venue test data on top of organisations' build_district(), built through the actions.

Venues (owner → rule):
  community  奉中社区 (A1) → any unit in 锦屏街道 (town A), owner approves, keeper grid_worker_a1
  unit       A1's resident unit → whole district, no approval (auto-approved)
  street     锦屏街道 (town A) → own members only
  other      民主社区 (B1) → any unit in 岳林街道 (town B)
Extra personas: liaison_a1 (unit liaison at A1), liaison_b1 (at B1).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.organisations.choices import Role
from yipanqi.organisations.tests.factories import District, _persona
from yipanqi.venues import actions
from yipanqi.venues.booker import booker_options
from yipanqi.venues.models import Venue

EVERY_DAY = {str(d): [["08:00", "21:00"]] for d in range(7)}


@dataclass
class VenueWorld:
    district: District
    venues: dict[str, Venue] = field(default_factory=dict)

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas


def local(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware local time `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), timezone.get_default_timezone()
    )


def build_venue_world(d: District) -> VenueWorld:
    world = VenueWorld(d)
    a1, _a2, b1, _b2 = d.communities
    _persona(d, "liaison_a1", Role.UNIT_LIAISON, a1)
    _persona(d, "liaison_b1", Role.UNIT_LIAISON, b1)
    actor = system("test")
    common = {"open_hours": EVERY_DAY, "address": "测试路1号", "actor": actor}
    world.venues["community"] = actions.venue_create(
        owner_area=a1, name="奉中社区党群活动室", kind="party_building", capacity=30,
        who_may_book="town", requires_approval=True, keeper=d.personas["grid_worker_a1"],
        **common,
    )  # fmt: skip
    world.venues["unit"] = actions.venue_create(
        owner_area=a1, owner_unit=d.units[0], name="驻区单位会议室", kind="meeting_room",
        capacity=50, who_may_book="district", requires_approval=False, **common,
    )  # fmt: skip
    world.venues["street"] = actions.venue_create(
        owner_area=d.towns[0], name="锦屏街道礼堂", kind="culture", capacity=200,
        who_may_book="own", requires_approval=True, **common,
    )  # fmt: skip
    world.venues["other"] = actions.venue_create(
        owner_area=b1, name="民主社区篮球场", kind="sports", capacity=40,
        who_may_book="town", requires_approval=True, **common,
    )  # fmt: skip
    return world


def choice_for(user: Any, kind: str = "") -> Any:
    """The user's first booker option (of `kind` if given)."""
    options = [c for c in booker_options(user=user) if not kind or c.kind == kind]
    return options[0]


def book(
    world: VenueWorld,
    venue: str,
    user: str,
    days: int = 3,
    start: int = 10,
    end: int = 11,
    headcount: int = 10,
    kind: str = "",
) -> Any:
    person = world.personas[user]
    return actions.booking_request(
        venue=world.venues[venue],
        choice=choice_for(person, kind),
        starts_at=local(days, start),
        ends_at=local(days, end),
        purpose="主题党日活动",
        headcount=headcount,
        actor=person,
    )


def series(world: VenueWorld, user: str, weeks: int = 3) -> Any:
    """A weekly series at the unit's room (auto-approved), from three days on."""
    person = world.personas[user]
    return actions.series_create(
        venue=world.venues["unit"], choice=choice_for(person), first_date=local(3, 0).date(),
        weeks=weeks, start_time=datetime.time(14), end_time=datetime.time(15), purpose="党课",
        headcount=5, actor=person,
    )  # fmt: skip
