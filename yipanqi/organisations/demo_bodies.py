"""Collective bodies and their seats (terms from 2021).

Each town: its 大党工委 (street) / 大党委 (town) with secretary, deputies, members and part-time
members (兼职委员) from its units, a 党建工作领导小组 and a 党建联席会议 chaired by the secretary;
锦屏 and 岳林 also a 区域共建理事会 of units. Each community or village: 一委三会 (party organisation,
residents' or villagers' committee, council, supervisory committee), 5–9 seats each; urban
communities also a 大党委 with part-time members from resident units.
"""

import random

from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.clock import TERM_START
from yipanqi.core.demo_kit.fenghua import CO_BUILDING_TOWNS, TOWN_PART_TIME_MEMBERS, VILLAGE
from yipanqi.core.demo_kit.fenghua import CommunityPlan as Community
from yipanqi.core.demo_kit.fenghua import TownPlan as Town
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations.actions import (
    NewBody,
    NewMembership,
    bodies_create_bulk,
    memberships_add_bulk,
)
from yipanqi.organisations.choices import BodyKind as B
from yipanqi.organisations.choices import MemberRole as R
from yipanqi.organisations.choices import UnitKind
from yipanqi.organisations.demo import DEMO
from yipanqi.organisations.models import Area, PartyOrganisation, Unit

TITLES: dict[str, dict[str, str]] = {
    B.BIG_COMMITTEE: {R.SECRETARY: "书记", R.DEPUTY_SECRETARY: "副书记", R.MEMBER: "委员"},
    B.COMMUNITY_PARTY: {R.SECRETARY: "书记", R.DEPUTY_SECRETARY: "副书记", R.MEMBER: "委员"},
    B.RESIDENTS_COMMITTEE: {R.CHAIR: "主任", R.DEPUTY_CHAIR: "副主任", R.MEMBER: "委员"},
    B.COUNCIL: {R.CHAIR: "会长", R.DEPUTY_CHAIR: "副会长", R.MEMBER: "议事员"},
    B.SUPERVISORY: {R.CHAIR: "主任", R.MEMBER: "委员"},
    B.LEADING_GROUP: {R.CHAIR: "组长", R.DEPUTY_CHAIR: "副组长", R.MEMBER: "成员"},
    B.JOINT_MEETING: {R.CHAIR: "召集人", R.MEMBER: "成员单位代表"},
    B.CO_BUILDING_COUNCIL: {R.CHAIR: "理事长", R.DEPUTY_CHAIR: "副理事长", R.MEMBER: "理事"},
}
SEATS = (5, 9)  # 一委三会: 5–9 seats each (居委会 5–9 members, 城市居民委员会组织法 art. 7)


class Seats:
    """Bodies and seats collected in memory, then created in bulk through the actions."""

    def __init__(self) -> None:
        self.bodies: list[NewBody] = []
        self.seats: list[tuple[NewBody, dict]] = []  # (body, the seat's fields)

    def body(self, area: Area, name: str, kind: str, org: PartyOrganisation | None) -> NewBody:
        self.bodies.append(NewBody(area, name, kind, party_organisation=org))
        return self.bodies[-1]

    def seat(self, body: NewBody, name: str, role: str, title: str = "", **extra) -> None:
        title = title or TITLES[body.kind].get(role, "")
        self.seats.append((body, {"member_name": name, "role": role, "title": title, **extra}))

    def roster(self, body: NewBody, people: list[str], roles: list[str]) -> None:
        for name, role in zip(people, roles, strict=True):
            self.seat(body, name, role)

    def save(self) -> None:
        made = bodies_create_bulk(bodies=self.bodies, actor=DEMO)
        saved = dict(zip(self.bodies, made, strict=True))
        seats = [
            NewMembership(body=saved[body], term_start=TERM_START, **fields)
            for body, fields in self.seats
        ]
        memberships_add_bulk(memberships=seats, actor=DEMO)


def _roles(size: int, head: str, deputy: str | None, deputies: int = 1) -> list[str]:
    heads = [head] + [deputy] * deputies if deputy else [head]
    return heads + [R.MEMBER] * (size - len(heads))


# --- towns and streets -------------------------------------------------------------------


def _big_committee(seats: Seats, demo: Demo, town: Town, rng: random.Random) -> list[str]:
    """The 大党工委 / 大党委; returns its leaders' names for the town's other bodies."""
    committee = "党工委" if town.is_street else "党委"
    leader = "办事处主任" if town.is_street else "镇长"
    sources = [u for u in demo.units_with_party(town) if u.kind != UnitKind.PROPERTY_COMPANY]
    sources = rng.sample(sources, TOWN_PART_TIME_MEMBERS[town.code])
    members = rng.randint(3, 5)
    people = names.people(rng, 3 + members + len(sources))
    body = seats.body(
        demo.areas[town.code], f"{town.name}大{committee}", B.BIG_COMMITTEE, demo.party[town.code]
    )
    seats.seat(body, people[0], R.SECRETARY, f"{committee}书记")
    seats.seat(body, people[1], R.DEPUTY_SECRETARY, f"{committee}副书记、{leader}")
    seats.seat(body, people[2], R.DEPUTY_SECRETARY, f"{committee}副书记")
    for name in people[3 : 3 + members]:
        seats.seat(body, name, R.MEMBER, f"{committee}委员")
    for name, unit in zip(people[3 + members :], sources, strict=True):
        seats.seat(body, name, R.PART_TIME_MEMBER, f"{unit.name}党组织书记", source_unit=unit)
    return people[: 3 + members]


