"""一呼百应 on phones, in the demo district: 奉中社区's secretary drafts a call for volunteers with
two places to everyone in the community and sends it; on phones the party member and the
branch secretary read it and say "I will come" (the places), the resident replies after the cap
(the waitlist); the
secretary's board, left open, refreshes itself to show the read and reply rates and who has not
answered. The community has thousands of residents, so
the notice is delivered by the background worker (run here once, as cron or systemd would). Screenshots of each page go to test-artifacts/.
No CSP violations.
"""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, demo_env, screenshot, yipanqi_bin

pytestmark = pytest.mark.browser
TITLE = "周日敬老院志愿服务招募"


def _reply(persona: Persona, expected: str, shot: str) -> None:
    page = persona.go("/notices/")
    expect(page.get_by_role("heading", name="我的通知")).to_be_visible()
    screenshot(page, f"{shot}-inbox-phone")
    page.get_by_role("link", name=re.compile(TITLE)).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.get_by_label("我参加").check()
    screenshot(page, f"{shot}-notice-phone")
    page.get_by_role("button", name="提交回复").click()
    expect(page.get_by_role("status").filter(has_text=expected)).to_be_visible()
    screenshot(page, f"{shot}-replied-phone")


def test_secretary_calls_members_reply_on_phones_board_shows_rates(demo_server, chromium):
    secretary = Persona(chromium, demo_server, "jp_fengzhong_admin", PHONE)
    page = secretary.go("/notices/sent/")
    expect(page.get_by_role("heading", name="通知发布")).to_be_visible()
    page.get_by_role("link", name="发布通知").click()
    page.get_by_label("类型").select_option(label="志愿者招募")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("内容").fill("本周日上午9点到社区敬老院陪老人聊天、打扫卫生。")
    page.get_by_label("名额").fill("2")
    deadline = timezone.localtime() + datetime.timedelta(days=3)
    page.get_by_label("截止时间").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("发送对象").select_option(label="区域或网格")
    page.get_by_label("区域或网格").select_option(label="奉中社区")
    page.get_by_label("仅限党员").uncheck()
    screenshot(page, "notices-form-phone")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".badge", has_text="草稿")).to_be_visible()
    page.get_by_role("button", name="立即发送").click()
    # everyone in the community: thousands, so the background worker delivers (with progress)
    expect(page.locator(".badge", has_text="发送中")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_be_visible()
    screenshot(page, "notices-sending-phone")
    subprocess.run([yipanqi_bin(), "db_worker", "--batch", "--no-startup-delay"],
                   env=demo_env(demo_server.db_path), check=True, timeout=300,
                   capture_output=True)  # fmt: skip
    page.reload()
    expect(page.locator(".badge", has_text="已发送")).to_be_visible()
    notice_url = page.url
    screenshot(page, "notices-sent-phone")

    member = Persona(chromium, demo_server, "jp_fengzhong_member", PHONE)
    _reply(member, "您已报名成功", "notices-member")
    branch_secretary = Persona(chromium, demo_server, "jp_fengzhong_secretary", PHONE)
    _reply(branch_secretary, "您已报名成功", "notices-secretary")
    resident = Persona(chromium, demo_server, "jp_fengzhong_resident", PHONE)
    _reply(resident, "名额已满", "notices-resident")

    # the secretary's page was left open: the board refreshes itself (htmx polling, every 10 s)
    board = secretary.page
    assert board.url == notice_url
    live = {"timeout": 25_000}
    expect(board.locator('[data-figure="replied"]')).to_have_text("3", **live)
    expect(board.locator('[data-figure="read"]')).to_have_text("3", **live)
    expect(board.get_by_text("已报名 2 / 2，候补 1")).to_be_visible(**live)
    waiting = int(board.locator('[data-figure="total"]').inner_text()) - 3
    expect(board.locator('[data-figure="pending"]')).to_have_text(str(waiting), **live)
    screenshot(board, "notices-board-phone")
    wide = Persona(chromium, demo_server, "jp_fengzhong_admin", DESKTOP)
    screenshot(wide.go(notice_url.removeprefix(demo_server.url)), "notices-board-desktop")
    for persona in (secretary, member, branch_secretary, resident, wide):
        assert persona.violations == []
