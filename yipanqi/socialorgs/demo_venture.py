"""The demo's 公益创投 rounds, every step through the actions at the time it happened:

- 2019: 16 applications, one not eligible, two below the pass mark; 13 projects funded by the
  district civil-affairs bureau with 196,800 yuan in all (the seed: "13个 … 近20万元"); one fails
  its mid-term review (last tranche stopped); all closed, the round closed;
- 2020: 15 applications, 13 funded, 8 of them on community governance (62%, the seed's share);
  one awaits its final review, one failed its mid-term review (payment stopped, not closed);
- 2021 first batch: four projects on public notice, the objections window over, waiting for the
  funder's approval; 2021 second batch: the call open now, one application to screen and one in
  expert review (the browser test scores it).

Reviewers are the demo's five-role officer and the two street administrators; 锦屏's
administrator declares a conflict of interest for one 2019 project."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.clock import replay
from yipanqi.socialorgs import actions
from yipanqi.socialorgs.choices import AppStatus, LegalForm, Theme
from yipanqi.socialorgs.demo import at
from yipanqi.socialorgs.models import Application, ReviewAssignment, SocialOrganisation, Tranche

FUNDER = "奉化区民政局"
REVIEWERS = ("five_role_officer", "yl_admin", "jp_admin")
# (theme, project title, granted yuan): the 13 projects funded in 2019 (sum 196,800).
FUNDED_2019 = (
    ("mediation", "邻里纠纷“老娘舅”调解", 19_800), ("elderly", "独居老人智慧助餐", 18_500),
    ("charity", "爱心衣橱循环公益", 18_000), ("mediation", "物业矛盾化解工作室", 17_200),
    ("elderly", "银龄健康管理", 16_500), ("governance", "楼道自治议事会", 16_000),
    ("youth", "四点半课堂", 15_500), ("charity", "困境家庭微心愿", 15_000),
    ("elderly", "失能老人喘息服务", 14_500), ("disability", "残障人士康复陪伴", 13_800),
    ("governance", "社区协商能力培训", 12_000), ("charity", "慈善超市志愿服务", 10_000),
    ("mediation", "婚姻家庭调解", 10_000),
)  # fmt: skip
# 2020: 8 of 13 on community governance.
FUNDED_2020 = (
    ("governance", "小区业委会规范化建设", 28_000), ("governance", "网格议事员培育", 26_000),
    ("governance", "垃圾分类居民自治", 25_000), ("elderly", "居家养老互助", 24_000),
    ("governance", "老旧小区加装电梯协商", 22_000), ("governance", "新居民融入计划", 21_000),
    ("mediation", "诉源治理调解驿站", 20_000), ("governance", "社区公约共建", 19_000),
    ("youth", "青少年社区营造", 18_000), ("governance", "楼宇党群议事厅", 16_000),
    ("charity", "公益微创投孵化", 15_000), ("governance", "平安志愿巡防", 12_000),
    ("disability", "助残就业辅导", 10_000),
)  # fmt: skip
NOT_FUNDED = (("charity", "节日慰问活动", 20_000), ("youth", "亲子游园会", 18_000))
PENDING_2021 = (("governance", "智慧社区议事平台", 30_000), ("elderly", "时间银行互助养老", 28_000),
                ("mediation", "商圈纠纷调解", 25_000), ("governance", "社区规划师进社区", 22_000))  # fmt: skip


def _reviewers(demo: Any) -> list[Any]:
    return [demo.users[name] for name in REVIEWERS]


def _as(user: Any) -> Any:
    return system("demo", on_behalf_of=user)


def _applicants() -> list[SocialOrganisation]:
    return list(
        SocialOrganisation.objects.filter(is_hub=False)
        .exclude(legal_form=LegalForm.COMMUNITY)
        .select_related("area")
        .order_by("id")
    )


def _submit(round_: Any, org: Any, theme: str, title: str, yuan: int, actor: Any) -> Application:
    fen = yuan * 100
    staff = (fen * 3) // 5  # 60% activities, the rest materials and staff time
    return actions.application_submit(
        round_=round_, organisation=org, title=title, theme=theme, actor=actor,
        summary=f"{title}：面向社区居民，周期6–12个月。",
        lines=[("活动经费", staff), ("物料及宣传", fen - staff - fen // 10), ("人员补贴", fen // 10)],
    )  # fmt: skip


def _review(
    app: Application, reviewers: list[Any], scores: list[int], conflict: Any = None
) -> None:
    """Every reviewer scores (per criterion, summing about `score`); `conflict` declares one."""
    actions.reviewers_assign(application=app, reviewers=reviewers, actor=_as(None))
    criteria = list(app.round.criteria.all())
    for review, total in zip(
        ReviewAssignment.objects.filter(application=app).order_by("id"), scores, strict=True
    ):
        if conflict is not None and review.reviewer_id == conflict.pk:
            actions.review_declare_conflict(
                review=review, note="曾担任该组织理事", actor=_as(conflict)
            )
            continue
        each = Decimal(total) / len(criteria)
        values = {c.pk: min(Decimal(c.max_score), each).quantize(Decimal("0.5")) for c in criteria}
        actions.review_submit(review=review, scores=values, actor=_as(review.reviewer))


def _run_round(demo: Any, year: int, projects: tuple, cap: int, total: int, rejected: int) -> Any:
    """A past round from call to approval; returns it with the funded applications signed."""
    reviewers, orgs = _reviewers(demo), _applicants()
    funder = _as(demo.users["district_admin"])
    rng = names.rng_for("socialorgs", "round", str(year))
    with replay(at(year, 2, 20)):
        round_ = actions.round_open(
            district=demo.areas[demo.plan.code], title=f"{year}年度奉化区社区公益创投", year=year,
            funder=FUNDER, opens_on=datetime.date(year, 3, 1), closes_on=datetime.date(year, 4, 15),
            cap_fen=cap * 100, total_fen=total * 100, themes=list(Theme.values),
            rules="区内登记或街道备案的社会组织；项目在本区实施，周期6–12个月；不得与其他财政资金重复资助。",
            midterm_due=datetime.date(year, 8, 31), actor=funder,
        )  # fmt: skip
    apps = []
    with replay(at(year, 3, 20)):
        for i, (theme, title, yuan) in enumerate(projects + NOT_FUNDED[:rejected]):
            apps.append(_submit(round_, orgs[i % len(orgs)], theme, title, yuan, _as(None)))
        ineligible = (
            _submit(round_, orgs[-1], "charity", "商业培训推广", cap // 2, _as(None))
            if year == 2019
            else None
        )
    with replay(at(year, 4, 20)):
        for app in apps:
            actions.application_screen(application=app, eligible=True, actor=funder)
        if ineligible is not None:
            actions.application_screen(application=ineligible, eligible=False, reason="项目以营利为目的，不符合公益性要求", actor=funder)  # fmt: skip
        actions.round_close_call(round_=round_, actor=funder)
    with replay(at(year, 4, 28)):
        for i, app in enumerate(apps):
            funded = i < len(projects)
            base = rng.randint(72, 92) if funded else rng.randint(40, 52)
            conflict = demo.users["jp_admin"] if (year == 2019 and i == 0) else None
            _review(
                app,
                reviewers,
                [base, base + rng.randint(-4, 4), base + rng.randint(-5, 3)],
                conflict,
            )
    with replay(at(year, 5, 10)):
        actions.round_publicise(round_=round_, actor=funder)
    with replay(at(year, 5, 20)):
        actions.round_approve(round_=round_, actor=funder)
    with replay(at(year, 6, 1)):
        for i, app in enumerate(apps[: len(projects)]):
            actions.application_sign(
                application=_fresh(app), agreement_no=f"FHGY-{year}-{i + 1:02d}", actor=funder
            )
    with replay(at(year, 6, 10)):
        for tranche in Tranche.objects.filter(application__round=round_, number=1):
            actions.tranche_pay(tranche=tranche, actor=funder)
    return round_, apps[: len(projects)]


def _fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def _finish(
    year: int, apps: list[Application], funder: Any, failed: int = -1, open_finals: int = 0
) -> None:
    with replay(at(year, 9, 10)):
        for i, app in enumerate(apps):
            passed = i != failed
            note = (
                "中期评估通过"
                if passed
                else "活动开展不足计划的一半，经费使用不规范，中期评估不合格，停止拨付尾款"
            )
            actions.application_midterm(application=_fresh(app), passed=passed, note=note,
                                        reported_on=datetime.date(year, 8, 25), actor=funder)  # fmt: skip
    with replay(at(year, 9, 20)):
        for tranche in Tranche.objects.filter(application__in=apps, number=2, status="pending"):
            actions.tranche_pay(tranche=tranche, actor=funder)
    with replay(at(year, 12, 15)):
        for app in apps[: len(apps) - open_finals]:  # the last ones are still running
            app = _fresh(app)
            if app.status == AppStatus.MIDTERM_PASSED:
                actions.application_final(
                    application=app, passed=True, note="结项评估良好", actor=funder
                )
            actions.application_close(application=_fresh(app), actor=funder)


def _batches_2021(demo: Any, funder: Any) -> None:
    """Two 2021 batches happening now: one on notice (window over), one with the call open."""
    now, orgs, reviewers = timezone.now(), _applicants(), _reviewers(demo)
    day = datetime.timedelta(days=1)
    district = demo.areas[demo.plan.code]
    common = {"district": district, "year": 2021, "funder": FUNDER, "cap_fen": 3_000_000,
              "total_fen": 20_000_000, "themes": list(Theme.values), "actor": funder}  # fmt: skip
    with replay(now - 60 * day):
        first = actions.round_open(title="2021年度奉化区社区公益创投（第一批）", opens_on=(now - 60 * day).date(),
                                   closes_on=(now - 30 * day).date(), midterm_due=(now + 120 * day).date(), **common)  # fmt: skip
        apps = [
            _submit(first, orgs[i + 3], t, title, y, _as(None))
            for i, (t, title, y) in enumerate(PENDING_2021)
        ]
    with replay(now - 25 * day):
        for i, app in enumerate(apps):
            actions.application_screen(application=app, eligible=True, actor=funder)
            _review(app, reviewers, [85 - i * 3, 82 - i * 3, 80 - i * 2])
        actions.round_close_call(round_=first, actor=funder)
    with replay(now - 10 * day):
        actions.round_publicise(round_=first, actor=funder)
    with replay(now - 5 * day):
        second = actions.round_open(title="2021年度奉化区社区公益创投（第二批）", opens_on=(now - 5 * day).date(),
                                    closes_on=(now + 30 * day).date(), midterm_due=(now + 180 * day).date(), **common)  # fmt: skip
        waiting = _submit(second, orgs[1], "elderly", "长者食堂志愿服务", 18_000, _as(None))
        reviewing = _submit(second, orgs[2], "governance", "社区议事规则推广", 24_000, _as(None))
        actions.application_screen(application=reviewing, eligible=True, actor=funder)
        actions.reviewers_assign(application=reviewing, reviewers=reviewers[:2], actor=funder)
    assert waiting.status == AppStatus.SUBMITTED


def build_rounds(demo: Any, actor: Any) -> None:
    round_2019, funded = _run_round(demo, 2019, FUNDED_2019, cap=20_000, total=200_000, rejected=2)
    _finish(2019, funded, actor, failed=len(funded) - 1)
    with replay(at(2019, 12, 31)):
        actions.round_close(round_=round_2019, actor=actor)
    _round_2020, funded = _run_round(demo, 2020, FUNDED_2020, cap=30_000, total=400_000, rejected=2)
    _finish(2020, funded, actor, failed=len(funded) - 1, open_finals=2)
    _batches_2021(demo, actor)
