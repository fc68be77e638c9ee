"""Community funding in the demo district, in a browser: the district administrator approves the
2021 correction the system computed at the year's end (a second pair of eyes) and then computes
another, which waits for someone else; 奉中社区's administrator records an expense with its
evidence on a phone, and 锦屏街道's administrator approves it. Screenshots at 390 px and desktop
go to test-artifacts/ and /tmp/shots/funding/. No CSP violations.
"""

import pathlib

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, tiny_png
from yipanqi.core.testing import screenshot as artifact

SHOTS = "/tmp/shots/funding"
pytestmark = pytest.mark.browser


def screenshot(page, name: str) -> None:
    artifact(page, name)
    pathlib.Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_district_runs_and_approves_and_a_community_spends(demo_server, chromium, tmp_path):
    district = Persona(chromium, demo_server, "district_admin", DESKTOP)
    page = district.go("/funding/runs/")
    expect(page.get_by_role("heading", name="经费核拨", exact=True)).to_be_visible()
    screenshot(page, "funding-runs-desktop")
    page.locator("#runs a", has_text="草稿").first.click()
    expect(page.locator("#run-status")).to_have_text("草稿（待审定）")
    expect(page.locator("#run-lines")).to_contain_text("奉中社区")
    page.get_by_role("button", name="审定核拨").click()
    expect(page.locator("#run-status")).to_have_text("已审定")
    screenshot(page, "funding-run-approved-desktop")
    runs = district.go("/funding/runs/")
    runs.get_by_label("年度").fill("2021")
    runs.get_by_label("理由（更正时填写）").fill("补录新建小区住户")
    runs.get_by_role("button", name="核算", exact=True).click()
    expect(runs.locator("#run-status")).to_have_text("草稿（待审定）")
    expect(runs.get_by_role("button", name="审定核拨")).to_have_count(0)  # four eyes
    overview = district.go("/funding/?year=2021")
    expect(overview.locator("#town-totals")).to_contain_text("锦屏街道")
    screenshot(overview, "funding-overview-desktop")

    keeper = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    funds = keeper.go("/funding/?year=2021")
    funds.get_by_role("link", name="奉中社区").click()
    expect(funds.locator("#budget-lines")).to_contain_text("服务群众专项经费")
    screenshot(funds, "funding-community-phone")
    funds.get_by_role("link", name="登记支出").click()
    funds.get_by_label("经费科目").select_option("service")
    funds.locator("input[name=spent_on]").fill("2021-06-28")
    funds.get_by_label("收款方").fill("奉化印务有限公司")
    funds.get_by_label("用途").fill("七一主题党日宣传册")
    funds.get_by_label("金额（元）").fill("1280.50")
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(tiny_png())
    funds.locator("input[type=file]").set_input_files(str(receipt))
    screenshot(funds, "funding-expense-form-phone")
    funds.get_by_role("button", name="登记", exact=True).click()
    expect(funds.locator("#expense-status")).to_have_text("待审批")
    expect(funds.locator("#evidence")).to_contain_text("凭证 1")
    screenshot(funds, "funding-expense-phone")
    expense_url = funds.url.removeprefix(demo_server.url)

    town = Persona(chromium, demo_server, "jp_admin", PHONE)
    decide = town.go(expense_url)
    decide.get_by_role("button", name="批准").click()
    expect(decide.locator("#expense-status")).to_have_text("已审批")
    screenshot(decide, "funding-expense-approved-phone")
    projects = district.go("/funding/projects/")
    expect(projects.locator("#projects .list-group-item")).to_have_count(18)
    screenshot(projects, "funding-projects-desktop")
    for persona in (district, keeper, town):
        assert persona.violations == []
