"""Notice test data on people's build_people() (organisations' build_district underneath).

Residents with accounts, all in 奉中社区 (A1): person 0 → member_x0, 1 → party_member_a1 (a
member of A1's branch), 2 → member_x2, 3 → member_x3, 5 → resident_a1; person 4 (A1, a member of
A2's branch) has no account. Members elsewhere: person 6 (A2, A1's branch), 10 and 14 (B1).

Notices (all sent but the draft):
  a1_call    奉中社区 → everyone in A1, a call for volunteers, 2 places (6 recipients)
  town_info  锦屏街道 → A1's branch (persons 1 and 6), information
  b1_survey  民主社区 → B1's members (persons 10 and 14), a survey with a free reply
  a1_draft   奉中社区 → A1's members, not sent
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from yipanqi.accounts.actions import user_create
from yipanqi.core.actors import system
from yipanqi.notices import actions
from yipanqi.notices.models import Notice, NoticeRecipient
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import Role
from yipanqi.organisations.tests.factories import PASSWORD
from yipanqi.people import actions as people_actions
from yipanqi.people.tests.factories import PeopleData, build_people

TEST = system("test")


@dataclass
class NoticeWorld:
    people: PeopleData
    notices: dict[str, Notice] = field(default_factory=dict)

    @property
    def district(self) -> Any:
        return self.people.district

    @property
    def personas(self) -> dict[str, Any]:
        return self.people.district.personas

    def receipt(self, notice: str, persona: str) -> NoticeRecipient:
        user = self.personas[persona]
        return NoticeRecipient.objects.select_related("notice").get(
            notice=self.notices[notice], user=user
        )


def _account(world: NoticeWorld, name: str, person_index: int, role: str = Role.RESIDENT) -> None:
    d = world.district
    person = world.people.persons[person_index]
    user = user_create(username=name, password=PASSWORD, actor=None, validate=False)
    org_actions.role_grant_create(user=user, role=role, area=person.area, actor=TEST)
    people_actions.person_link_user(person=person, user=user, actor=TEST)
    d.personas[name] = user


def later(days: float = 3) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def notice(world: NoticeWorld, area: Any, audience: dict, **fields: Any) -> Notice:
    spec = {"title": "测试通知", "body": "请知悉。", "kind": "information", "deadline": later()}
    return actions.notice_create(area=area, audience=audience, actor=TEST, **(spec | fields))


def build_notice_world(people: PeopleData | None = None) -> NoticeWorld:
    world = NoticeWorld(people or build_people())
    d = world.district
    for name, index in (("member_x0", 0), ("member_x2", 2), ("member_x3", 3)):
        _account(world, name, index)
    people_actions.person_link_user(
        person=world.people.persons[5], user=d.personas["resident_a1"], actor=TEST
    )
    a1, _a2, b1, _b2 = d.communities
    branch = world.people.branches["a1"]
    world.notices["a1_call"] = notice(
        world, a1, {"kind": "area", "ids": [a1.pk]}, kind="volunteers", places=2,
        title="清洁家园志愿者招募",
    )  # fmt: skip
    world.notices["town_info"] = notice(
        world, d.towns[0], {"kind": "party_org", "ids": [branch.pk]}, title="党史学习通知"
    )
    world.notices["b1_survey"] = notice(
        world, b1, {"kind": "area", "ids": [b1.pk], "members_only": True}, kind="survey",
        options=["赞成", "反对"], free_reply=True, title="停车管理意见征询",
    )  # fmt: skip
    for key in ("a1_call", "town_info", "b1_survey"):
        world.notices[key] = actions.notice_send(notice=world.notices[key], actor=TEST)
    world.notices["a1_draft"] = notice(
        world, a1, {"kind": "area", "ids": [a1.pk], "members_only": True}, title="草稿通知"
    )
    return world
