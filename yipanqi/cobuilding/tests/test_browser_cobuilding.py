"""Co-building on phones, in the demo district (锦屏街道's council):

1. 奉中社区's unit liaison claims an open need of the community on the lists board; the
   community's secretary accepts the claim; the liaison begins and completes the project; the
   secretary rates it.
2. The secretary raises a hard problem; the town administrator records a 难题会办 session with two
   commitments; both are done with evidence; the secretary confirms and the problem closes.

Screenshots go to test-artifacts/ and /tmp/shots/cobuilding/. No CSP violations.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser
NEED = "小区健身器材维修"
PROBLEM = "背街小巷积水"
SHOTS = Path("/tmp/shots/cobuilding")


def shot(page, name: str) -> None:
    screenshot(page, f"cobuilding-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def ok(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_liaison_claims_community_accepts_project_completes_and_is_rated(demo_server, chromium):
    liaison = Persona(chromium, demo_server, "jp_fengzhong_liaison", PHONE)
    page = liaison.go("/cobuilding/")
    expect(page.get_by_role("heading", name="共建清单")).to_be_visible()
    shot(page, "board-liaison-phone")
    item = page.locator("#needs li", has_text=NEED)
    item.get_by_role("button", name="认领这项需求").click()
    ok(page, "已认领")
    shot(page, "claimed-phone")

    secretary = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    board = secretary.go("/cobuilding/")
    waiting = board.locator("#to-decide li", has_text=NEED)
    shot(board, "board-community-phone")
    waiting.get_by_role("button", name="确认认领").click()
    ok(board, "共建项目已建立")

    projects = liaison.go("/cobuilding/projects/")
    projects.get_by_role("link", name=NEED).first.click()
    expect(projects.get_by_role("heading", name=NEED)).to_be_visible()
    projects.get_by_role("button", name="启动项目").click()
    projects.get_by_label("进展").fill("器材已采购，下周安装")
    projects.get_by_role("button", name="报告进展").click()
    projects.get_by_role("button", name="标记完成").click()
    expect(projects.locator("#project-status")).to_have_text("已完成")
    shot(projects, "project-completed-phone")
    project_url = projects.url

    rate = secretary.page
    rate.goto(project_url)
    rate.get_by_label("评分").select_option("5")
    rate.get_by_label("评语").fill("居民很满意")
    rate.get_by_role("button", name="评价项目").click()
    expect(rate.locator("#project-status")).to_have_text("已评价")
    expect(rate.locator("#project-rating")).to_contain_text("5 / 5")
    shot(rate, "project-rated-phone")
    assert not liaison.violations and not secretary.violations


def test_town_records_problem_solving_session_commitments_done_problem_closes(
    demo_server, chromium
):
    secretary = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    page = secretary.go("/cobuilding/problems/")
    page.get_by_text("提交难题").first.click()
    page.get_by_label("标题").fill(PROBLEM)
    page.get_by_label("情况说明").fill("雨天背街小巷积水严重，需要多家单位协同疏通。")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_role("heading", name=PROBLEM)).to_be_visible()
    problem_url = page.url

    town = Persona(chromium, demo_server, "jp_admin", PHONE)
    desk = town.page
    desk.goto(problem_url)
    desk.get_by_label("会议名称").fill("背街小巷积水难题会办")
    desk.get_by_label("开始时间").fill("2030-05-06T09:30")
    desk.get_by_role("button", name="记录会办会议").click()
    expect(desk.locator("#problem-status")).to_have_text("已上会")
    members = desk.get_by_label("承诺单位")
    options = members.locator("option").all_inner_texts()
    for i, what in enumerate(("疏通排水管网", "提供抽水设备")):
        members.select_option(index=i + 1 if len(options) > 2 else i)
        desk.get_by_label("承诺事项").fill(what)
        desk.get_by_label("完成时限").fill("2030-06-30")
        desk.get_by_role("button", name="保存承诺").click()
        ok(desk, "承诺已记录")
    expect(desk.locator("#commitments li")).to_have_count(2)
    shot(desk, "problem-commitments-phone")
    for what in ("疏通排水管网", "提供抽水设备"):
        row = desk.locator("#commitments li", has_text=what)
        row.get_by_label("完成佐证").fill("现场照片及验收记录")
        row.get_by_role("button", name="标记兑现").click()
        ok(desk, "已标记兑现")
    shot(desk, "problem-done-phone")

    confirm = secretary.page
    confirm.goto(problem_url)
    confirm.get_by_label("办理结果").fill("积水已排除，居民认可")
    confirm.get_by_role("button", name="确认办结").click()
    expect(confirm.locator("#problem-status")).to_have_text("已办结")
    shot(confirm, "problem-closed-phone")
    wide = Persona(chromium, demo_server, "jp_admin", DESKTOP)
    towns = wide.go("/cobuilding/")
    towns.get_by_role("link", name=re.compile("锦屏街道")).first.click()
    expect(towns.get_by_role("heading", level=1)).to_contain_text("区域共建")
    shot(towns, "town-desktop")
    assert not secretary.violations and not town.violations
