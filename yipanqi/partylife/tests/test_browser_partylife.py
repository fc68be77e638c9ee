"""Party life on a phone, in the demo district: the branch secretary plans a themed party day,
the member signs in by the QR code's link and the secretary records and confirms the meeting;
the member pays this month's dues and sees the yearly statement; the member asks to move to
奉中社区第一网格党支部, the secretary approves, the community administrator (the receiving side)
accepts and the member appears in the new branch. Screenshots of each page go to
test-artifacts/. No CSP violations.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yipanqi.accounts.demo import display_name
from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser
TOPIC = "十二月主题党日：重温入党誓词"
NEW_BRANCH = "奉中社区第一网格党支部"


def _secretary(demo_server) -> dict:
    """The demo's branch secretary (made by partylife's demo, with the demo password)."""
    password = demo_server.accounts[0]["password"]
    return {"username": "jp_fengzhong_secretary", "password": password}


def test_themed_day_dues_and_transfer_on_a_phone(demo_server, chromium):
    secretary = Persona(chromium, demo_server, _secretary(demo_server), PHONE)
    desk = secretary.go("/partylife/")
    expect(desk.get_by_role("heading", name="支部工作台")).to_be_visible()
    screenshot(desk, "partylife-desk-phone")
    desk.get_by_role("link", name="计划会议").first.click()
    desk.get_by_label("会议类型").select_option("themed_day")
    desk.get_by_label("日期").fill(timezone.localdate().isoformat())
    desk.get_by_label("议题").fill(TOPIC)
    desk.get_by_label("地点").fill("奉中社区党群服务中心")
    screenshot(desk, "partylife-plan-phone")
    desk.get_by_role("button", name="保存").click()
    expect(desk.get_by_role("heading", name=TOPIC)).to_be_visible()
    expect(desk.locator(".qr svg")).to_be_visible()
    code = desk.locator(".sign-code").inner_text().strip()
    meeting_url = desk.url
    screenshot(desk, "partylife-meeting-qr-phone")
    # the planned meeting's venue form (issue 15) fits the phone's width
    expect(desk.locator("#venue")).to_contain_text("预约场地")
    assert desk.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    member = Persona(chromium, demo_server, "jp_fengzhong_member", PHONE)
    scan = member.page
    scan.goto(f"{meeting_url}sign-in/?code={code}")  # what the QR code holds
    expect(scan.get_by_role("heading", name="会议签到")).to_be_visible()
    screenshot(scan, "partylife-sign-in-phone")
    scan.get_by_role("button", name="签到").click()
    expect(scan.locator(".attendance")).to_contain_text("出席")
    screenshot(scan, "partylife-signed-in-phone")

    desk.reload()
    expect(desk.locator(".attendance")).to_contain_text("扫码签到")
    desk.get_by_label("会议纪要").fill("全体党员重温入党誓词，交流学习体会。")
    desk.get_by_role("button", name="记录为已召开").click()
    desk.get_by_role("button", name="确认会议记录").click()
    expect(desk.locator(".badge", has_text="已确认")).to_be_visible()
    screenshot(desk, "partylife-confirmed-phone")

    mine = member.go("/partylife/me/")
    expect(mine.get_by_role("heading", name="我的党务")).to_be_visible()
    screenshot(mine, "partylife-mine-phone")
    mine.get_by_role("button", name="缴纳党费").click()
    expect(mine.get_by_role("heading", name="年度党费缴纳明细")).to_be_visible()
    expect(mine.locator(".statement-total")).not_to_have_text("¥0.00")
    screenshot(mine, "partylife-statement-phone")

    ask = member.go("/partylife/me/transfer/")
    ask.get_by_label("转入支部").select_option(label=NEW_BRANCH)
    ask.get_by_label("理由").fill("居住地变更")
    ask.get_by_role("button", name="提交").click()
    expect(ask.locator(".transfer-status")).to_have_text("已申请")
    transfer_url = ask.url
    screenshot(ask, "partylife-transfer-requested-phone")

    secretary.page.goto(transfer_url)
    secretary.page.get_by_role("button", name="同意转出").click()
    expect(secretary.page.locator(".transfer-status")).to_have_text("转出已同意，待接收")

    admin = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    receive = admin.page
    receive.goto(transfer_url)
    receive.get_by_role("button", name="接收").click()
    expect(receive.locator(".transfer-status")).to_have_text("已办结")
    screenshot(receive, "partylife-transfer-accepted-phone")
    receive.locator("a.to-branch").click()
    expect(receive.locator("table")).to_contain_text(display_name("jp_fengzhong_member"))
    mine = member.go("/partylife/me/")
    expect(mine.get_by_text(NEW_BRANCH, exact=True)).to_be_visible()

    wide = Persona(chromium, demo_server, "district_admin", DESKTOP)
    page = wide.go("/partylife/compliance/?year=2021")
    expect(page.get_by_role("heading", name="组织生活达标")).to_be_visible()
    screenshot(page, "partylife-compliance-desktop")
    for persona in (secretary, member, admin, wide):
        assert persona.violations == []
    assert re.search(r"/partylife/transfers/\d+/", transfer_url)
