"""A meeting of 奉中社区's four-party hall held on a tablet (768×1024) in the demo district:
the community admin opens the upcoming meeting, takes attendance, puts a resolution to the vote
seat by seat, resolves and publishes it; a resident then reads the public notice on a phone,
with every name masked (张*丰), and raises a topic. No CSP violations."""

import re

import pytest
from playwright.sync_api import expect

from yipanqi.core.pii import mask_name
from yipanqi.core.testing import (
    DESKTOP,
    PHONE,
    Persona,
    screenshot,
)

pytestmark = pytest.mark.browser
TABLET = {"width": 768, "height": 1024}


def _hold_meeting(admin: Persona) -> list[str]:
    """Returns the seat holders' full names, read from the meeting page."""
    page = admin.go("/deliberation/")
    expect(page).to_have_url(re.compile(r"/deliberation/bodies/\d+/$"))
    screenshot(page, "deliberation-hall-tablet")
    page.locator("a[href*='/deliberation/meetings/']").first.click()
    page.locator("form[action$='/open/'] button").click()
    expect(page.locator("#meeting-status")).to_have_text(re.compile("进行中|In progress"))
    names = page.locator("#attendance-form label .fw-semibold").all_inner_texts()
    for label in page.locator("#attendance-form label").all():
        label.click()
    page.locator("#attendance-form button[type=submit]").click()
    expect(page.locator("#present-count")).to_have_text(f"{len(names)}/{len(names)}")
    topic = page.locator("section[id^=topic-]").first
    topic.locator("textarea[name=text]").fill(
        "同意在8号楼北侧建设电动自行车充电棚，由物业负责施工。"
    )
    topic.locator("button[type=submit]").click()
    ballot = page.locator("form.ballot").first
    for label in ballot.locator("input[value=for] + label").all():
        label.click()
    ballot.locator("input[value=abstain] + label").last.click()  # one residents' seat abstains
    screenshot(page, "deliberation-meeting-voting-tablet")
    ballot.locator("button[type=submit]").click()
    page.locator("form[action$='/resolve/'] button").click()
    page.locator("form[action$='/publish/'] button").click()
    expect(page.locator("main a[href*='/deliberation/notices/']").first).to_be_visible()
    screenshot(page, "deliberation-meeting-published-tablet")
    return names


def test_a_meeting_on_a_tablet_then_the_public_notice(demo_server, chromium):
    admin = Persona(chromium, demo_server, "jp_fengzhong_admin", TABLET)
    names = _hold_meeting(admin)
    assert len(names) >= 4

    resident = Persona(chromium, demo_server, "jp_fengzhong_resident", PHONE)
    page = resident.go("/deliberation/notices/")
    notice = page.locator("article.notice").first
    expect(notice).to_contain_text("充电棚")
    notice.locator("h2 a").click()
    expect(page.locator(".seat-name").first).to_be_visible()
    html = page.content()
    for name in names:
        assert name not in html, name
        assert mask_name(name) in html
    assert not re.search(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", html)
    screenshot(page, "deliberation-notice-phone")
    page.locator("#rate-form label", has_text="5").click()
    page.locator("#rate-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page = resident.go("/deliberation/topics/new/")
    page.locator("#topic-form input[name=title]").fill("单元门禁坏了")
    page.locator("#topic-form textarea[name=description]").fill("3单元门禁刷卡没反应一周了。")
    screenshot(page, "deliberation-topic-phone")
    page.locator("#topic-form button[type=submit]").click()
    expect(page.locator("ul.list-group li", has_text="单元门禁坏了")).to_be_visible()

    desk = Persona(chromium, demo_server, "jp_fengzhong_admin", DESKTOP)
    screenshot(desk.go("/deliberation/"), "deliberation-hall-desktop")
    screenshot(desk.go("/deliberation/followups/?status="), "deliberation-followups-desktop")
    screenshot(admin.go("/deliberation/notices/"), "deliberation-notices-tablet")
    for persona in (admin, resident, desk):
        assert persona.violations == []
        persona.context.close()
