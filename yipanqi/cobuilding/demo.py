"""The co-building part of the Fenghua 2021 demo (issue 22, "Demo").

For each town with a co-building council (CO_BUILDING_TOWNS; the councils, their unit seats and
their sessions of 2021 — forum, 难题会办, site visit — come from organisations' and deliberation's
demos): the demo liaison of the town gets a seat for a unit of their community, a plenary session
is added; communities post needs and units publish resources; claims both ways at every stage
(pending, declined, accepted) with projects agreed, in progress, completed and rated; hard
problems put to the council's 难题会办 session, two solved and one still open with a commitment
overdue and escalated; and the 2021 evaluations of registered units (a few left unevaluated).

Everything goes through cobuilding's actions (and organisations', deliberation's and socialorgs'
for their rows), on a replayed 2021 clock so that dates fall in the demo year.
"""

import datetime

from django.db.models import F

from yipanqi.cobuilding import actions, teams_demo
from yipanqi.cobuilding.models import Claim, Evaluation, HardProblem, Project
from yipanqi.cobuilding.selectors_town import registered_units
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.clock import replay
from yipanqi.core.demo_kit.fenghua import CO_BUILDING_TOWNS
from yipanqi.core.demo_kit.state import Demo
from yipanqi.deliberation.actions import meeting_schedule
from yipanqi.deliberation.choices import MeetingKind
from yipanqi.deliberation.models import Meeting
from yipanqi.organisations.actions import membership_add
from yipanqi.organisations.choices import AreaKind, BodyKind, MemberRole
from yipanqi.organisations.models import Area, Body, BodyMembership, Unit
from yipanqi.socialorgs.actions import need_post

DEMO = system("demo")
LIAISONS = {"330213001000": "jp_fengzhong_liaison", "330213002000": "yl_minzhu_liaison"}
NEEDS = (
    ("老旧小区楼道灯更换", "governance", 120),
    ("独居老人助餐配送", "elderly_care", 40),
    ("青少年暑期托管", "social_practice", 60),
    ("社区义诊进楼道", "health", 200),
    ("邻里纠纷调解培训", "mediation", 30),
    ("困难家庭冬季慰问", "charity", 25),
)
RESOURCES = (
    ("单位会议室周末开放", "venue", "60人"),
    ("职工志愿服务队", "volunteers", "20人/月"),
    ("法律咨询服务", "professional", "每月2次"),
    ("共建活动经费", "money", "2万元/年"),
)
PROBLEMS = (
    ("菜场周边停车难", "早晚高峰车辆占道，居民出行不便。", True),
    ("老旧小区雨污管网堵塞", "汛期多次倒灌，需要专业疏通和改造。", True),
    ("学校周边夜间照明不足", "放学时段路灯不亮，家长反映安全隐患。", False),
)
# Open needs of the demo liaison's own community, left for them to claim (the browser test does).
OPEN_NEEDS = (
    ("小区健身器材维修", "governance", 80),
    ("暑期四点半课堂志愿者", "social_practice", 40),
)
GRADES = ("excellent", "good", "good", "fair")


def cobuilding_counts() -> dict[str, int]:
    return {
        "co-building claims": Claim.objects.count(),
        "co-building projects": Project.objects.count(),
        "hard problems": HardProblem.objects.count(),
        "unit evaluations": Evaluation.objects.count(),
        **teams_demo.teams_counts(),
    }


def build_cobuilding(demo: Demo) -> None:
    for code in CO_BUILDING_TOWNS:
        town = demo.areas[code]
        council = Body.objects.get(area=town, kind=BodyKind.CO_BUILDING_COUNCIL)
        _town(demo, town, council)
    teams_demo.build(demo)  # fixed service teams (组团式服务) and their orders


def _town(demo: Demo, town: Area, council: Body) -> None:
    rng = names.rng_for("cobuilding", town.code)
    communities = list(
        Area.objects.filter(path__startswith=town.path, kind=AreaKind.COMMUNITY).order_by("path")
    )
    seats = _liaison_seat(demo, town, council)
    _plenary(council)
    projects = _lists(rng, communities, seats)
    home = seats[0].source_unit.area if seats[0].user_id else communities[0]
    for i, (title, kind, people) in enumerate(OPEN_NEEDS):
        with replay(clock.at(12, 1 + i, 10)):
            need = need_post(
                community=home, title=title, kind=kind, people=people, budget_fen=0, actor=DEMO
            )
        clock.stamp_created(need, clock.at(12, 1 + i, 10))
    _problems(council, communities, seats)
    _evaluations(town, projects)


def _liaison_seat(demo: Demo, town: Area, council: Body) -> list[BodyMembership]:
    """The demo liaison sits for a unit of their own community (the liaison of 双报到 units)."""
    user = demo.users.get(LIAISONS.get(town.code, ""))
    if user is not None:
        grant = user.role_grants.select_related("area").first()
        unit = Unit.objects.filter(area=grant.area).order_by("pk").first() if grant else None
        if unit is not None:
            with replay(clock.at(1, 10, 9)):
                membership_add(
                    body=council, member_name=names.people(names.rng_for("liaison", town.code), 1)[0],
                    role=MemberRole.MEMBER, title=f"{unit.name}联络员", term_start=clock.TERM_START,
                    source_unit=unit, user=user, actor=DEMO,
                )  # fmt: skip
    rows = BodyMembership.objects.filter(body=council, source_unit__isnull=False)
    return list(
        rows.select_related("source_unit").order_by(F("user_id").desc(nulls_last=True), "pk")
    )


