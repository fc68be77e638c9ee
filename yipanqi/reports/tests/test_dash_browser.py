"""The district admin opens the district dashboard (the menu's entry), clicks a town in a chart and
lands on that town's dashboard; the big screen renders at 1920×1080 with its figures, ranking,
feed and centre network. No CSP violation and no console error on any page. Screenshots go to
test-artifacts/ (desktop 1366, phone 390, screen 1920×1080)."""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}


SLOW = 90_000  # ms: a node's first (uncached) page computes every figure of the demo district


def _errors(persona: Persona) -> list[str]:
    persona.page.set_default_timeout(SLOW)
    persona.page.set_default_navigation_timeout(SLOW)
    errors: list[str] = []
    persona.page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    persona.page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _click_first_bar(page, chart_id: str) -> None:
    """Click inside the first category's band of a vertical bar chart (the first town)."""
    canvas = page.locator(f"#{chart_id} canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    grid = page.evaluate(
        """(id) => { const c = echarts.getInstanceByDom(document.getElementById(id));
        const point = c.convertToPixel({ seriesIndex: 0 }, [0, 0]); return point; }""",
        chart_id,
    )
    page.mouse.click(box["x"] + grid[0], box["y"] + grid[1] - 5)


def test_district_dashboard_click_a_town_and_big_screen(demo_server, chromium):
    admin = Persona(chromium, demo_server, "district_admin", DESKTOP)
    errors = _errors(admin)
    page = admin.go("/reports/dashboards/")  # the menu's 仪表盘: the user's own node
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("仪表盘 · 奉化区"))
    expect(page.locator("#dash-on-time canvas")).to_be_visible()
    expect(page.locator('[data-figure="households_screened"]')).to_have_text("62,178")
    screenshot(page, "dash-district-desktop")
    _click_first_bar(page, "dash-members")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("仪表盘 · 锦屏街道"), timeout=SLOW
    )
    expect(page).to_have_url(re.compile(r"/reports/dashboards/330213001000/"))
    expect(page.locator("#dash-orders-month canvas")).to_be_visible()
    screenshot(page, "dash-town-desktop")

    phone = Persona(chromium, demo_server, "jp_admin", PHONE)
    phone_errors = _errors(phone)
    page = phone.go("/reports/dashboards/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("锦屏街道"))
    expect(page.locator("#dash-members canvas")).to_be_visible()
    screenshot(page, "dash-town-phone")

    wall = Persona(chromium, demo_server, "district_admin", SCREEN)
    wall_errors = _errors(wall)
    page = wall.go("/reports/dashboards/screen/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("大屏 · 奉化区"))
    expect(page.locator("#screen-ranking tr")).to_have_count(12)
    expect(page.locator("#screen-map canvas")).to_be_visible()
    assert page.locator("#screen-feed li").count() > 0
    size = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size == [1920, 1080]
    page.screenshot(path=str(screenshot(page, "dash-screen-1920")), full_page=False)
    data = page.evaluate(
        "(u) => fetch(u, {credentials: 'same-origin'}).then(r => r.json())",
        page.locator("#main").get_attribute("data-source"),
    )
    assert len(data["ranking"]) == 12
    for persona in (admin, phone, wall):
        assert persona.violations == []
    assert errors == phone_errors == wall_errors == []
