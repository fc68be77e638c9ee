"""Test data on the factory district (towns A, B; communities A1, A2, B1, B2 — all residents'
committees), built through the funding actions.

The 2021 rules (the policy's defaults: 200,000 yuan per community, 150,000 per started thousand
households, 1 : 1); households: two in A1, one in B1; the 2021 run computed by district_admin and
approved by the system (the factory district has one district administrator). In A1 an approved
expense with evidence (recorded by community_admin_a1, approved by town_admin_a) and one waiting;
in B1 one waiting; own income in A1 and B1; a completed project in A1 (its venue opened) and a
planned one in B1.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from yipanqi.core.actors import system
from yipanqi.core.testing import tiny_png
from yipanqi.funding import actions
from yipanqi.funding.models import AllocationRun, Expense, FundingRule, Income, Project
from yipanqi.people import actions as people

TEST = system("test")
SPENT_ON = datetime.date(2021, 5, 10)


def png(name: str = "receipt.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def add_households(d: Any, community_index: int, n: int, start: int = 1) -> None:
    for i in range(start, start + n):
        people.household_create(
            grid=d.grids[community_index * 2], building=str(i), room=f"{100 + i}", actor=TEST
        )


@dataclass
class FundingWorld:
    district: Any
    rule: FundingRule
    run: AllocationRun
    expenses: dict[str, Expense] = field(default_factory=dict)  # a1_approved, a1_waiting, b1
    incomes: dict[str, Income] = field(default_factory=dict)  # a1, b1
    projects: dict[str, Project] = field(default_factory=dict)  # a1 (completed), b1 (planned)

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas


def expense(d: Any, index: int, by: str, amount_fen: int = 1_000_00, **more: Any) -> Expense:
    return actions.expense_record(
        community=d.communities[index], fund=more.pop("fund", "service"), spent_on=SPENT_ON,
        payee="奉化印务", purpose="党群活动宣传册", amount_fen=amount_fen,
        actor=d.personas[by], evidence=more.pop("evidence", png()), **more,
    )  # fmt: skip


def build_funding_world(d: Any) -> FundingWorld:
    rule = actions.rule_set(district=d.district, year=2021, actor=TEST)
    add_households(d, 0, 2)
    add_households(d, 2, 1, start=50)
    run = actions.allocation_compute(
        district=d.district, year=2021, actor=d.personas["district_admin"]
    )
    actions.allocation_approve(run=run, actor=TEST)
    w = FundingWorld(district=d, rule=rule, run=run)
    w.expenses["a1_approved"] = expense(d, 0, "community_admin_a1")
    actions.expense_approve(expense=w.expenses["a1_approved"], actor=d.personas["town_admin_a"])
    w.expenses["a1_waiting"] = expense(d, 0, "community_admin_a1", 2_000_00)
    w.expenses["b1"] = expense(d, 2, "community_admin_b1", 3_000_00)
    for key, index in (("a1", 0), ("b1", 2)):
        w.incomes[key] = actions.income_record(
            community=d.communities[index], received_on=datetime.date(2021, 3, 1), kind="rent",
            payer="社区股份经济合作社", amount_fen=50_000_00, actor=TEST,
        )  # fmt: skip
    w.projects["a1"] = actions.project_create(
        community=d.communities[0], name="奉中社区党群服务驿站", year=2021, address="奉中路1号",
        capacity=60, budget_fen=1_000_000_00, actor=d.personas["district_admin"],
    )  # fmt: skip
    actions.project_complete(
        project=w.projects["a1"], completed_on=datetime.date(2021, 11, 1),
        actor=d.personas["district_admin"],
    )  # fmt: skip
    w.projects["b1"] = actions.project_create(
        community=d.communities[2], name="民主社区红色驿站", year=2021, address="民主路2号",
        capacity=40, budget_fen=800_000_01, actor=TEST,
    )  # fmt: skip
    return w
