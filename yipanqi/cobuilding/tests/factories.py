"""A co-building world on the test district (organisations' factories): town A's council with
the units of A1 and A2 (liaisons liaison_a1, liaison_a2) and community A1's seat; town B's council
with B1's unit (liaison_b1). A1 posts a single-claim need; A1's unit publishes a resource."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from yipanqi.cobuilding import actions
from yipanqi.core.actors import system
from yipanqi.deliberation.actions import meeting_schedule
from yipanqi.deliberation.choices import MeetingKind
from yipanqi.organisations import actions as org
from yipanqi.organisations.choices import BodyKind, MemberRole, Role
from yipanqi.organisations.tests.factories import District, _persona
from yipanqi.people.actions import registration_confirm, registration_submit
from yipanqi.socialorgs.actions import need_post

SYS = system("test")
TERM = datetime.date(2021, 1, 1)


@dataclass
class World:
    d: District
    personas: dict[str, Any]
    councils: list[Any] = field(default_factory=list)
    seats: dict[str, Any] = field(default_factory=dict)
    need: Any = None
    resource: Any = None
    registrations: list[Any] = field(default_factory=list)


def _council(w: World, town_index: int) -> Any:
    town = w.d.towns[town_index]
    council = org.body_create(
        area=town, name=f"{town.name}区域共建理事会", kind=BodyKind.CO_BUILDING_COUNCIL, actor=SYS
    )
    w.councils.append(council)
    return council


def _seat(w: World, council, key: str, name: str, user=None, unit=None) -> None:
    w.seats[key] = org.membership_add(
        body=council, member_name=name, role=MemberRole.MEMBER, term_start=TERM,
        source_unit=unit, user=user, actor=SYS,
    )  # fmt: skip


def build_world(d: District) -> World:
    w = World(d=d, personas=d.personas)
    a1, a2, b1, _b2 = d.communities
    for name, area in (("liaison_a1", a1), ("liaison_a2", a2), ("liaison_b1", b1)):
        if name not in d.personas:  # the venues world may have made them
            _persona(d, name, Role.UNIT_LIAISON, area)
    council_a, council_b = _council(w, 0), _council(w, 1)
    _seat(w, council_a, "unit_a1", "单位甲", w.personas["liaison_a1"], d.units[0])
    _seat(w, council_a, "unit_a2", "单位乙", w.personas["liaison_a2"], d.units[1])
    _seat(w, council_a, "community_a1", "社区甲", w.personas["community_admin_a1"])
    _seat(w, council_b, "unit_b1", "单位丙", w.personas["liaison_b1"], d.units[2])
    w.need = need_post(
        community=a1, title="楼道灯维修", kind="governance", people=30, budget_fen=0, actor=SYS
    )
    w.resource = actions.resource_publish(
        unit=d.units[0], title="会议室开放", kind="venue", capacity="40人", area=d.towns[0],
        available_from=TERM, available_to=datetime.date(2022, 12, 31), actor=SYS,
    )  # fmt: skip
    for unit, community in ((d.units[0], a1), (d.units[1], a1), (d.units[2], b1)):
        registration = registration_submit(community=community, unit=unit, actor=SYS)
        w.registrations.append(
            registration_confirm(
                registration=registration,
                actor=d.personas["community_admin_a1"]
                if community == a1
                else d.personas["community_admin_b1"],
            )
        )
    return w


def _side(w: World, key: str, community, unit, council) -> None:
    """A claim accepted into a project, a hard problem on a session with a commitment, and an
    evaluation — all of one community (for the R-AC-3 sweep)."""
    p = w.personas
    need = (
        w.need
        if key == "a1"
        else need_post(
            community=community,
            title="文化墙绘制",
            kind="governance",
            people=50,
            budget_fen=0,
            actor=SYS,
        )
    )
    claim = actions.need_claim(need=need, unit=unit, actor=p[f"liaison_{key}"])
    actions.claim_accept(claim=claim, actor=p[f"community_admin_{key}"])
    problem = actions.problem_raise(
        council=council, community=community, title="停车难", description="车位不足", actor=SYS
    )
    session = meeting_schedule(
        body=council, kind=MeetingKind.PROBLEM_SOLVING, title="难题会办",
        starts_at=datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), actor=SYS,
    )  # fmt: skip
    actions.problem_to_session(problem=problem, session=session, actor=SYS)
    actions.commitment_add(
        problem=problem, member=w.seats[f"unit_{key}"], what="开放车位",
        due_on=datetime.date(2099, 1, 1), actor=SYS,
    )  # fmt: skip
    actions.evaluation_record(
        community=community, unit=unit, year=2021, grade="good", actor=SYS,
        today=datetime.date(2021, 12, 2),
    )  # fmt: skip
    need_post(
        community=community,
        title="助老送餐",
        kind="elderly_care",
        people=9,
        budget_fen=0,
        actor=SYS,
    )


def build_fuzz_rows(d: District) -> World:
    """Co-building rows of A1 and of B1 on the fuzz district (core.tests.fuzz)."""
    w = build_world(d)
    a1, _a2, b1, _b2 = d.communities
    _side(w, "a1", a1, d.units[0], w.councils[0])
    _side(w, "b1", b1, d.units[2], w.councils[1])
    actions.resource_publish(
        unit=d.units[2], title="活动室", kind="venue", capacity="30人", area=d.towns[1],
        available_from=TERM, available_to=datetime.date(2022, 12, 31), actor=SYS,
    )  # fmt: skip
    return w


def build_reach_rows(d: District) -> dict[str, Any]:
    """One row of each co-building model of A1 (core/tests/test_scope_reach.py's cases)."""
    from yipanqi.cobuilding.models import Project

    w = build_world(d)
    claim = actions.need_claim(need=w.need, unit=d.units[0], actor=w.personas["liaison_a1"])
    actions.claim_accept(claim=claim, actor=w.personas["community_admin_a1"])
    project = Project.objects.get(claim=claim)
    actions.project_begin(project=project, actor=SYS)
    actions.project_complete(project=project, actor=SYS)
    problem = actions.problem_raise(
        council=w.councils[0],
        community=d.communities[0],
        title="难题",
        description="说明",
        actor=SYS,
    )
    session = meeting_schedule(
        body=w.councils[0], kind=MeetingKind.PROBLEM_SOLVING, title="会办",
        starts_at=datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), actor=SYS,
    )  # fmt: skip
    actions.problem_to_session(problem=problem, session=session, actor=SYS)
    commitment = actions.commitment_add(
        problem=problem,
        member=w.seats["unit_a1"],
        what="承诺",
        due_on=datetime.date(2099, 1, 1),
        actor=SYS,
    )
    evaluation = actions.evaluation_record(
        community=d.communities[0], unit=d.units[0], year=2021, grade="good", actor=SYS,
        today=datetime.date(2021, 12, 2),
    )  # fmt: skip
    return {
        "world": w, "resource": w.resource, "claim": claim, "project": project,
        "problem": problem, "commitment": commitment, "evaluation": evaluation,
    }  # fmt: skip
