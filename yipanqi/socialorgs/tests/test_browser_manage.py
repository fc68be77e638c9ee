"""The administrators' forms on a phone, in the demo district: the district administrator
registers an organisation (a bad credit code first: the error stands on its field and what was
typed stays), adds the social-organisation persona as its staff, records its entering a street's
incubation centre and the start of incubation, buys a service for 奉中社区, and opens a venture
round whose form the district's policies filled. Screenshots of each page, phone and desktop, go
to test-artifacts/ (and /tmp/shots/socialorgs/ when that folder exists). No CSP violations.
"""

import random
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot
from yipanqi.organisations.demo_units import credit_code

pytestmark = pytest.mark.browser
NAME = "锦屏邻里心理服务社"
SHOTS = Path("/tmp/shots/socialorgs")


def _shot(page, name: str) -> None:
    path = screenshot(page, f"socialorgs-{name}")
    if SHOTS.is_dir():
        shutil.copyfile(path, SHOTS / path.name)


def _register(page) -> str:
    page.get_by_role("link", name="登记社会组织").click()
    expect(page.get_by_role("heading", name="登记社会组织")).to_be_visible()
    page.get_by_label("名称").fill(NAME)
    page.get_by_label("统一社会信用代码").fill("52330213MJ00000001")
    page.get_by_label("组织类型").select_option(label="民办非企业单位")
    page.get_by_label("登记（备案）日期").fill("2021-03-08")
    page.get_by_label("区域").select_option(label="锦屏街道")
    page.get_by_label("评估等级").select_option("3A")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("统一社会信用代码无效")).to_be_visible()
    expect(page.get_by_label("名称")).to_have_value(NAME)
    _shot(page, "register-error-phone")
    page.get_by_label("统一社会信用代码").fill(credit_code(random.Random(2021), "52"))
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    _shot(page, "registered-phone")
    return page.url


def _staff_and_incubation(page) -> None:
    page.get_by_role("link", name="工作人员账号").click()
    page.get_by_label("账号用户名").fill("social_org_staff")
    page.get_by_role("button", name="添加账号").click()
    expect(page.locator(".list-group-item", has_text="social_org_staff")).to_be_visible()
    _shot(page, "staff-phone")
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="孵化登记").click()
    page.get_by_label("街道").select_option(label="锦屏街道")
    page.get_by_label("孵化中心").fill("锦屏街道社会组织孵化指导中心")
    page.get_by_label("导师记录").fill("入驻评估通过")
    page.get_by_role("button", name="登记入驻").click()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    page.get_by_role("link", name="孵化登记").click()
    page.get_by_label("环节").select_option(label="开始孵化")
    page.get_by_label("导师记录").fill("导师每月辅导一次")
    _shot(page, "incubation-phone")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".badge", has_text="孵化中").first).to_be_visible()
    _shot(page, "incubating-phone")


def _purchase(admin) -> None:
    page = admin.go("/socialorgs/board/")
    page.get_by_role("link", name="政府购买服务", exact=True).click()
    page.get_by_label("组织", exact=True).select_option(label=NAME)
    page.get_by_label("社区").select_option(label="奉中社区")
    page.get_by_label("服务", exact=True).fill("独居老人心理关爱")
    page.get_by_label("收费方式").select_option(label="无偿")
    page.get_by_label("购买方").fill("锦屏街道办事处")
    page.get_by_label("合同金额（元）").fill("36000")
    _shot(page, "purchase-phone")
    page.get_by_role("button", name="登记购买服务").click()
    expect(page.get_by_role("heading", name="独居老人心理关爱")).to_be_visible()
    expect(page.get_by_text("锦屏街道办事处")).to_be_visible()
    _shot(page, "purchased-phone")


def _open_round(admin, name: str) -> None:
    page = admin.go("/socialorgs/rounds/")
    page.get_by_role("link", name="发布创投公告").click()
    expect(page.get_by_label("单个项目资助上限（元）")).to_have_value(re.compile(r"^50000"))
    expect(page.get_by_label("资金总额（元）")).to_have_value(re.compile(r"^200000"))
    expect(page.get_by_label("公示天数")).to_have_value("7")
    page.get_by_label("名称").fill(f"2022年度奉化区社区公益创投（{name}）")
    page.get_by_label("资助方").fill("奉化区民政局")
    page.get_by_label("健康养老").check()
    _shot(page, f"round-new-{name}")
    page.get_by_role("button", name="发布公告").click()
    expect(page.get_by_role("heading", name=re.compile(name))).to_be_visible()


def test_register_staff_incubate_purchase_and_open_a_call(demo_server, chromium):
    admin = Persona(chromium, demo_server, "district_admin", PHONE)
    page = admin.go("/socialorgs/")
    org_url = _register(page)
    _staff_and_incubation(page)
    _purchase(admin)
    _open_round(admin, "phone")

    desk = Persona(chromium, demo_server, "district_admin", DESKTOP)
    for path, name in (("/socialorgs/orgs/new/", "register-desktop"),
                       (org_url.removeprefix(admin.url), "org-desktop"),
                       ("/socialorgs/engagements/purchase/", "purchase-desktop")):  # fmt: skip
        _shot(desk.go(path), name)
    _open_round(desk, "desktop")
    staff = Persona(chromium, demo_server, "social_org_staff", PHONE)
    expect(staff.go("/socialorgs/").get_by_role("link", name=re.compile(NAME))).to_be_visible()
    for persona in (admin, desk, staff):
        assert persona.violations == []
