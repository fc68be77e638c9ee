"""The fixed service teams' part of the Fenghua 2021 demo (issue 22, 组团式服务).

In the main urban communities (TEAM_COMMUNITIES) the community party organisation sets up a team
in March 2021: members registered with the community (双报到; the community's demo member persona
first, when registered there) and staff of units registered with it, with a leader. Through the
year the community places orders for residents and dispatches them to its team; a member takes
each, completes it with hours and the resident rates it (the ledger credits the hours and points).
Today's open work, as the orders demo keeps only recent orders open: one done, one taken, one
waiting for the team, so the personas have work to see.

Everything goes through the orders app's actions (the team lives there, docs/decisions/024), the
history on a replayed 2021 clock (`on`, as cobuilding.demo replays it).
"""

import datetime
from contextlib import nullcontext
from decimal import Decimal
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.clock import replay
from yipanqi.core.demo_kit.state import Demo
from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind
from yipanqi.orders.models import (
    ACTIVE_REGISTRATION,
    OrderCategory,
    ServiceTeam,
    TeamMemberSource,
)
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.choices import MemberStatus, RegistrationKind
from yipanqi.people.models import CommunityRegistration, PartyMember, Person

DEMO = system("demo")
# 锦屏街道: 奉中, 锦山, 东门; 岳林街道: its first urban community (民主, the demo persona's)
TEAM_COMMUNITIES = ("330213001001", "330213001002", "330213001003", "330213002001")
TOWN_ADMINS = {"330213001000": "jp_admin", "330213002000": "yl_admin"}
PERSONA_MEMBERS = {"330213001001": "jp_fengzhong_member", "330213002001": "yl_minzhu_member"}
TEAM_SIZE, UNIT_STAFF = 6, 2
# (category, title, months after March (≤ 9: within 2021), outcome): closed (rated) in 2021;
# done, taken and waiting are today's open work
SERVICES = (
    ("elderly_care", "独居老人每周上门探访", 0, "closed"),
    ("repairs", "楼道声控灯维修", 1, "closed"),
    ("environment", "小区楼道杂物清理", 2, "closed"),
    ("waste_sorting", "垃圾分类桶边督导", 4, "closed"),
    ("elderly_care", "高龄老人助浴", 5, "closed"),
    ("dispute", "邻里噪音纠纷调解", 7, "done"),
    ("repairs", "老旧水管检修", 8, "taken"),
    ("wish", "困难儿童微心愿", 9, "waiting"),
)


