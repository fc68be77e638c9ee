"""Grid test data on top of organisations' build_district(), built through the apps' actions.

Households (building, unit, room) per grid index of `district.grids`:
grids 0,1 → community A1 (grid_worker_a1 works grid 0)   2,3 → A2   4,5 → B1   6,7 → B2
Every target records its grid index, so tests can say who may see it without the permission code.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from yipanqi.core.actors import system
from yipanqi.grid import actions
from yipanqi.grid.actions import QuestionSpec
from yipanqi.grid.models import Campaign, Incident, Target
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import Role
from yipanqi.organisations.tests.factories import District
from yipanqi.people import actions as people_actions
from yipanqi.people.models import Household

# (grid index, building, unit, room): grid 0 deliberately out of walking order ("10" after "2").
HOUSEHOLDS = [
    (0, "10", "1单元", "101"),
    (0, "2", "1单元", "201"),
    (0, "2", "1单元", "101"),
    (0, "2", "2单元", "101"),
    (0, "3", "1单元", "102"),
    (0, "3", "1单元", "101"),
    (1, "1", "1单元", "101"),
    (1, "1", "1单元", "102"),
    (2, "5", "1单元", "101"),
    (2, "5", "1单元", "102"),
    (4, "7", "1单元", "101"),
    (4, "7", "1单元", "102"),
]
QUESTIONS = (
    QuestionSpec("发热、咳嗽等症状", "yes_no", required=True),
    QuestionSpec("疫苗接种", "choice", ("未接种", "第一剂", "已完成")),
    QuestionSpec("常住人数", "number"),
    QuestionSpec("备注", "text"),
)
START = datetime.date(2021, 1, 20)
END = datetime.date(2021, 2, 10)


@dataclass
class GridWorld:
    district: District
    households: list[Household] = field(default_factory=list)
    grid_of: dict[int, int] = field(default_factory=dict)  # household pk → grid index
    sweep: Campaign | None = None  # run by the district over every household
    local: Campaign | None = None  # run by community A1 over its households

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas

    def target(self, campaign: Campaign | None = None, grid: int = 0, index: int = 0) -> Target:
        campaign = campaign or self.sweep
        targets = Target.objects.filter(campaign=campaign, grid=self.district.grids[grid])
        return targets.order_by("pk")[index]

    def question_ids(self, campaign: Campaign | None = None) -> list[int]:
        campaign = campaign or self.sweep
        return list(campaign.questions.order_by("position").values_list("pk", flat=True))

    def answers(self, campaign: Campaign | None = None) -> dict[str, Any]:
        ids = self.question_ids(campaign)
        return {str(ids[0]): "no", str(ids[1]): "已完成", str(ids[2]): "3"}

    def report(self, by: str = "grid_worker_a1", grid: int = 0, **kw: Any) -> Incident:
        values = {"category": "environment", "place": "3幢楼下", "description": "垃圾堆放"}
        return actions.incident_report(
            grid=self.district.grids[grid], actor=self.personas[by], **(values | kw)
        )


def make_user(d: District, username: str, role: str, area: Any) -> Any:
    from yipanqi.accounts.actions import user_create
    from yipanqi.accounts.models import AccountKind
    from yipanqi.organisations.tests.factories import PASSWORD

    user = user_create(
        username=username, password=PASSWORD, actor=None, kind=AccountKind.STAFF, validate=False
    )
    org_actions.role_grant_create(user=user, role=role, area=area, actor=system("test"))
    d.personas[username] = user
    return user


@transaction.atomic
def build_grid_world(d: District, *, campaigns: bool = True) -> GridWorld:
    w = GridWorld(district=d)
    # A second worker in grid 0, so the automatic split has two people to share households.
    make_user(d, "grid_worker_a1b", Role.GRID_WORKER, d.grids[0])
    make_user(d, "grid_worker_b1", Role.GRID_WORKER, d.grids[4])
    for grid, building, unit, room in HOUSEHOLDS:
        household = people_actions.household_create(
            grid=d.grids[grid],
            building=building,
            unit_no=unit,
            room=room,
            actor=system("test"),
        )
        w.households.append(household)
        w.grid_of[household.pk] = grid
    if campaigns:
        w.sweep = actions.campaign_create(
            area=d.district,
            title="春节疫情防控清楼",
            starts_on=START,
            ends_on=END,
            rounds=2,
            questions=QUESTIONS,
            actor=d.personas["district_admin"],
        )
        w.local = actions.campaign_create(
            area=d.communities[0],
            title="奉中社区独居老人走访",
            starts_on=START,
            ends_on=END,
            questions=QUESTIONS[:1],
            actor=d.personas["community_admin_a1"],
        )
    return w
