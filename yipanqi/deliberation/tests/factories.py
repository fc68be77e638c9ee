"""Test data for deliberation: a four-party hall per community (A1 and B1 of the factory
district), seats with named holders, and helpers that walk a topic through the whole loop."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.deliberation import actions
from yipanqi.deliberation.choices import MeetingKind, SeatParty, VoteChoice
from yipanqi.deliberation.models import Meeting, Resolution, Seat, Topic
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import UnitKind
from yipanqi.organisations.models import Body

# Full names seeded on purpose: the public notice must never show them.
SEAT_HOLDERS = (
    (SeatParty.PARTY_ORG, "张三丰"),
    (SeatParty.GRID_LEADER, "李四海"),
    (SeatParty.PROPERTY_COMPANY, "王五洲"),
    (SeatParty.RESIDENTS, "赵六合"),
    (SeatParty.RESIDENTS, "欧阳明华"),
)
SEEDED_NAMES = tuple(name for _, name in SEAT_HOLDERS)


@dataclass
class Hall:
    body: Body
    seats: list[Seat] = field(default_factory=list)


@dataclass
class World:
    district: Any
    halls: dict[str, Hall] = field(default_factory=dict)  # "a1", "b1"

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas


def build_hall(district: Any, index: int, *, users: dict[str, Any] | None = None) -> Hall:
    community = district.communities[index]
    body = actions.hall_create(area=community, actor=system("test"))
    property_company = org_actions.unit_create(
        area=community,
        name=f"{community.name}物业公司",
        kind=UnitKind.PROPERTY_COMPANY,
        actor=system("test"),
    )
    hall = Hall(body=body)
    for party, name in SEAT_HOLDERS:
        hall.seats.append(
            actions.seat_add(
                body=body,
                member_name=name,
                party=party,
                user=(users or {}).get(party),
                source_unit=property_company if party == SeatParty.PROPERTY_COMPANY else None,
                term_start=datetime.date(2021, 1, 1),
                actor=system("test"),
            )
        )
    return hall


@transaction.atomic
def build_world(district: Any) -> World:
    world = World(district=district)
    p = district.personas
    world.halls["a1"] = build_hall(district, 0, users={SeatParty.GRID_LEADER: p["grid_worker_a1"]})
    world.halls["b1"] = build_hall(district, 2)
    return world


def raise_topic(world: World, key: str = "a1", title: str = "小区停车难") -> Topic:
    hall = world.halls[key]
    raiser = world.personas["resident_a1" if key == "a1" else "community_admin_b1"]
    return actions.topic_raise(
        body=hall.body,
        title=title,
        description="晚上车位不够，消防通道被占。联系电话13812345678。",
        actor=raiser,
    )


def admin_of(world: World, key: str) -> Any:
    return world.personas["community_admin_a1" if key == "a1" else "community_admin_b1"]


def open_meeting(world: World, key: str = "a1", topics: int = 1) -> Meeting:
    admin = admin_of(world, key)
    accepted = []
    for i in range(topics):
        topic = raise_topic(world, key, title=f"议题{i + 1}")
        accepted.append(actions.topic_accept(topic=topic, actor=admin))
    meeting = actions.meeting_schedule(
        body=world.halls[key].body,
        kind=MeetingKind.DELIBERATION,
        title="四方议事会",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place="社区会议室",
        topics=accepted,
        actor=admin,
    )
    return actions.meeting_open(meeting=meeting, actor=admin)


def voted_resolution(
    world: World, key: str = "a1", choices: tuple[str, ...] = (VoteChoice.FOR,) * 5
) -> Resolution:
    """A resolution with every seat present and voting as `choices` says (in seat order)."""
    admin = admin_of(world, key)
    meeting = open_meeting(world, key)
    seats = world.halls[key].seats
    actions.attendance_set(meeting=meeting, present=[s.pk for s in seats], actor=admin)
    topic = meeting.agenda.get()
    resolution = actions.resolution_draft(
        topic=topic,
        text="由张三丰牵头，物业在东侧增划停车位，身份证330283197605120012。",
        actor=admin,
    )
    for seat, choice in zip(seats, choices, strict=False):
        actions.vote_record(resolution=resolution, seat=seat, choice=choice, actor=admin, note="")
    return resolution


def published_resolution(world: World, key: str = "a1") -> Resolution:
    admin = admin_of(world, key)
    resolution = actions.resolution_resolve(resolution=voted_resolution(world, key), actor=admin)
    return actions.resolution_publish(resolution=resolution, actor=admin)


@dataclass
class Loop:
    """One hall's records at every stage (for the scope matrix and query counts)."""

    published: Resolution
    follow_up: Any
    live_meeting: Meeting
    raised: Topic


@transaction.atomic
def build_loops(district: Any) -> World:
    world = build_world(district)
    world.loops = {}  # type: ignore[attr-defined]
    for key in ("a1", "b1"):
        admin = admin_of(world, key)
        published = published_resolution(world, key)
        task = actions.followup_create(
            resolution=published, title="增划停车位", owner_name="物业公司", actor=admin
        )
        task = actions.followup_open_order(follow_up=task, actor=admin)
        world.loops[key] = Loop(  # type: ignore[attr-defined]
            published=published,
            follow_up=task,
            live_meeting=open_meeting(world, key),
            raised=raise_topic(world, key, title="楼道堆物"),
        )
    return world