def _at(month: int, day: int = 10, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(clock.YEAR, month, day, hour, 0, tzinfo=clock.LOCAL)


def _registered(community: Area) -> list[PartyMember]:
    """Members registered with the community who can take orders online (an account)."""
    rows = CommunityRegistration.objects.filter(
        community=community,
        kind=RegistrationKind.MEMBER,
        status__in=ACTIVE_REGISTRATION,
        member__person__user__isnull=False,
    ).exclude(member__status=MemberStatus.TRANSFERRED_OUT)
    return [r.member for r in rows.select_related("member__person").order_by("member_id")]


def _unit_staff(community: Area, taken: set[int]) -> list[PartyMember]:
    """Members working for a unit registered with the community, with an account."""
    units = CommunityRegistration.objects.filter(
        community=community, kind=RegistrationKind.UNIT, status__in=ACTIVE_REGISTRATION
    ).values("unit_id")
    staff = PartyMember.objects.filter(work_unit_id__in=units, person__user__isnull=False)
    staff = staff.exclude(status=MemberStatus.TRANSFERRED_OUT).exclude(pk__in=taken)
    return list(staff.select_related("person").order_by("pk")[:UNIT_STAFF])


def _members(demo: Demo, community: Area) -> list[PartyMember]:
    registered = _registered(community)
    persona = demo.users.get(PERSONA_MEMBERS.get(community.code, ""))
    first = [m for m in registered if persona is not None and m.person.user_id == persona.pk]
    rest = [m for m in registered if m not in first]
    rng = names.rng_for("cobuilding.teams", community.code)
    rng.shuffle(rest)
    chosen = first + rest[: TEAM_SIZE - len(first)]
    return chosen + _unit_staff(community, {m.pk for m in chosen})


def _team(demo: Demo, community: Area, admin: Any) -> ServiceTeam | None:
    members = _members(demo, community)
    lead = demo.party.get(community.code)
    if not members or lead is None:
        return None
    with replay(_at(3, 1)):
        team = actions.team_create(
            lead_organisation=lead,
            name=f"{community.name}党员服务团",
            coverage=[community],
            leader=members[0],
            actor=admin,
        )
        for member in members[1:]:
            actions.team_member_add(team=team, member=member, actor=admin)
    return team


def _resident(community: Area, index: int, admin: Any) -> Person | None:
    """A resident of the community with an account (they rate the service), not the admin who
    places the order for them, if any."""
    people = Person.objects.filter(
        area__path__startswith=community.path, area__kind=AreaKind.GRID, user__isnull=False
    )
    people = people.exclude(user_id=admin.pk).order_by("pk")
    count = people.count()
    return people[index % count] if count else None


def _clock(when: datetime.datetime | None) -> Any:
    """The replayed 2021 clock for the year's history; the real one for today's open work."""
    return replay(when) if when is not None else nullcontext()


def _serve(team: ServiceTeam, community: Area, admin: Any, own_admin: bool) -> None:
    """The team's services: the year's history in 2021, closed and rated, and today's open work
    (done, taken, waiting for the team), as the orders demo keeps only recent orders open. The
    community's admin places them for residents (代办); where the demo has only the town's admin
    (who runs orders but does not place them), the platform records the resident's own order on
    their behalf. Members registered with the community take them (unit staff are credited with
    hours as the taker's teammates)."""
    categories = {
        c.code: c for c in OrderCategory.objects.filter(district_code=community.district_code)
    }
    grids = list(
        Area.objects.filter(path__startswith=community.path, kind=AreaKind.GRID).order_by("path")
    )
    rows = team.memberships.filter(active=True).select_related("member__person__user")
    members = [m.member for m in rows]
    takers = [m.member for m in rows if m.source == TeamMemberSource.REGISTERED]
    for i, (category, title, months, outcome) in enumerate(SERVICES):
        resident = _resident(community, i, admin)
        if resident is None and not own_admin:
            continue
        history = outcome == "closed"
        when = (
            _at(3 + months, 12) if history else timezone.now() - datetime.timedelta(hours=6 - i % 3)
        )
        taker = takers[i % len(takers)]
        with _clock(when if history else None):
            order = actions.order_place(
                grid=grids[i % len(grids)], category=categories[category], title=title,
                description=f"{title}（组团式服务）", resident=resident, placed_at=when,
                actor=admin if own_admin else system("demo", on_behalf_of=resident.user),
            )  # fmt: skip
            order = actions.order_accept(order=order, actor=admin)
            order = actions.order_dispatch(
                order=order, kind=DispatchKind.TEAM, team=team, actor=admin
            )
        if outcome == "waiting":
            continue
        with _clock(when + datetime.timedelta(hours=2) if history else None):
            order = actions.order_take(order=order, actor=taker.person.user)
        if outcome == "taken":
            continue
        mate = members[(members.index(taker) + 1) % len(members)]
        hours = {taker: Decimal("2"), mate: Decimal("1.5")} if mate != taker else None
        with _clock(when + datetime.timedelta(days=1) if history else None):
            order = actions.order_complete(order=order, note="已上门完成服务", hours=hours, actor=taker.person.user)  # fmt: skip
        if history:
            rater = resident.user if resident is not None else order.placed_by
            with replay(when + datetime.timedelta(days=2)):
                actions.order_rate(order=order, score=5, solved=True, comment="服务很及时", actor=rater)  # fmt: skip


def build(demo: Demo) -> None:
    """The demo step: teams in the main urban communities, and a year of their services."""
    for code in TEAM_COMMUNITIES:
        community = demo.areas.get(code)
        if community is None:
            continue
        # the community's demo admin, else its town's (an admin above the community runs its
        # orders too); none: the platform sets the team up, and there is nobody to run orders
        admin = demo.community_admins.get(code) or demo.users.get(TOWN_ADMINS[code[:9] + "000"])
        team = _team(demo, community, admin or DEMO)
        if team is not None and admin is not None:
            _serve(team, community, admin, code in demo.community_admins)


def teams_counts() -> dict[str, int]:
    return {"service teams": ServiceTeam.objects.count()}
