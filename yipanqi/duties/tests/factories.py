"""Duties test data on organisations' build_district():

lists       奉化区, 锦屏街道 (town A), 奉中社区 (A1) and 民主社区 (B1) for this year, two items each
requests    d_admitted  the district's, to communities, filed by district_admin, admitted
                        → carried by A1, A2, B1, B2
            a_open      town A's, to its communities, filed by town_admin_a, waiting
            d_refused   the district's, to towns, filed by district_admin, refused
refusals    a1_refusal  (A1), b1_refusal (B1)
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.duties import actions
from yipanqi.duties.models import AccessRequest, DutyList, TaskRefusal
from yipanqi.organisations.tests.factories import District, build_district

TEST = system("test")


def later(days: int = 80) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def request_fields(**change: Any) -> dict[str, Any]:
    fields = {
        "level": "community", "list_kind": "assist_government", "department": "奉化区民政局",
        "title": "居民养老服务补贴初审", "basis": "《浙江省养老服务条例》", "authority": "初审权",
        "staff_count": 1, "staff_note": "每社区一名专职社工", "money_fen": 2_000_000,
        "money_source": "区财政", "starts_on": later(),
    }  # fmt: skip
    return fields | change


@dataclass
class DutiesWorld:
    district: District
    lists: dict[str, DutyList] = field(default_factory=dict)
    requests: dict[str, AccessRequest] = field(default_factory=dict)
    refusals: dict[str, TaskRefusal] = field(default_factory=dict)

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas

    def file(self, key: str, area: Any, by: str, **change: Any) -> AccessRequest:
        row = actions.request_file(area=area, actor=self.personas[by], **request_fields(**change))
        self.requests[key] = row
        return row


def build_duties_world(d: District | None = None) -> DutiesWorld:
    d = d or build_district()
    w = DutiesWorld(d)
    year = timezone.localdate().year
    a1, _a2, b1, _b2 = d.communities
    for key, area in (("district", d.district), ("town_a", d.towns[0]), ("a1", a1), ("b1", b1)):
        lst = actions.duty_list_create(area=area, year=year, actor=TEST)
        for n in (1, 2):
            actions.duty_item_add(duty_list=lst, title=f"{area.name}职责{n}", basis="《责任清单》",
                                  owner="党组织书记", indicators="按季度报告", actor=TEST)  # fmt: skip
        w.lists[key] = lst
    admitted = w.file("d_admitted", d.district, "district_admin")
    actions.request_approve(request=admitted, actor=TEST)
    w.file(
        "a_open", d.towns[0], "town_admin_a", title="社区垃圾分类督导", department="锦屏街道城管科"
    )
    refused = w.file("d_refused", d.district, "district_admin", level="town", title="镇街统计台账")
    actions.request_refuse(request=refused, reason="无法定依据", actor=TEST)
    for key, area, who in (
        ("a1_refusal", a1, "community_admin_a1"),
        ("b1_refusal", b1, "community_admin_b1"),
    ):
        w.refusals[key] = actions.task_refuse(area=area, task="创建文明城市入户调查", pushed_by="某部门",
                                              reason="未经准入", actor=d.personas[who])  # fmt: skip
    for key in ("d_admitted", "d_refused"):
        w.requests[key].refresh_from_db()
    return w