def _plenary(council: Body) -> None:
    with replay(clock.at(1, 5, 9)):
        meeting_schedule(
            body=council, kind=MeetingKind.DELIBERATION, title="2021年度区域共建理事会全体会议",
            starts_at=clock.at(1, 20, 14), place="镇街党群服务中心", actor=DEMO, notify_seats=False,
        )  # fmt: skip


def _lists(rng, communities: list[Area], seats: list[BodyMembership]) -> list[Project]:
    """Needs and resources, claimed both ways; projects at every stage."""
    units = [s.source_unit for s in seats]
    needs = []
    for i, (title, kind, people) in enumerate(NEEDS):
        with replay(clock.at(2 + i, 3, 10)):
            needs.append(
                need_post(community=communities[i % len(communities)], title=title, kind=kind,
                          people=people, budget_fen=0, actor=DEMO)
            )  # fmt: skip
        clock.stamp_created(needs[-1], clock.at(2 + i, 3, 10))
    resources = []
    town = Area.objects.get(path=communities[0].path[: 2 * Area.steplen])
    for i, (title, kind, capacity) in enumerate(RESOURCES):
        with replay(clock.at(2, 10 + i, 10)):
            resources.append(
                actions.resource_publish(
                    unit=units[i % len(units)], title=title, kind=kind, capacity=capacity, area=town,
                    available_from=clock.TERM_START, available_to=datetime.date(2022, 12, 31), actor=DEMO,
                )
            )  # fmt: skip
    claims = []
    for i, need in enumerate(needs):
        with replay(clock.at(3 + i, 15, 10)):
            claims.append(
                actions.need_claim(
                    need=need, unit=units[i % len(units)], actor=DEMO, note="愿意承接"
                )
            )
    with replay(clock.at(9, 1, 10)):
        actions.claim_decline(claim=claims[4], reason="服务时段不匹配", actor=DEMO)
    for i, resource in enumerate(resources[:2]):
        with replay(clock.at(4 + i, 20, 10)):
            claims.append(
                actions.resource_claim(resource=resource, community=communities[i], actor=DEMO)
            )
    accepted = [claims[0], claims[1], claims[2], claims[3], claims[6]]
    for i, claim in enumerate(accepted):
        with replay(clock.at(4 + i, 25, 10)):
            actions.claim_accept(claim=claim, actor=DEMO)
    projects = list(Project.objects.filter(claim__in=accepted).order_by("pk"))
    _stages(projects)
    return projects


def _stages(projects: list[Project]) -> None:
    """rated, rated, completed, in progress, agreed."""
    for i, project in enumerate(projects[:4]):
        with replay(clock.at(6 + i, 1, 9)):
            actions.project_begin(project=project, actor=DEMO)
            actions.project_report(project=project, note="已按计划完成第一阶段", actor=DEMO)
    for i, project in enumerate(projects[:3]):
        with replay(clock.at(9 + i, 10, 16)):
            actions.project_complete(project=project, actor=DEMO)
    for project in projects[:2]:
        with replay(clock.at(11, 28, 10)):
            actions.project_rate(project=project, rating=5, comment="居民满意", actor=DEMO)


def _problems(council: Body, communities: list[Area], seats: list[BodyMembership]) -> None:
    session = (
        Meeting.objects.filter(body=council, kind=MeetingKind.PROBLEM_SOLVING)
        .order_by("starts_at")
        .first()
    )
    for i, (title, description, solved) in enumerate(PROBLEMS):
        with replay(clock.at(7, 1 + i, 9)):
            problem = actions.problem_raise(
                council=council, community=communities[i % len(communities)], title=title,
                description=description, actor=DEMO,
            )  # fmt: skip
            actions.problem_to_session(problem=problem, session=session, actor=DEMO)
        commitments = []
        for j in range(2):
            seat = seats[(i * 2 + j) % len(seats)]
            with replay(clock.at(8, 16, 16)):
                commitments.append(
                    actions.commitment_add(
                        problem=problem, member=seat, what=f"{seat.source_unit.name}牵头落实第{j + 1}项措施",
                        due_on=datetime.date(2021, 10 + j, 30), resources="人员和资金", actor=DEMO,
                    )
                )  # fmt: skip
        for j, commitment in enumerate(commitments):
            if solved or j == 0:
                with replay(clock.at(10, 20 + j, 10)):
                    actions.commitment_done(
                        commitment=commitment, evidence="现场照片和验收单", actor=DEMO
                    )
        if solved:
            with replay(clock.at(11, 20, 10)):
                actions.problem_confirm(problem=problem, result="问题已解决，居民认可", actor=DEMO)
    with replay(clock.at(12, 5, 2)):  # the overdue commitment climbs to the town's committee
        actions.commitments_escalate_overdue(today=datetime.date(2021, 12, 5))


def _evaluations(town: Area, projects: list[Project]) -> None:
    """2021's evaluations in December; every fifth registered unit is left unevaluated."""
    rows = list(registered_units(area=town).order_by("pk"))
    for i, registration in enumerate(rows):
        if i % 5 == 4:
            continue
        with replay(clock.at(12, 10 + i % 15, 10)):
            actions.evaluation_record(
                community=registration.community, unit=registration.unit, year=clock.YEAR,
                grade=GRADES[i % len(GRADES)], comment="积极参与共建", actor=DEMO,
                today=datetime.date(clock.YEAR, 12, 20),
            )  # fmt: skip
