"""The set-up pages in a browser on the demo: 奉中社区's administrator appoints a resident found by
name (ID number and phone masked) on a phone, transfers nobody but opens the transfer and leaving
forms; the district administrator opens a new pay table (prefilled, every rule a field) and sets up
a course, and the town administrator enrols workers. Screenshots, phone and desktop, go to
/tmp/shots/workforce/. No CSP violations."""

import sqlite3

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona
from yipanqi.workforce.tests.test_browser_pay_run import screenshot

pytestmark = pytest.mark.browser


def _resident_not_in_post(db_path) -> tuple[int, str]:
    """A person of 奉中社区 who holds no community post (read from the served copy)."""
    with sqlite3.connect(db_path) as db:
        (path,) = db.execute(
            "SELECT path FROM organisations_area WHERE name = '奉中社区'"
        ).fetchone()
        return db.execute(
            "SELECT id, name FROM people_person WHERE scope_path LIKE ? AND id NOT IN "
            "(SELECT person_id FROM workforce_worker) ORDER BY id LIMIT 1",
            (f"{path}%",),
        ).fetchone()


def test_appoint_pay_table_course_and_enrolment(demo_server, chromium):
    person_id, name = _resident_not_in_post(demo_server.db_path)
    community = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    page = community.go("/workforce/")
    page.get_by_role("link", name="聘任社区工作者").click()
    page.get_by_label("在人口信息库中查找（姓名、拼音首字母或地址）").fill(name)
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#appoint-found")).to_contain_text("*")  # masked
    screenshot(page, "workforce-appoint-search-phone")
    page.goto(f"{demo_server.url}/workforce/appoint/?person={person_id}")
    expect(page.locator("#appoint-person")).to_contain_text(name)
    page.get_by_label("岗位").select_option(label="其他社区工作者")
    page.get_by_label("从事社区工作起始").fill("2021-09-01")
    page.get_by_label("学历").select_option("bachelor")
    screenshot(page, "workforce-appoint-form-phone")
    page.get_by_role("button", name="聘任", exact=True).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    worker_url = page.url
    screenshot(page, "workforce-appointed-phone")
    page.get_by_role("link", name="调动到其他社区").click()
    expect(page.get_by_label("调入社区")).to_be_visible()
    screenshot(page, "workforce-transfer-phone")
    page.goto(f"{worker_url}exit/")
    page.get_by_label("离岗日期").fill("2021-12-31")
    page.get_by_role("button", name="登记离职").click()  # no reason: the form says so
    expect(page.locator(".invalid-feedback")).to_be_visible()
    expect(page.get_by_label("离岗日期")).to_have_value("2021-12-31")
    screenshot(page, "workforce-exit-error-phone")

    district = Persona(chromium, demo_server, "district_admin", DESKTOP)
    tables = district.go("/workforce/pay/tables/")
    expect(tables.get_by_role("heading", name="薪酬标准", exact=True)).to_be_visible()
    screenshot(tables, "workforce-tables-desktop")
    tables.get_by_role("link", name="新建薪酬标准").click()
    expect(tables.locator("#id_coef_18")).to_be_visible()
    screenshot(tables, "workforce-table-new-desktop")
    course = district.go("/workforce/training/new/")
    course.get_by_label("课程名称").fill("2022年社区工作者数字化能力提升班")
    course.get_by_label("培训主题").fill("数字化治理")
    course.get_by_label("开始日期").fill("2022-03-07")
    course.get_by_label("结束日期").fill("2022-03-08")
    course.get_by_label("培训天数").fill("2")
    course.get_by_label("班级人数").fill("30")
    screenshot(course, "workforce-course-new-desktop")
    course.get_by_role("button", name="创建课程").click()
    expect(course.get_by_role("heading", name="2022年社区工作者数字化能力提升班")).to_be_visible()
    course_url = course.url.removeprefix(demo_server.url)

    town = Persona(chromium, demo_server, "jp_admin", PHONE)
    enrol = town.go(f"{course_url}enrol/")
    expect(enrol.get_by_role("heading", name="报名")).to_be_visible()
    enrol.locator("input[name=workers]").first.check()
    screenshot(enrol, "workforce-enrol-phone")
    enrol.get_by_role("button", name="确认报名").click()
    expect(enrol.locator(".list-group-item").first).to_contain_text("社区")
    screenshot(enrol, "workforce-course-enrolled-phone")
    for persona in (community, district, town):
        assert persona.violations == []
