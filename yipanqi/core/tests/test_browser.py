"""The grouped navigation in a real browser, in the demo district: the desktop bar fits 1366 px and
opens its dropdowns from the keyboard; on a 390-px phone a bottom bar holds the persona's most used
pages and "More" opens the whole menu. Screenshots go to test-artifacts/. No CSP violations.
"""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from yipanqi.core.testing import PHONE, launch_chromium, screenshot, start_demo_server

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    demo = start_demo_server(tmp_path_factory.mktemp("core-browser"))
    yield demo
    demo.process.terminate()
    demo.process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def _sign_in(browser, server, role: str, viewport: dict):
    account = server.account(role)
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(server.url + "/accounts/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(account["username"])
    page.get_by_label(re.compile("密码|Password")).fill(account["password"])
    page.get_by_role("button", name=re.compile("登录|Sign in")).click()
    expect(page).to_have_url(server.url + "/")
    return page, violations


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("role", ["district_admin", "community_admin", "audit_admin"])
def test_the_grouped_bar_fits_a_laptop_and_works_from_the_keyboard(server, browser, role):
    page, violations = _sign_in(browser, server, role, LAPTOP)
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
def test_a_phone_has_a_bottom_bar_with_the_personas_pages(server, browser, role, first):
    page, violations = _sign_in(browser, server, role, PHONE)
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
