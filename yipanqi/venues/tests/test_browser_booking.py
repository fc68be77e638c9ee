"""Booking a shared venue on a phone, in the demo district: 奉中社区's unit liaison finds a free
slot of the community's 24-hour study room on the calendar and books it, the community
administrator approves it on the booking desk, and the venue keeper (the grid worker) checks it
in with a tap. Screenshots of each page (phone, and the calendar on desktop) go to
test-artifacts/. No CSP violations.
"""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser
STUDY = "奉中社区24小时城市书房"


def _first_free_slot(page):
    """The first free slot of the venue's week (the next week if this one has none left)."""
    slot = page.locator("a.slot.free").first
    if slot.count() == 0:
        page.get_by_role("link", name=re.compile("下一周")).first.click()
        slot = page.locator("a.slot.free").first
    expect(slot).to_be_visible()
    return slot


def test_liaison_books_owner_approves_keeper_checks_in(demo_server, chromium):
    liaison = Persona(chromium, demo_server, "jp_fengzhong_liaison", PHONE)
    page = liaison.go("/venues/?kind=education")
    expect(page.get_by_role("heading", name="场地预约")).to_be_visible()
    screenshot(page, "venues-calendar-phone")
    page.get_by_role("link", name=STUDY).click()
    expect(page.get_by_role("heading", name=STUDY)).to_be_visible()
    screenshot(page, "venues-venue-week-phone")
    _first_free_slot(page).click()

    expect(page.get_by_label("预约主体")).to_be_visible()
    page.get_by_label("预计人数").fill("12")
    page.get_by_label("用途").fill("共建单位青年党员读书会")
    screenshot(page, "venues-booking-form-phone")
    page.get_by_role("button", name="提交预约").click()
    expect(page.locator(".badge", has_text="待审批")).to_be_visible()
    booking_url = page.url
    screenshot(page, "venues-booking-requested-phone")

    owner = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    desk = owner.go("/venues/desk/")
    row = desk.locator(".booking-list > div", has_text="共建单位青年党员读书会")
    expect(row).to_be_visible()
    screenshot(desk, "venues-desk-owner-phone")
    row.get_by_role("button", name=re.compile("批准")).click()
    expect(desk.locator(".alert-success")).to_be_visible()

    page.reload()
    expect(page.locator(".badge", has_text="已批准")).to_be_visible()
    expect(page.locator(".check-in-code")).to_have_text(re.compile(r"^\d{6}$"))
    screenshot(page, "venues-booking-approved-code-phone")

    keeper = Persona(chromium, demo_server, "jp_fengzhong_grid", PHONE)
    kpage = keeper.page
    kpage.goto(booking_url)
    screenshot(kpage, "venues-keeper-booking-phone")
    kpage.get_by_role("button", name="签到").click()
    expect(kpage.locator(".badge", has_text="已签到")).to_be_visible()
    screenshot(kpage, "venues-checked-in-phone")

    wide = Persona(chromium, demo_server, "jp_fengzhong_liaison", DESKTOP)
    screenshot(wide.go("/venues/"), "venues-calendar-desktop")
    screenshot(wide.go("/venues/mine/"), "venues-my-bookings-desktop")
    desk = Persona(chromium, demo_server, "jp_fengzhong_admin", DESKTOP)
    ledger = desk.go("/venues/credit/?year=2021")
    expect(ledger.locator("table").first).to_be_visible()
    screenshot(ledger, "venues-credit-desktop")
    desk.go("/venues/")
    desk.page.get_by_role("link", name="奉中社区党群活动室").click()
    desk.page.get_by_role("link", name="编辑场地").click()
    expect(desk.page.get_by_label("容纳人数")).to_be_visible()
    screenshot(desk.page, "venues-edit-desktop")
    screenshot(owner.go(desk.page.url.removeprefix(desk.url)), "venues-edit-phone")
    opening = owner.go("/venues/new/")
    expect(opening.get_by_label("产权方", exact=True)).to_be_visible()
    screenshot(opening, "venues-new-phone")
    for persona in (liaison, owner, keeper, wide, desk):
        assert persona.violations == []
