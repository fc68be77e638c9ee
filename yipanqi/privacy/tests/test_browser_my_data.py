"""In a real browser on a phone: a demo resident opens 我的个人信息, reads what the platform holds
about them, downloads it as a file, and asks for a correction, which then shows with its due date.
Screenshots go to test-artifacts/. No CSP violations."""

import json

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import PHONE, Persona, screenshot

pytestmark = pytest.mark.browser


def test_a_resident_downloads_their_own_data_and_asks_for_a_correction(demo_server, chromium):
    resident = Persona(chromium, demo_server, demo_server.account("resident", 0), PHONE)
    page = resident.go("/privacy/me/")
    expect(page.locator("h1")).to_have_text("我的个人信息")
    expect(page.locator("#sec-resident")).to_be_visible()
    screenshot(page, "privacy-my-data-phone")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载我的信息").click()
    body = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert body["account"] == demo_server.account("resident", 0)["username"]
    assert [s["title"] for s in body["sections"]][:1] == ["居民信息"]

    page.get_by_label("我申请").select_option("correct")
    page.get_by_label("具体内容").fill("我的住址门牌号有误，应为 502 室")
    page.get_by_role("button", name="提交申请").click()
    expect(
        page.locator("#requests ~ * li, .list-group-item").filter(has_text="答复期限")
    ).to_have_count(1)
    screenshot(page, "privacy-request-sent-phone")
    assert resident.violations == []
