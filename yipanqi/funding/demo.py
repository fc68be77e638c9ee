"""The Fenghua demo's community funding, 2018–2021: the district's yearly rules (the policy's
defaults: 200,000 yuan per community, 150,000 yuan per started 1,000 households, 1 : 1 matching);
each year's allocation run computed from the people registry's household count and approved by the
district administrator (computed by the system, so the four eyes are two), and a 2021
correction computed at the year's end waiting for the district administrator's approval; in every funded
community two expenses a year (one per fund), each with its evidence (a receipt PDF), approved by
its street; collective-asset rent for the communities that keep a shareholding cooperative; and
the 18 party-building venues built with district and street money matched 1 : 1, each completed
and opened in the venues app; and the 2021 money of the duties admitted to the communities
(费随事转), credited to their duty fund.

Every record goes through this app's actions, replayed at the time it happened.
"""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.clock import replay
from yipanqi.duties.models import AccessRequest
from yipanqi.funding import actions
from yipanqi.funding.coverage import covered
from yipanqi.funding.models import AllocationRun, DutyMoney, Expense, Income, Project

YEARS = (2018, 2019, 2020, 2021)
# Projects per year (18 in all, the seed's 匹配建设 18 个党建阵地)
PROJECTS = {2018: 4, 2019: 5, 2020: 5, 2021: 4}
TOWN_ADMINS = {"330213001": "jp_admin", "330213002": "yl_admin"}
BOOKKEEPERS = {"330213001001": "jp_fengzhong_admin", "330213002001": "yl_minzhu_admin"}
SERVICE_USES = ("党群服务活动", "困难群众走访慰问", "志愿服务物资", "红色阵地运维")
WORK_USES = ("社区办公耗材", "网格员培训", "议事协商会务", "社区宣传栏更新")
VENDORS = ("奉化印务有限公司", "锦屏文体用品店", "宁波甬红物业服务", "奉化区志愿者协会")


def receipt(name: str) -> SimpleUploadedFile:
    """A one-page receipt as a PDF (evidence is stored as it comes)."""
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def local(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=clock.LOCAL)


def _runs(demo: Any, district: Any) -> list[Any]:
    admin = demo.users["district_admin"]
    for year in YEARS:
        with replay(local(year, 1, 5)):
            actions.rule_set(district=district, year=year, actor=admin, note="区委组织部、区财政局")
        with replay(local(year, 1, 10)):
            run = actions.allocation_compute(district=district, year=year, actor=system("demo"))
        with replay(local(year, 1, 15)):
            actions.allocation_approve(run=run, actor=admin)
    # The registry's year-end check asks for a recount: a correction of 2021 waits for the
    # district administrator's approval (computed by the system, so theirs is the second pair).
    with replay(local(2021, 12, 28)):
        actions.allocation_compute(
            district=district, year=2021, reason="年底人口库核查后复核户数", actor=system("demo")
        )
    return covered(district, run.rule)


def _actor(demo: Any, table: dict[str, str], code: str) -> Any:
    username = table.get(code)
    return demo.users[username] if username else system("demo")


def _spend(demo: Any, community: Any, year: int, rng: Any) -> None:
    """One expense per allocated fund, recorded in spring or autumn, approved a week later."""
    keeper = _actor(demo, BOOKKEEPERS, community.code)
    approver = _actor(demo, TOWN_ADMINS, community.code[:9])
    for fund, uses, share in (("service", SERVICE_USES, (30, 60)), ("work", WORK_USES, (20, 50))):
        day = datetime.date(year, rng.choice((4, 5, 9, 10)), rng.randint(1, 25))
        percent = rng.randint(*share)
        amount = (200_000_00 if fund == "service" else 100_000_00) * percent // 100
        with replay(local(day.year, day.month, day.day, 15)):
            expense = actions.expense_record(
                community=community, fund=fund, spent_on=day, payee=rng.choice(VENDORS),
                purpose=rng.choice(uses), amount_fen=amount, actor=keeper,
                evidence=receipt(f"{community.code}-{year}-{fund}.pdf"),
            )  # fmt: skip
        with replay(local(day.year, day.month, day.day, 15) + datetime.timedelta(days=7)):
            actions.expense_approve(expense=expense, actor=approver, note="票据齐全")


def _income(community: Any, year: int, rng: Any) -> None:
    with replay(local(year, 6, 30)):
        actions.income_record(
            community=community, received_on=datetime.date(year, 6, 30), kind="rent",
            payer="社区股份经济合作社", amount_fen=rng.randint(8, 30) * 10_000_00,
            note="盘活闲置集体用房租金", actor=system("demo"),
        )  # fmt: skip


def _projects(communities: list[Any]) -> None:
    """18 venues in as many communities, spread over the towns, completed in their year."""
    rng = names.rng_for("funding", "projects")
    chosen = iter(
        sorted(communities, key=lambda c: (int(c.code[9:12]), c.code))[: sum(PROJECTS.values())]
    )
    for year, count in PROJECTS.items():
        for _n in range(count):
            community = next(chosen)
            with replay(local(year, 3, 1)):
                project = actions.project_create(
                    community=community, name=f"{community.name}党群服务驿站", year=year,
                    address=f"{community.name}党群服务中心一楼", capacity=rng.randint(40, 120),
                    budget_fen=rng.randint(60, 160) * 10_000_00, actor=system("demo"),
                )  # fmt: skip
            with replay(local(year, 7, 1)):
                actions.project_progress(
                    project=project, progress=60, note="主体装修完成", actor=system("demo")
                )
            with replay(local(year, 11, 20)):
                actions.project_complete(
                    project=project, completed_on=datetime.date(year, 11, 20), actor=system("demo")
                )


def _duty_money() -> None:
    """费随事转: each duty admitted to the communities by 2021 brings its 2021 money, credited by
    the district's finance on the day the duty starts."""
    admitted = AccessRequest.objects.filter(
        status="approved", level="community", starts_on__year__lte=2021
    ).order_by("starts_on", "id")
    for request in admitted:
        day = request.starts_on
        with replay(local(2021, day.month, day.day) if day.year == 2021 else local(2021, 1, 4)):
            actions.duty_money_credit(request=request, year=2021, actor=system("demo"))


def build_funding(demo: Any) -> None:
    district = demo.areas[demo.plan.code]
    communities = _runs(demo, district)
    rng = names.rng_for("funding", "spend")
    for year in YEARS:
        for index, community in enumerate(communities):
            _spend(demo, community, year, rng)
            if index % 3 == 0:  # the communities keeping a shareholding cooperative
                _income(community, year, rng)
    _projects(communities)
    _duty_money()


def funding_counts() -> dict[str, int]:
    return {
        "allocation runs": AllocationRun.objects.count(),
        "funding expenses": Expense.objects.count(),
        "own income records": Income.objects.count(),
        "construction projects": Project.objects.count(),
        "duty money credits": DutyMoney.objects.count(),
    }
