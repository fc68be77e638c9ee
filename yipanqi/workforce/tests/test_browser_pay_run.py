"""Pay run and training sign-in in the demo district, in a browser: 锦屏街道's administrator
computes a correction of the town's 2021 pay run, the district's administrator (a second pair of
eyes) approves it and downloads the XLSX, which opens with openpyxl; the district administrator
shows the course's QR code and 奉中社区's head (the demo community administrator, a community
worker) opens its link on a phone and signs in. Screenshots go to test-artifacts/ and
/tmp/shots/workforce/. No CSP violations.
"""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona
from yipanqi.core.testing import screenshot as artifact

SHOTS = "/tmp/shots/workforce"


def screenshot(page, name: str) -> None:
    """Into test-artifacts/ and /tmp/shots/workforce/ (to look at)."""
    import pathlib

    artifact(page, name)
    pathlib.Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


pytestmark = pytest.mark.browser
COURSE = "2021年社区书记年终述职与能力提升班"


def test_compute_approve_export_and_sign_in(demo_server, chromium, tmp_path):
    town = Persona(chromium, demo_server, "jp_admin", PHONE)
    page = town.go("/workforce/pay/")
    expect(page.get_by_role("heading", name="薪酬核算", exact=True)).to_be_visible()
    page.get_by_label("镇街或区").select_option(label="锦屏街道")
    page.get_by_label("年度").fill("2021")
    page.get_by_label("理由（更正时填写）").fill("补录年度考核结果后更正")
    screenshot(page, "workforce-compute-phone")
    page.get_by_role("button", name="核算", exact=True).click()
    expect(page.locator("#run-status")).to_have_text("草稿")
    expect(page.locator("#run-averages")).to_contain_text("正职")
    run_url = page.url
    screenshot(page, "workforce-run-draft-phone")
    expect(page.get_by_role("button", name="审定核算")).to_be_visible()  # offered, refused below
    page.get_by_role("button", name="审定核算").click()
    expect(page.locator(".alert-danger")).to_contain_text("双人审核")

    district = Persona(chromium, demo_server, "district_admin", DESKTOP)
    run = district.go(run_url.removeprefix(demo_server.url))
    run.get_by_role("button", name="审定核算").click()
    expect(run.locator("#run-status")).to_have_text("已审定")
    screenshot(run, "workforce-run-approved-desktop")
    run.get_by_label("导出用途").fill("薪酬发放核对")
    with run.expect_download() as download:
        run.get_by_role("button", name=re.compile(r"导出\s*XLSX")).click()
    path = tmp_path / "run.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.cell(1, 1).value == "姓名" and sheet.max_row > 50

    worker = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    calendar = worker.go("/workforce/training/?year=2021")
    expect(calendar.get_by_role("heading", name="培训日历")).to_be_visible()
    screenshot(calendar, "workforce-calendar-phone")
    calendar.get_by_role("link", name=re.compile(COURSE)).click()
    course_url = calendar.url
    expect(calendar.get_by_label("签到码")).to_be_visible()
    screenshot(calendar, "workforce-course-phone")

    shown = district.go(course_url.removeprefix(demo_server.url))  # at the class: the QR code
    expect(shown.locator("#course-qr svg")).to_be_visible()
    code = shown.locator("#sign-code").inner_text().strip()
    screenshot(shown, "workforce-course-qr-desktop")
    scan = worker.go(f"{course_url.removeprefix(demo_server.url)}sign-in/?code={code}")
    expect(scan.get_by_label("签到码")).to_have_value(code)  # what the QR code holds
    screenshot(scan, "workforce-qr-sign-in-phone")
    scan.get_by_role("button", name="签到", exact=True).click()
    expect(scan.locator("#my-sign-in")).to_contain_text("已于")
    screenshot(scan, "workforce-signed-in-phone")
    for persona in (town, district, worker):
        assert persona.violations == []
