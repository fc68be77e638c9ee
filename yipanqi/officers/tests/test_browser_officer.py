"""A five-role officer on a phone, in the demo district: opens their targets (with this month's
visits against the plan), logs a visit to 奉中社区 with a photo and raises an issue that becomes a
service order; the organisation department's board shows the coverage, charted per role and
layer. Screenshots go to test-artifacts/. No CSP violations."""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot, tiny_png

pytestmark = pytest.mark.browser


def test_officer_logs_a_visit_and_raises_an_order(demo_server, chromium):
    officer = Persona(chromium, demo_server, "five_role_officer", PHONE)
    page = officer.go("/officers/")
    expect(page.get_by_role("heading", name="我的联系对象")).to_be_visible()
    expect(page.get_by_text(re.compile(r"本月已走访 \d+ 次，计划 \d+ 次")).first).to_be_visible()
    screenshot(page, "officers-mine-phone")
    page.get_by_role("link", name=re.compile("奉中社区桥东街段")).click()
    page.get_by_label("工作内容").fill("巡查桥东街沿街商铺和绿化带")
    page.get_by_label("发现问题").fill("桥东街12号门口井盖松动")
    page.get_by_label("将问题转为服务单").check()
    page.get_by_label("照片（选填）").set_input_files(
        files=[{"name": "well.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    screenshot(page, "officers-log-form-phone")
    page.get_by_role("button", name="保存记录").click()
    logged = page.locator("li", has_text="桥东街12号门口井盖松动")
    expect(logged.get_by_role("link", name=re.compile(r"服务单 #\d+"))).to_be_visible()
    expect(logged.get_by_role("img", name="照片 1")).to_be_visible()
    screenshot(page, "officers-logged-phone")

    board = Persona(chromium, demo_server, "district_admin", DESKTOP)
    page = board.go("/officers/board/")
    expect(page.get_by_role("heading", name="五大员可视化")).to_be_visible()
    expect(page.locator("#officers-chart canvas")).to_be_visible()
    expect(page.locator("#officers-chart-layer canvas")).to_be_visible()
    screenshot(page, "officers-board-desktop")
    phone = Persona(chromium, demo_server, "jp_admin", PHONE)
    page = phone.go("/officers/board/")
    expect(page.locator("#officers-chart-layer canvas")).to_be_visible()
    screenshot(page, "officers-board-phone")
    for persona in (officer, board, phone):
        assert persona.violations == []
