"""The grouped navigation in a real browser, in the demo district: the desktop bar fits 1366 px and
opens its dropdowns from the keyboard; on a 390-px phone a bottom bar holds the persona's most used
pages and "More" opens the whole menu. Screenshots go to test-artifacts/. No CSP violations.
"""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import PHONE, Persona, screenshot

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


def _sign_in(chromium, demo_server, role: str, viewport: dict):
    persona = Persona(chromium, demo_server, demo_server.account(role), viewport)
    return persona.page, persona.violations


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("role", ["district_admin", "community_admin", "audit_admin"])
def test_the_grouped_bar_fits_a_laptop_and_works_from_the_keyboard(demo_server, chromium, role):
    page, violations = _sign_in(chromium, demo_server, role, LAPTOP)
    bar = page.locator("nav.navbar")
    assert bar.bounding_box()["height"] <= 64  # one row
    assert _overflow(page) <= 0
    groups = page.locator(".main-nav > .nav-item")
    assert 1 <= groups.count() <= 7
    expect(page.locator(".phone-bar")).to_be_hidden()
    toggle = page.locator(".main-nav .dropdown-toggle").first
    toggle.focus()
    page.keyboard.press("Enter")
    menu = page.locator(".main-nav .dropdown-menu.show")
    expect(menu).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(menu.locator(".dropdown-item").first).to_be_focused()
    screenshot(page, f"nav-{role}-desktop")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert violations == []


@pytest.mark.parametrize(
    ("role", "first"),
    [("grid_worker", "清楼走访"), ("party_member", "我要接单"), ("resident", "我要点单")],
)
def test_a_phone_has_a_bottom_bar_with_the_personas_pages(demo_server, chromium, role, first):
    page, violations = _sign_in(chromium, demo_server, role, PHONE)
    bar = page.locator(".phone-bar")
    expect(bar).to_be_visible()
    items = bar.locator(".phone-bar-item")
    assert 3 <= items.count() <= 5
    expect(items.nth(0)).to_have_text("首页")
    expect(items.nth(1)).to_have_text(first)
    box = bar.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)
    assert _overflow(page) <= 0
    screenshot(page, f"nav-{role}-phone")
    bar.get_by_role("button", name="更多").click()
    menu = page.locator("#nav")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name=re.compile(".")).first).to_be_visible()
    screenshot(page, f"nav-{role}-phone-more")
    assert violations == []
