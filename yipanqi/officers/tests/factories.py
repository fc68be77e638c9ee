"""Officers test data on organisations' build_district(): two officers and three assignments.

  a1_guide   officer_a (five-role officer at 锦屏街道) guides 奉中社区 (A1)
  a_street   officer_a runs 奉中社区中山路段 (A1)
  b1_guide   officer_b (at 岳林街道) guides 民主社区 (B1)
Logs: one visit on a1_guide raising an issue handled on the spot, one visit on b1_guide.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.officers import actions
from yipanqi.officers.models import Assignment, OfficerRole, WorkLog
from yipanqi.organisations.choices import Role
from yipanqi.organisations.tests.factories import District, _persona, build_district

TEST = system("test")


@dataclass
class OfficerWorld:
    district: District
    assignments: dict[str, Assignment] = field(default_factory=dict)
    logs: dict[str, WorkLog] = field(default_factory=dict)

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas

    def role(self, code: str) -> OfficerRole:
        return OfficerRole.objects.get(
            district_code=self.district.district.district_code, code=code
        )


def a_week_ago() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=7)


def build_officer_world(d: District | None = None) -> OfficerWorld:
    d = d or build_district()
    w = OfficerWorld(d)
    a1, _a2, b1, _b2 = d.communities
    officer_a = _persona(d, "officer_a", Role.FIVE_ROLE_OFFICER, d.towns[0])
    officer_b = _persona(d, "officer_b", Role.FIVE_ROLE_OFFICER, d.towns[1])
    start = timezone.localdate() - datetime.timedelta(days=60)
    assign = actions.assignment_create
    w.assignments["a1_guide"] = assign(officer=officer_a, role=w.role("community"), area=a1,
                                       starts_on=start, actor=TEST)  # fmt: skip
    w.assignments["a_street"] = assign(officer=officer_a, role=w.role("street"), area=a1,
                                       target_name="奉中社区中山路段", starts_on=start,
                                       visits_per_month=4, actor=TEST)  # fmt: skip
    w.assignments["b1_guide"] = assign(officer=officer_b, role=w.role("community"), area=b1,
                                       starts_on=start, actor=TEST)  # fmt: skip
    w.logs["a1_visit"] = actions.worklog_record(
        assignment=w.assignments["a1_guide"], kind="visit", occurred_on=a_week_ago(),
        summary="指导支部规范化建设", issue="活动室漏水", result="当场联系物业维修",
        actor=officer_a,
    )  # fmt: skip
    w.logs["b1_visit"] = actions.worklog_record(
        assignment=w.assignments["b1_guide"], kind="visit", occurred_on=a_week_ago(),
        summary="走访村社", actor=officer_b,
    )  # fmt: skip
    return w
