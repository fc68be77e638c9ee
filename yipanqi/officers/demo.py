"""The officers part of the Fenghua 2021 demo (issue 14, "Demo"): the five-role officers of every
town / street (party members of the town with an account; the persona `five_role_officer` is the
one who signs in), their
assignments — enterprises, villages and communities, a key project, street segments, the town's
helpdesk — with a visit plan, a year of work logs, and the issues they raised: most handled on
the spot or left to the year's end; this week's visits on a few street segments raised issues
that became service orders through the orders' action. The demo persona
`five_role_officer` (锦屏街道) guides 奉中社区 and runs one of its streets.

Assignments and orders go through the actions (audited as in real use); the 2021 work logs go
straight into their table in batches with one `officers.demo.worklogs_created` audit event per
assignment naming its rows by id ranges (docs/decisions/005, 010).
"""

import datetime
from typing import Any

from django.utils import timezone

from yipanqi.accounts.models import User
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.rows import RowWriter
from yipanqi.core.demo_kit.state import Demo
from yipanqi.officers import actions
from yipanqi.officers.choices import LogKind
from yipanqi.officers.models import Assignment, OfficerRole, WorkLog
from yipanqi.people.imports.writer import id_ranges

DEMO = system("demo")
START = datetime.date(clock.YEAR, 1, 1)
WORK = {
    "enterprise": ("走访企业，宣传惠企政策", "企业用工需求对接"),
    "community": ("指导村社党组织规范化建设", "村道路灯损坏需维修"),
    "project": ("跟进重点项目建设进度", "项目施工影响居民出行"),
    "street": ("巡查街巷环境秩序", "沿街商铺占道经营"),
    "helper": ("为群众代办社保、医保事项", "老年人证照办理不便"),
}
ISSUE_SHARE, SPOT_SHARE, ORDERS = 0.12, 0.65, 6


def officers_counts() -> dict[str, int]:
    return {
        "officer assignments": Assignment.objects.count(),
        "officer work logs": WorkLog.objects.count(),
    }


def build_officers(demo: Demo) -> None:
    district = demo.areas[demo.plan.code].district_code
    roles = {r.code: r for r in actions.roles_ensure_defaults(district_code=district, actor=DEMO)}
    assignments: list[tuple[Assignment, Any]] = []
    for town in demo.plan.towns:
        assignments += _town(demo, town, roles)
    assignments += _persona(demo, roles)
    Logs2021(demo, assignments).write()
    _recent(assignments)


def _officers(demo: Demo, town: Any, roles: dict[str, OfficerRole]) -> dict[str, Any]:
    """Five party members of the town with an account (the registry's linked accounts: no grant,
    no password), one per role — the persona `five_role_officer` is the one who signs in."""
    area = demo.areas[town.code]
    accounts = User.objects.filter(
        role_grants__isnull=True, person__scope_path__startswith=area.path
    )
    members = list(accounts.filter(person__party_member__isnull=False).order_by("pk")[:5])
    members += list(accounts.exclude(pk__in=[u.pk for u in members]).order_by("pk")[:5])
    if not members:
        members = [demo.users["five_role_officer"]]
    return {code: members[i % len(members)] for i, code in enumerate(roles)}


def _assign(officer: Any, role: OfficerRole, area: Any, **kw: Any) -> Assignment:
    return actions.assignment_create(officer=officer, role=role, area=area, actor=DEMO,
                                     starts_on=START, **kw)  # fmt: skip


def _town(demo: Demo, town: Any, roles: dict[str, OfficerRole]) -> list[tuple[Assignment, Any]]:
    people, area = _officers(demo, town, roles), demo.areas[town.code]
    communities = [demo.areas[c.code] for c in town.communities]
    made = [_assign(people["enterprise"], roles["enterprise"], u.area, unit=u)
            for u in demo.units.get(town.code, [])[:2]]  # fmt: skip
    made += [_assign(people["community"], roles["community"], c) for c in communities[:2]]
    made.append(_assign(people["project"], roles["project"], area,
                        target_name=f"{town.short}重点项目", visits_per_month=1))  # fmt: skip
    made += [_assign(people["street"], roles["street"], communities[0],
                     target_name=f"{communities[0].name}{road}段", visits_per_month=4)
             for road in ("中山路", "南山路")]  # fmt: skip
    made.append(_assign(people["helper"], roles["helper"], area, visits_per_month=4))
    return [(a, a.officer) for a in made]


def _persona(demo: Demo, roles: dict[str, OfficerRole]) -> list[tuple[Assignment, Any]]:
    officer = demo.users["five_role_officer"]
    fengzhong = demo.area_named("奉中社区")
    made = [_assign(officer, roles["community"], fengzhong),
            _assign(officer, roles["street"], fengzhong, target_name="奉中社区桥东街段",
                    visits_per_month=4)]  # fmt: skip
    return [(a, officer) for a in made]


class Logs2021:
    def __init__(self, demo: Demo, assignments: list[tuple[Assignment, Any]]):
        self.demo, self.assignments = demo, assignments
        self.writer = RowWriter.of(WorkLog, actor=DEMO)

    def write(self) -> None:
        last = datetime.date(clock.YEAR, 12, 31)
        for assignment, officer in self.assignments:
            rng = names.rng_for("officers", str(assignment.pk))
            pks = []
            for month in range(1, 13):
                for visit in range(assignment.visits_per_month):
                    if rng.random() > 0.85:
                        continue  # a planned visit missed
                    day = datetime.date(
                        clock.YEAR, month, min(28, 3 + visit * 7 + rng.randint(0, 5))
                    )
                    if day > last:
                        continue
                    pks.append(self._log(assignment, officer, day, rng))
            w = self.writer
            w.event(action="officers.demo.worklogs_created", target=assignment,
                    data={"logs": len(pks), "ids": id_ranges(pks)})  # fmt: skip
            w.maybe_flush()
        self.writer.finish()

    def _log(self, a: Assignment, officer: Any, day: datetime.date, rng: Any) -> int:
        done, issue_text = WORK[a.role.code]
        kind = LogKind.ON_BEHALF if a.role.code == "helper" else LogKind.VISIT
        issue = issue_text if rng.random() < ISSUE_SHARE else ""
        result = "已办结" if kind == LogKind.ON_BEHALF else ""
        if issue and rng.random() < SPOT_SHARE:
            result = "当场协调解决"
        w = self.writer
        return w.add(
            WorkLog, created_at=w.stamp(clock.at(day.month, day.day, 17)), updated_at=w.now,
            scope_path=a.scope_path, district_code=a.district_code, assignment_id=a.pk,
            officer_id=officer.pk, kind=kind, occurred_on=w.day(day), summary=done,
            people_met="", result=result, issue=issue, order_id=None, incident_id=None,
        )  # fmt: skip


def _recent(assignments: list[tuple[Assignment, Any]]) -> None:
    """This week's visits that raised an issue turned into a service order, through the action
    (2021's issues were all handled or closed within the year, as the orders' demo has it)."""
    day = timezone.localdate() - datetime.timedelta(days=2)
    street = [a for a, _o in assignments if a.role.code == "street"]
    for a in street[:: max(1, len(street) // ORDERS)]:
        actions.worklog_record(
            assignment=a, kind=LogKind.VISIT, occurred_on=day, summary=WORK["street"][0],
            issue=WORK["street"][1], open_order=True, actor=DEMO,
        )  # fmt: skip
