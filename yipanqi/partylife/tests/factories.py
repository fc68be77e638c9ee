"""Party-life test data on top of people's build_people(): officers, meetings with attendance,
dues bases and payments, transfers — built through the actions (the system actor bootstraps).

Branches (people.tests.factories): a1 (community A1), a2 (A2), b1 (B1). Members: self (branch
a1, the party_member_a1 account), a2 (branch a1), a1_other_branch (branch a2), b1 and b1_retired
(branch b1). Officers: secretary_a1 and dues_officer_a1 of a1, secretary_b1 of b1.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from yipanqi.accounts.actions import user_create
from yipanqi.accounts.models import AccountKind
from yipanqi.core.actors import system
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import Role
from yipanqi.organisations.tests.factories import PASSWORD, District
from yipanqi.partylife import actions
from yipanqi.partylife.choices import AttendanceStatus, DuesCategory, MeetingKind, OfficerDuty
from yipanqi.people.tests.factories import PeopleData, build_people

SYS = system("test")
OFFICERS = (
    ("secretary_a1", "a1", OfficerDuty.SECRETARY, 0),
    ("dues_officer_a1", "a1", OfficerDuty.DUES_OFFICER, 0),
    ("secretary_b1", "b1", OfficerDuty.SECRETARY, 4),
)


@dataclass
class PartyWorld:
    people: PeopleData
    meetings: dict[str, Any] = field(default_factory=dict)
    payments: dict[str, Any] = field(default_factory=dict)
    bases: dict[str, Any] = field(default_factory=dict)
    transfers: dict[str, Any] = field(default_factory=dict)

    @property
    def district(self) -> District:
        return self.people.district

    @property
    def personas(self) -> dict[str, Any]:
        return self.people.district.personas

    @property
    def branches(self) -> dict[str, Any]:
        return self.people.branches

    @property
    def members(self) -> dict[str, Any]:
        return self.people.members


def add_officer(w: PartyWorld, name: str, branch: str, duty: str, grid: int) -> Any:
    user = user_create(
        username=name, password=PASSWORD, actor=None, kind=AccountKind.PUBLIC, validate=False
    )
    org_actions.role_grant_create(
        user=user, role=Role.PARTY_MEMBER, area=w.district.grids[grid], actor=SYS
    )
    actions.officer_appoint(branch=w.branches[branch], user=user, duty=duty, actor=SYS)
    w.personas[name] = user
    return user


def plan(
    w: PartyWorld, branch: str, kind: str = MeetingKind.THEMED_DAY, day=None, topic="学习"
) -> Any:
    return actions.meeting_plan(
        branch=w.branches[branch],
        kind=kind,
        held_on=day or datetime.date(2021, 3, 5),
        topic=topic,
        actor=SYS,
    )


def hold(meeting: Any, *, confirm: bool = False, minutes: str = "会议纪要") -> Any:
    actions.meeting_record(meeting=meeting, minutes=minutes, actor=SYS)
    if confirm:
        actions.meeting_confirm(meeting=meeting, actor=SYS)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def build_party_world(d: District | None = None) -> PartyWorld:
    w = PartyWorld(people=build_people(d))
    for name, branch, duty, grid in OFFICERS:
        add_officer(w, name, branch, duty, grid)
    m = w.members
    w.meetings["a1_confirmed"] = plan(w, "a1", topic="三月主题党日")
    actions.meeting_mark(
        meeting=w.meetings["a1_confirmed"], member=m["self"], status=AttendanceStatus.PRESENT,
        actor=SYS,
    )  # fmt: skip
    hold(w.meetings["a1_confirmed"], confirm=True)
    w.meetings["a1_planned"] = plan(w, "a1", MeetingKind.LECTURE, datetime.date(2021, 6, 1), "党课")
    w.meetings["b1_recorded"] = hold(plan(w, "b1", MeetingKind.COMMITTEE, topic="支委会"))
    w.bases["self"] = actions.dues_base_set(
        member=m["self"], year=2021, category=DuesCategory.INCOME, base_yuan="4000", actor=SYS
    )
    w.bases["b1"] = actions.dues_base_set(
        member=m["b1"], year=2021, category=DuesCategory.INCOME, base_yuan="12000", actor=SYS
    )
    for key in ("self", "b1"):
        w.payments[key] = actions.dues_pay(
            member=m[key], month=datetime.date(2021, 1, 1), paid_on=datetime.date(2021, 1, 20),
            actor=SYS,
        )  # fmt: skip
    w.transfers["a1"] = actions.transfer_request(
        member=m["a2"], to_org=w.branches["b1"], reason="工作调动", actor=SYS
    )
    w.transfers["b1"] = actions.transfer_request(
        member=m["b1_retired"], to_org=w.branches["a2"], reason="搬家", actor=SYS
    )
    return w
