"""The district admin opens a town's dashboard, follows its 一键报表 link (node and year carried
over), generates the town's 2021 report as XLSX, sees it queued, the background worker builds it,
and the download opens with openpyxl holding the town's figures. Screenshots in test-artifacts/."""

import re
import subprocess

import openpyxl
import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, Persona, demo_env, screenshot, yipanqi_bin

pytestmark = pytest.mark.browser

TOWN = "330213001000"  # 锦屏街道
SLOW = 90_000  # ms: a node's first dashboard computes every figure of the demo district


def test_a_towns_2021_report_is_generated_and_downloaded(demo_server, chromium, tmp_path):
    admin = Persona(chromium, demo_server, "district_admin", DESKTOP)
    page = admin.page
    page.set_default_timeout(SLOW)
    admin.go(f"/reports/dashboards/{TOWN}/?year=2021")
    page.get_by_role("link", name="一键报表").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("一键报表")
    expect(page.get_by_label("节点")).to_have_value(TOWN)
    expect(page.get_by_label("年度")).to_have_value("2021")
    page.get_by_label("格式").select_option("xlsx")
    screenshot(page, "report-form-desktop")
    page.get_by_role("button", name="生成报表").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.locator("#report-progress progress")).to_be_visible()
    subprocess.run([yipanqi_bin(), "db_worker", "--batch", "--no-startup-delay"],
                   env=demo_env(demo_server.db_path), check=True, timeout=600,
                   capture_output=True)  # fmt: skip
    page.reload()
    screenshot(page, "report-ready-desktop")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("下载")).click()
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) > 3
    text = " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row if c.value)
    assert "锦屏街道" in text and "2021" in text
    assert admin.violations == []
