"""In a real browser on a phone: a community admin confirms a 双报到 registration and assigns the
member to a grid, from the registration queue (htmx swaps the row in place)."""

import json
import re
import subprocess

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import (
    PHONE,
    Persona,
    demo_env,
    screenshot,
    yipanqi_bin,
)

pytestmark = pytest.mark.browser

# Runs inside the demo database (`yipanqi shell -c`): one resident of the admin's community, an
# in-service member, and their submitted registration, all through the people actions.
SETUP = """
import datetime, json
from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict
from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.people import actions
from yipanqi.people.validators import check_character

community = Area.objects.get(kind="community", name={scope!r})
grid = Area.objects.filter(kind="grid", path__startswith=community.path).order_by("code").first()
branch = PartyOrganisation.objects.filter(area=community).order_by("depth").first()
actions.household_tags_ensure(district_code=community.district_code, actor=None)
household = actions.household_create(grid=grid, building="88", room="808室", actor=system("test"))
for seq in range(970, 999):
    body = "330283196606%02d%03d" % (1 + seq % 28, seq)
    try:
        person = actions.person_create(area=grid, household=household, name="浏览器测试员",
                                       id_number=body + check_character(body), phone="13957009999",
                                       actor=system("test"))
        break
    except Conflict:
        continue
member = actions.member_create(person=person, kind="full", joined_on=datetime.date(2012, 7, 1),
                               branch=branch, in_service=True, work_unit_name="区财政局",
                               actor=system("test"))
registration = actions.registration_submit(community=community, member=member, skills="摄影",
                                           preferences="助老", actor=system("test"))
print(json.dumps({{"registration": registration.pk, "person": person.pk}}))
"""


@pytest.fixture(scope="module")
def seeded(demo_server):
    """The demo, its first community admin, and the registration made for them."""
    admin = demo_server.account("community_admin", 0)
    return demo_server, admin, _create_registration(demo_server.db_path, admin["scope"])


def _create_registration(db_path, scope: str) -> dict:
    done = subprocess.run(
        [yipanqi_bin(), "shell", "-c", SETUP.format(scope=scope)],
        env=demo_env(db_path),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fits_the_screen(page) -> bool:
    page.wait_for_load_state()
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_community_admin_confirms_and_assigns_on_a_phone(seeded, chromium):
    demo, admin, created = seeded
    persona = Persona(chromium, demo, admin, PHONE, is_mobile=True, has_touch=True)
    page, violations = persona.page, persona.violations

    page.goto(demo.url + "/people/registrations/?status=submitted")
    row = page.locator(f"#reg-{created['registration']}")
    expect(row).to_contain_text("浏览器测试员")
    assert _fits_the_screen(page)
    screenshot(page, "people-queue-phone")

    row.get_by_role("button", name=re.compile("^(确认|Confirm)$")).click()
    expect(row).to_have_attribute("data-status", "confirmed")  # the row came back through htmx
    grid_select = row.locator("select[name=grid]")
    grid_name = grid_select.locator("option").nth(1).inner_text()
    grid_select.select_option(label=grid_name)
    screenshot(page, "people-queue-confirmed-phone")
    row.get_by_role("button", name=re.compile("编入网格|Assign to grid")).click()

    expect(row).to_have_attribute("data-status", "assigned")
    expect(row).to_contain_text(grid_name)
    screenshot(page, "people-queue-assigned-phone")
    page.goto(demo.url + "/people/registrations/?status=assigned")
    expect(page.locator(f"#reg-{created['registration']}")).to_contain_text(grid_name)
    assert violations == []
    persona.context.close()


def test_person_pages_on_a_phone_show_masked_values_and_ask_a_purpose(seeded, chromium):
    demo, admin, created = seeded
    persona = Persona(chromium, demo, admin, PHONE, is_mobile=True, has_touch=True)
    page, violations = persona.page, persona.violations

    page.goto(demo.url + "/people/")
    page.get_by_role("searchbox").fill("浏览器测试员")
    page.get_by_role("button", name=re.compile("^(搜索|Search)$")).click()
    screenshot(page, "people-search-phone")
    page.locator(f'a.person-row[href="/people/{created["person"]}/"]').click()
    expect(page.locator("[data-field=phone]")).to_have_text("139****9999")
    assert _fits_the_screen(page)
    page.locator("details.unmask summary").last.click()
    screenshot(page, "people-person-phone")
    page.locator("details.unmask[open] input[name=purpose]").fill("电话回访")
    page.locator("details.unmask[open] button[type=submit]").click()
    expect(page.locator(".revealed[data-field=phone]")).to_have_text("13957009999")
    screenshot(page, "people-person-unmasked-phone")
    assert violations == []
    persona.context.close()


def test_household_member_and_feedback_pages_fit_a_phone(seeded, chromium):
    demo, admin, created = seeded
    persona = Persona(chromium, demo, admin, PHONE, is_mobile=True, has_touch=True)
    page, violations = persona.page, persona.violations
    page.goto(f"{demo.url}/people/{created['person']}/")

    page.locator("main a[href^='/people/households/']").click()
    expect(page.locator(".household-card")).to_contain_text("808")
    assert _fits_the_screen(page)
    screenshot(page, "people-household-phone")

    page.goto(f"{demo.url}/people/{created['person']}/")
    page.locator("main a[href^='/people/members/']").click()
    expect(page).to_have_url(
        re.compile(r"/people/members/\d+/$")
    )  # the click navigates: measure the new page
    expect(page.locator("main .kind-badge")).to_be_visible()
    assert _fits_the_screen(page)
    screenshot(page, "people-member-phone")

    page.locator("main a[href*='/feedback/']").click()
    expect(page.locator(".feedback-row").first).to_be_visible()
    assert _fits_the_screen(page)
    screenshot(page, "people-feedback-phone")
    assert violations == []
    persona.context.close()
