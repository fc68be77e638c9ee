"""公益创投 and matching on phones, in the demo district: the social organisation applies to the
open 2021 call on a phone; the two assigned reviewers score the project in review; the funder
approves the first 2021 batch (its notice is over), signs one project, pays its first tranche,
and records a failed mid-term review, which stops the last tranche; 奉中社区's administrator
posts a need and accepts a matched offer. Screenshots of each page go to test-artifacts/.
No CSP violations.
"""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser
OPEN_CALL = "2021年度奉化区社区公益创投（第二批）"
ON_NOTICE = "2021年度奉化区社区公益创投（第一批）"
IN_REVIEW = "社区议事规则推广"
FUNDED = "智慧社区议事平台"


def _apply(staff):
    page = staff.go("/socialorgs/rounds/")
    expect(page.get_by_role("heading", name="公益创投")).to_be_visible()
    page.get_by_role("link", name=re.compile(re.escape(OPEN_CALL))).click()
    screenshot(page, "socialorgs-round-open-phone")
    page.get_by_role("link", name="项目申报").click()
    page.get_by_label("项目名称").fill("楼道文明共建")
    page.get_by_label("创投主题").select_option(label="社区治理")
    page.get_by_label("预算科目 1").fill("活动经费")
    page.get_by_label("金额 1（元）").fill("16000")
    page.get_by_label("预算科目 2").fill("宣传物料")
    page.get_by_label("金额 2（元）").fill("2500.50")
    screenshot(page, "socialorgs-apply-phone")
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".badge", has_text="已申报")).to_be_visible()
    expect(page.get_by_text("18,500.50")).to_be_visible()
    screenshot(page, "socialorgs-applied-phone")


def _score(reviewer, values):
    page = reviewer.go("/socialorgs/reviews/")
    expect(page.get_by_role("heading", name="我的评审")).to_be_visible()
    page.get_by_role("link", name=re.compile(IN_REVIEW)).first.click()
    for label, value in zip(("公益性", "融合性", "专业性", "经济性"), values, strict=True):
        page.get_by_label(re.compile(f"^{label}")).fill(value)
    screenshot(page, f"socialorgs-score-{reviewer.account['username']}-phone")
    page.get_by_role("button", name="提交评分").click()
    expect(page.get_by_text(re.compile("评分已提交"))).to_be_visible()
    return page


def _fund(funder):
    page = funder.go("/socialorgs/rounds/")
    page.get_by_role("link", name=re.compile(re.escape(ON_NOTICE))).click()
    screenshot(page, "socialorgs-pipeline-desktop")
    page.get_by_role("button", name="批复公示项目").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_role("link", name=FUNDED).click()
    page.get_by_label("协议编号").fill("FHGY-2021-B1-01")
    page.get_by_role("button", name="签订协议").click()
    expect(page.locator(".badge", has_text="已签约执行中")).to_be_visible()
    page.get_by_role("button", name="拨付第 1 期").click()
    expect(page.locator(".list-group-item", has_text="第 1 期").locator(".badge")).to_have_text(
        "已拨付"
    )
    screenshot(page, "socialorgs-first-tranche-desktop")
    page.get_by_label("不通过").check()
    page.get_by_label("评估结论").fill("活动开展不足计划一半，中期评估不合格")
    page.get_by_role("button", name="提交评估结果").click()
    expect(page.locator("h1 + .badge, .badge", has_text="已停止拨付").first).to_be_visible()
    last = page.locator(".list-group-item", has_text="第 2 期")
    expect(last.locator(".badge")).to_have_text("停止拨付")
    expect(last.get_by_role("button")).to_have_count(0)
    screenshot(page, "socialorgs-midterm-failed-desktop")
    return page.url


def _match(admin):
    page = admin.go("/socialorgs/board/")
    expect(page.get_by_role("heading", name="需求与服务对接")).to_be_visible()
    screenshot(page, "socialorgs-board-phone")
    page.get_by_role("link", name="发布需求").click()
    page.get_by_label("名称").fill("独居老人助餐")
    page.get_by_label("服务类型").select_option(label="智慧养老")
    page.get_by_label("受益人数").fill("12")
    page.get_by_label("预算（元）").fill("3000")
    page.get_by_role("button", name="发布需求").click()
    expect(page.get_by_role("heading", name="独居老人助餐")).to_be_visible()
    screenshot(page, "socialorgs-need-matches-phone")
    page.get_by_role("button", name=re.compile("^选择")).first.click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".badge", has_text="已对接")).to_be_visible()
    page.get_by_role("link", name="查看服务对接").click()
    screenshot(page, "socialorgs-engagement-phone")


def test_apply_review_fund_stop_and_match_on_phones(demo_server, chromium):
    staff = Persona(chromium, demo_server, "social_org_staff", PHONE)
    _apply(staff)

    first = Persona(chromium, demo_server, "five_role_officer", PHONE)
    _score(first, ("20", "21.5", "19", "22"))
    second = Persona(chromium, demo_server, "yl_admin", PHONE)
    page = _score(second, ("18", "20", "21", "19"))
    page.get_by_role("link", name="我的评审").first.click()
    screenshot(page, "socialorgs-my-reviews-phone")

    funder = Persona(chromium, demo_server, "district_admin", DESKTOP)
    app_url = _fund(funder)
    phone_funder = Persona(chromium, demo_server, "district_admin", PHONE)
    screenshot(phone_funder.go(app_url.removeprefix(funder.url)), "socialorgs-midterm-failed-phone")
    screenshot(phone_funder.go("/socialorgs/tranches/"), "socialorgs-tranches-phone")
    rounds = phone_funder.go("/socialorgs/rounds/")
    rounds.get_by_role("link", name=re.compile("2019年度")).click()
    rounds.get_by_role("link", name="公示").click()
    expect(rounds.locator(".publicity > li")).to_have_count(13)
    screenshot(rounds, "socialorgs-publicity-2019-phone")

    community = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    _match(community)
    screenshot(staff.go("/socialorgs/"), "socialorgs-directory-staff-phone")
    for persona in (staff, first, second, funder, phone_funder, community):
        assert persona.violations == []
