"""A department files an access request that the district approves, and the duty appears on the
communities' lists, in the demo district: 锦屏街道's administrator files on a phone for the street's
城管科 (authority, staff and money named; a request without money is refused first and keeps what
was typed), the district administrator admits it on a desktop, and 奉中社区's administrator finds
it on the community's admitted list; the district's finance credits the duty's money (费随事转)
and it shows in the community's funds. Screenshots at 390 px and desktop go to test-artifacts/ and
/tmp/shots/duties/. No CSP violations."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/duties")
TITLE = "社区文明养犬宣传督导"


def _shot(page, name: str) -> None:
    screenshot(page, f"duties-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _start() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=70)


def _fill_request(page) -> None:
    page.get_by_label("下沉层级").select_option("community")
    page.get_by_label("所属清单").select_option("assist_government")
    page.get_by_label("申请部门").fill("锦屏街道城市管理科")
    page.get_by_label("事项", exact=True).fill(TITLE)
    page.get_by_label("法定依据").fill("《宁波市养犬管理条例》")
    page.get_by_label("随事下放的权限").fill("劝导与上报权")
    page.get_by_label("随事下沉的人员（人）").fill("1")
    page.get_by_label("人员安排").fill("每社区1名协管员")
    page.get_by_label("开始日期").fill(_start().isoformat())


def test_a_request_is_filed_admitted_and_reaches_the_communities(demo_server, chromium):
    town = Persona(chromium, demo_server, "jp_admin", PHONE)
    page = town.go("/duties/requests/new/")
    expect(page.get_by_role("heading", name="提交准入申请")).to_be_visible()
    _fill_request(page)
    page.get_by_role("button", name="提交申请").click()
    expect(
        page.get_by_text("请写明随事项下拨的经费（费随事转）。")
    ).to_be_visible()  # refused, nothing lost
    expect(page.get_by_label("申请部门")).to_have_value("锦屏街道城市管理科")
    _shot(page, "request-refused-phone")
    page.get_by_label("每个承接单位每年经费（元）").fill("6000")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    _shot(page, "request-filed-phone")
    request_url = page.url

    district = Persona(chromium, demo_server, "district_admin", DESKTOP)
    page = district.go("/duties/requests/")
    _shot(page, "requests-desktop")
    page.goto(request_url)
    page.get_by_role("button", name="准予准入").click()
    expect(page.get_by_text("已准入")).to_be_visible()
    _shot(page, "request-admitted-desktop")
    page = district.go("/duties/burden/")
    _shot(page, "burden-desktop")
    page = district.go("/funding/duty-money/")  # 费随事转: the money follows the duty
    card = page.locator("#duty-requests .list-group-item", has_text=TITLE)
    card.get_by_label("年度").fill(str(_start().year))
    card.get_by_role("button", name="拨付到承接社区").click()
    expect(page.locator(".alert-success")).to_contain_text("已拨付")
    expect(page.locator("#duty-money")).to_contain_text(TITLE)
    _shot(page, "duty-money-desktop")

    community = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    page = community.go("/duties/admitted/")
    expect(page.get_by_text(TITLE)).to_be_visible()
    _shot(page, "admitted-phone")
    page = community.go("/duties/")
    page.get_by_role("link", name="奉中社区").first.click()
    _shot(page, "list-phone")
    page = community.go(f"/funding/?year={_start().year}")
    page.get_by_role("link", name="奉中社区").click()
    expect(page.locator("#budget-lines")).to_contain_text("准入事项经费")
    expect(page.locator("#budget-lines")).to_contain_text("6,000")
    _shot(page, "duty-fund-phone")
    for persona in (town, district, community):
        assert persona.violations == []