def _unit_body(seats: Seats, body: NewBody, chair: str, units: list[Unit], rng) -> None:
    """A body of unit representatives chaired by the town's secretary."""
    seats.seat(body, chair, R.CHAIR)
    people = names.people(rng, len(units), exclude=[chair])
    for i, (name, unit) in enumerate(zip(people, units, strict=True)):
        role = R.DEPUTY_CHAIR if i == 0 and body.kind == B.CO_BUILDING_COUNCIL else R.MEMBER
        seats.seat(body, name, role, f"{unit.name}代表", source_unit=unit)


def _town_bodies(seats: Seats, demo: Demo, town: Town) -> None:
    rng = names.rng_for("bodies", town.code)
    area, org = demo.areas[town.code], demo.party[town.code]
    leaders = _big_committee(seats, demo, town, rng)
    group = seats.body(area, f"{town.name}党建工作领导小组", B.LEADING_GROUP, org)
    seats.roster(group, leaders, _roles(len(leaders), R.CHAIR, R.DEPUTY_CHAIR, 2))
    pool = [u for u in demo.units[town.code] if u.kind != UnitKind.GOVERNMENT]
    meeting = seats.body(area, f"{town.name}党建联席会议", B.JOINT_MEETING, org)
    _unit_body(seats, meeting, leaders[0], rng.sample(pool, min(len(pool), rng.randint(4, 8))), rng)
    if town.code in CO_BUILDING_TOWNS:
        council = seats.body(area, f"{town.name}区域共建理事会", B.CO_BUILDING_COUNCIL, org)
        _unit_body(seats, council, leaders[0], rng.sample(pool, rng.randint(6, 10)), rng)


# --- communities and villages --------------------------------------------------------------


def _four_body_names(community: Community) -> dict[str, str]:
    name = community.name
    if community.kind == VILLAGE:
        return {
            B.RESIDENTS_COMMITTEE: f"{name}村民委员会",
            B.COUNCIL: f"{name}村民议事会",
            B.SUPERVISORY: f"{name}村务监督委员会",
        }
    return {
        B.RESIDENTS_COMMITTEE: f"{name}居民委员会",
        B.COUNCIL: f"{name}议事会",
        B.SUPERVISORY: f"{name}监事会",
    }


def _community_big_committee(
    seats: Seats, demo: Demo, town: Town, community: Community, leaders: list[str], rng
) -> None:
    """An urban community's 大党委: its own leaders plus part-time members from the units in it
    and up to three of the town's resident units with a party organisation."""
    area = demo.areas[community.code]
    own = [u for u in demo.units[town.code] if u.area_id == area.pk]
    others = [
        u
        for u in demo.units_with_party(town)
        if u.kind != UnitKind.PROPERTY_COMPANY and u not in own
    ]
    sources = own + rng.sample(others, min(len(others), 3))
    body = seats.body(area, f"{community.name}大党委", B.BIG_COMMITTEE, demo.party[community.code])
    seats.roster(body, leaders[:3], _roles(3, R.SECRETARY, R.DEPUTY_SECRETARY))
    people = names.people(rng, len(sources), exclude=leaders)
    for name, unit in zip(people, sources, strict=True):
        seats.seat(body, name, R.PART_TIME_MEMBER, f"{unit.name}党组织负责人", source_unit=unit)


def _community_bodies(seats: Seats, demo: Demo, town: Town, community: Community) -> None:
    rng = names.rng_for("bodies", community.code)
    area, org = demo.areas[community.code], demo.party[community.code]
    admin = demo.community_admins.get(community.code)
    sizes = [rng.randint(*SEATS) for _ in range(4)]
    secretary = admin.display_name if admin else names.person_name(rng)
    people = names.people(rng, sum(sizes) - 2, exclude=[secretary])

    party = seats.body(area, org.name, B.COMMUNITY_PARTY, org)
    seats.seat(party, secretary, R.SECRETARY, user=admin)
    leaders = [secretary, *people[: sizes[0] - 1]]
    seats.roster(party, leaders[1:], _roles(sizes[0], R.SECRETARY, R.DEPUTY_SECRETARY)[1:])
    rest = people[sizes[0] - 1 :]
    titles = _four_body_names(community)
    committee = seats.body(area, titles[B.RESIDENTS_COMMITTEE], B.RESIDENTS_COMMITTEE, org)
    # 一肩挑: the secretary also chairs the residents' (villagers') committee.
    crowd = [secretary, *rest[: sizes[1] - 1]]
    seats.roster(committee, crowd, _roles(sizes[1], R.CHAIR, R.DEPUTY_CHAIR))
    rest = rest[sizes[1] - 1 :]
    for kind, size in ((B.COUNCIL, sizes[2]), (B.SUPERVISORY, sizes[3])):
        body = seats.body(area, titles[kind], kind, org)
        seats.roster(body, rest[:size], _roles(size, R.CHAIR, None))
        rest = rest[size:]
    if community.is_urban:
        _community_big_committee(seats, demo, town, community, leaders, rng)


def build_bodies(demo: Demo) -> None:
    seats = Seats()
    for town in demo.plan.towns:
        _town_bodies(seats, demo, town)
        for community in town.communities:
            _community_bodies(seats, demo, town, community)
    seats.save()
