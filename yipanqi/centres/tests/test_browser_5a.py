"""A 5A assessment on desktop in the demo district: 奉中社区's centre scores itself indicator by
indicator with an evidence photo and submits; 锦屏街道 changes one score with a reason; the district
confirms and publishes; the grade then shows beside the centre on the network page, and the map
draws. No CSP violations."""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot, tiny_png

pytestmark = pytest.mark.browser
CENTRE = "奉中社区党群服务站"
PNG = tiny_png()


def _open_assessment(centre: Persona) -> str:
    page = centre.go("/centres/rounds/")
    page.locator("a.list-group-item", has_text="2021年度").click()
    page.locator("a", has_text=CENTRE).click()
    expect(page).to_have_url(re.compile(r"/centres/assessments/\d+/$"))
    return page.url.removeprefix(centre.url)


def _self_assess(centre: Persona) -> str:
    path = _open_assessment(centre)
    page = centre.page
    rows = page.locator("#sheet-form tbody tr")
    for row in rows.all():
        top = row.locator("th span.text-muted").first.inner_text().strip("/ ")
        row.locator("input[name^=score_]").fill(top)
    first = rows.first
    first.locator("input[name^=note_]").fill("阵地面积320平方米")
    first.locator("input[type=file]").set_input_files(
        {"name": "site.png", "mimeType": "image/png", "buffer": PNG}
    )
    screenshot(page, "centres-self-assess-desktop")
    page.locator("#save-sheet").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(first.locator("a[href*='/centres/evidence/']")).to_have_count(1)
    page.locator("#submit-assessment").click()
    expect(page.locator("#assessment-status")).to_have_text(re.compile("待街道审核|street review"))
    return path


def _street_review(street: Persona, path: str) -> None:
    page = street.go(path)
    first = page.locator("#sheet-form tbody tr").first
    score = first.locator("input[name^=score_]")
    lowered = str(int(float(score.input_value())) - 2)
    score.fill(lowered)
    page.locator("#save-sheet").click()  # no reason: refused, nothing lost
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(first.locator("input[name^=score_]")).to_have_value(lowered)
    first.locator("input[name^=reason_]").fill("活动室部分功能未启用")
    page.locator("#save-sheet").click()
    expect(page.locator("#assessment-status")).to_have_text(
        re.compile("待区级复核|district review")
    )
    expect(page.locator("tbody tr").first).to_contain_text("活动室部分功能未启用")
    screenshot(page, "centres-street-reviewed-desktop")


def _district_review_and_publish(district: Persona, path: str) -> str:
    page = district.go(path)
    page.locator("#save-sheet").click()
    expect(page.locator("#assessment-status")).to_have_text(re.compile("待公布|to publish"))
    page.locator("a[href^='/centres/rounds/']", has_text="2021年度").click()
    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page = district.go(path)
    grade = page.locator("main .grade-badge").first.inner_text()
    screenshot(page, "centres-graded-desktop")
    return grade


def test_a_centre_self_assesses_the_street_and_district_review_the_grade_shows(
    demo_server, chromium
):
    centre = Persona(chromium, demo_server, "jp_fengzhong_admin", DESKTOP)
    path = _self_assess(centre)
    street = Persona(chromium, demo_server, "jp_admin", DESKTOP)
    _street_review(street, path)
    district = Persona(chromium, demo_server, "district_admin", DESKTOP)
    grade = _district_review_and_publish(district, path)
    assert grade

    page = district.go("/centres/")
    page.locator("li", has=page.locator("a:text-is('锦屏街道党群服务中心')")).locator(
        "details.centre-fold > summary"
    ).first.click()
    badge = page.locator(
        f"xpath=//ul[contains(@class,'centre-tree')]//a[normalize-space()='{CENTRE}']"
        "/following-sibling::span[contains(@class,'grade-badge')]"
    )
    expect(badge).to_have_text(grade)
    screenshot(page, "centres-network-tree-desktop")
    page = district.go("/centres/?view=map")
    expect(page.locator("#centre-map canvas").first).to_be_visible()
    screenshot(page, "centres-network-map-desktop")
    screenshot(district.go("/centres/ranking/"), "centres-ranking-desktop")

    phone = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    screenshot(phone.go("/centres/?view=map"), "centres-network-map-phone")
    screenshot(phone.go(path), "centres-assessment-phone")
    for persona in (centre, street, district, phone):
        assert persona.violations == []
        persona.context.close()
