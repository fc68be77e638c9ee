"""The grid worker's phone sweep in a real browser, in the demo district: jp_fengzhong_grid opens the
open sweep of 奉中社区第一网格 on a 390×844 phone, records five visits in a few taps each (one needs
follow-up and opens a service order), and the order is there on its page. Screenshots of every grid
page (phone and desktop) go to test-artifacts/. No CSP violations.
"""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import (
    DESKTOP,
    PHONE,
    Persona,
    screenshot,
)

pytestmark = pytest.mark.browser


def _visit(page, outcome: str, follow_up: str = "") -> str:
    """Open the first household still to visit and record it: outcome, two answers, save.
    Returns the household's visit page."""
    row = page.locator("a.sweep-row:not(.done)").first
    href = row.get_attribute("href")
    row.click()
    page.locator(f"label[for=outcome-{outcome}]").click()
    rows = page.locator(".checklist .answer-row")
    for i in range(2):  # the two required yes/no questions: "否"
        rows.nth(i).locator("label", has_text="否").click()
    if follow_up:
        page.get_by_label("需要什么帮助").fill(follow_up)
    page.get_by_role("button", name="保存走访").click()
    expect(page.locator(".alert-success")).to_contain_text("走访已保存")
    return href


def test_a_grid_worker_records_five_visits_on_a_phone(demo_server, chromium):
    worker = Persona(chromium, demo_server, "jp_fengzhong_grid", PHONE)
    page = worker.go("/grid/")
    screenshot(page, "grid-campaigns-phone")
    page.get_by_role("link", name="入户走访", exact=True).first.click()
    expect(page.locator("a.sweep-row").first).to_be_visible()
    pending_before = int(page.locator("[data-pending]").get_attribute("data-pending"))
    screenshot(page, "grid-visit-list-phone")

    for n in range(4):
        if n == 0:
            page.locator("a.sweep-row:not(.done)").first.click()
            screenshot(page, "grid-visit-form-phone")
            page.go_back()
        _visit(page, "visited")
    page.locator("a.sweep-row:not(.done)").first.click()
    page.locator("label[for=outcome-follow_up]").click()
    expect(page.get_by_label("需要什么帮助")).to_be_visible()
    screenshot(page, "grid-visit-follow-up-phone")
    page.go_back()
    followed = _visit(page, "follow_up", follow_up="独居老人腿脚不便，需要帮忙代购药品")

    expect(page.locator("[data-pending]")).to_have_attribute(
        "data-pending", str(pending_before - 5)
    )
    worker.go(followed)
    page.get_by_role("link", name=re.compile("服务工单")).click()
    expect(page.locator("h1")).to_contain_text("独居老人腿脚不便")
    screenshot(page, "grid-follow-up-order-phone")
    assert worker.violations == []


def test_pages_look_right_on_phone_and_desktop(demo_server, chromium):
    admin = Persona(chromium, demo_server, "jp_fengzhong_admin", DESKTOP)
    page = admin.go("/grid/")
    page.get_by_role("link", name="奉中社区第一网格入户走访").click()
    expect(page.locator("h1")).to_contain_text("入户走访")
    screenshot(page, "grid-campaign-detail-desktop")
    page.get_by_role("link", name="进度").first.click()
    expect(page.locator("#coverage-table")).to_be_visible()
    expect(page.locator("[data-figure=targeted]")).not_to_have_text("0")
    screenshot(page, "grid-coverage-desktop")
    admin.go("/grid/campaigns/new/")
    screenshot(page, "grid-campaign-new-desktop")
    admin.go("/grid/incidents/")
    page.locator(".card a.fw-semibold").first.click()
    screenshot(page, "grid-incident-detail-desktop")
    district = Persona(chromium, demo_server, "district_admin", PHONE)
    coverage = district.go("/grid/coverage/")
    expect(coverage.locator("#coverage-table tbody tr").first).to_be_visible()
    screenshot(coverage, "grid-coverage-phone")
    worker = Persona(chromium, demo_server, "jp_fengzhong_grid", PHONE)
    form = worker.go("/grid/incidents/new/")
    screenshot(form, "grid-incident-new-phone")
    form.locator("label[for=cat-safety]").click()
    form.get_by_label("地点").fill("7幢楼道")
    form.get_by_label("情况描述").fill("楼道堆放纸箱，堵塞消防通道")
    form.get_by_role("button", name="上报").click()
    expect(form.locator("h1")).to_contain_text("楼道堆放纸箱")
    screenshot(form, "grid-incident-reported-phone")
    assert admin.violations == [] and district.violations == [] and worker.violations == []
