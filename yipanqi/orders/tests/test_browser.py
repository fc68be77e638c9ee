"""The whole 三单制 loop in a real browser, four personas of 奉中社区 in the demo district:

the resident (phone) places an order → the community admin (desktop) accepts it and dispatches it to
a party member → the member (phone) takes and completes it → the resident rates it "not solved" →
the order is reopened (accepted again), with the reopening in its history. No CSP violations.
"""

import json
import re
import subprocess

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import (
    DESKTOP,
    PHONE,
    Persona,
    demo_env,
    screenshot,
    yipanqi_bin,
)

pytestmark = pytest.mark.browser

# Runs inside the demo database (`yipanqi shell -c`), through the apps' actions: the default order
# categories, and — should the people demo not provide it — the member behind the demo member
# account, registered with the community and placed in its grid.
SETUP = """
import datetime, json
from yipanqi.core.actors import system
from yipanqi.accounts.models import User
from yipanqi.orders import actions
from yipanqi.organisations.models import Area, PartyOrganisation, RoleGrant
from yipanqi.people import actions as people
from yipanqi.people.models import CommunityRegistration, PartyMember, Person
from yipanqi.people.validators import check_character

community = RoleGrant.objects.get(user__username={admin!r}).area
grid = RoleGrant.objects.get(user__username={member!r}).area
actions.category_ensure_defaults(district_code=community.district_code)
user = User.objects.get(username={member!r})
member = PartyMember.objects.filter(person__user=user).select_related("person").first()
if member is None:
    body = "33028319760512%03d" % (user.pk % 1000)
    person = Person.objects.filter(user=user).first() or people.person_create(
        area=grid, name=user.display_name or "测试党员", id_number=body + check_character(body),
        actor=system("test"))
    if person.user_id is None:
        people.person_link_user(person=person, user=user, actor=system("test"))
    branch = PartyOrganisation.objects.filter(area=community).order_by("depth").first()
    member = people.member_create(person=person, kind="full", joined_on=datetime.date(2010, 7, 1),
                                  branch=branch, in_service=True, actor=system("test"))
active = CommunityRegistration.objects.filter(
    member=member, community=community, status__in=["confirmed", "assigned"]).exists()
if not active:
    admin = User.objects.get(username={admin!r})
    registration = people.registration_submit(community=community, member=member, actor=system("test"))
    registration = people.registration_confirm(registration=registration, actor=admin)
    people.registration_assign(registration=registration, grid=grid, actor=admin)
print(json.dumps({{"member": member.person.name}}))
"""


@pytest.fixture(scope="module")
def seeded(demo_server):
    demo = demo_server
    admin, member = demo.account("community_admin", 0), demo.account("party_member", 0)
    assert admin["scope"] == "奉中社区"
    code = SETUP.format(admin=admin["username"], member=member["username"])
    result = subprocess.run(
        [yipanqi_bin(), "shell", "-c", code],
        env=demo_env(demo.db_path),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _place(resident: Persona) -> int:
    page = resident.go("/orders/new/")
    page.locator("#place-form label", has_text="维修维护").click()
    page.locator("#place-form textarea[name=description]").fill("厨房水龙头漏水，下午在家")
    screenshot(page, "orders-place-phone")
    page.locator("#place-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/orders/\d+/$"))
    expect(page.locator("h1 + .badge, .badge[data-status]").first).to_have_attribute(
        "data-status", "placed"
    )
    screenshot(page, "orders-placed-detail-phone")
    return int(re.search(r"/orders/(\d+)/$", page.url).group(1))


def _dispatch(admin: Persona, order_id: int, member_name: str) -> None:
    page = admin.go("/orders/board/")
    card = page.locator(f"#order-{order_id}")
    expect(card).to_be_visible()
    screenshot(page, "orders-board-desktop")
    card.locator("form[action$='/accept/'] button").click()  # 受理 goes on to 派单
    expect(page).to_have_url(re.compile(rf"/orders/{order_id}/dispatch/"))
    page.locator("#member-q").fill(member_name)  # many members: find ours by name
    page.locator("#member-search button").click()
    page.locator("#dispatch-form label.list-group-item", has_text=member_name).click()
    page.locator("#kind-members").check()
    screenshot(page, "orders-dispatch-desktop")
    page.locator("#dispatch-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/orders/board/"))


def _take_and_complete(member: Persona, order_id: int) -> None:
    page = member.go("/orders/claim/")
    card = page.locator(f"#claim-{order_id}")
    expect(card).to_be_visible()
    screenshot(page, "orders-claim-phone")
    card.locator("form[action$='/take/'] button").click()  # htmx swaps the card in place
    expect(page.locator(f"#claim-{order_id}")).to_have_attribute("data-status", "taken")
    page.locator(f"#claim-{order_id} a[href$='/complete/']").click()
    page.locator("#complete-form textarea[name=note]").fill("更换了水龙头阀芯")
    screenshot(page, "orders-complete-phone")
    page.locator("#complete-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order_id}/$"))
    expect(page.locator(".badge[data-status]").first).to_have_attribute("data-status", "done")


def _rate_not_solved(resident: Persona, order_id: int) -> None:
    page = resident.go("/orders/mine/")
    screenshot(page, "orders-mine-phone")
    page.locator(f"#order-{order_id} a[href$='/rate/']").click()
    page.locator("#rate-form label", has_text="4 ★").click()
    page.locator("#rate-form input[name=solved][value=no] + label").click()
    page.locator("#rate-form textarea[name=comment]").fill("还是有点漏")
    screenshot(page, "orders-rate-phone")
    page.locator("#rate-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order_id}/$"))


def test_the_whole_loop_with_four_personas(demo_server, chromium, seeded):
    demo = demo_server
    resident = Persona(chromium, demo, demo.account("resident", 0), PHONE)
    admin = Persona(chromium, demo, demo.account("community_admin", 0), DESKTOP)
    member = Persona(chromium, demo, demo.account("party_member", 0), PHONE)

    order_id = _place(resident)
    _dispatch(admin, order_id, seeded["member"])
    _take_and_complete(member, order_id)
    _rate_not_solved(resident, order_id)

    page = resident.page
    expect(page.locator(".badge[data-status]").first).to_have_attribute("data-status", "accepted")
    kinds = page.locator(".order-events li").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert kinds == ["placed", "accepted", "dispatched", "taken", "completed", "rated", "reopened"]
    screenshot(page, "orders-reopened-phone")

    detail = admin.go(f"/orders/{order_id}/")  # the admin sees it back, with everyone's steps
    expect(detail.locator(".order-events li[data-kind=reopened]")).to_be_visible()
    screenshot(detail, "orders-reopened-desktop")
    inbox = admin.go("/inbox/")
    expect(inbox.locator("#unread-badge")).to_be_visible()  # the reopening was announced
    screenshot(inbox, "orders-inbox-desktop")

    for persona in (resident, admin, member):
        assert persona.violations == []
        persona.context.close()


def test_the_board_and_overview_on_a_phone(demo_server, chromium, seeded):
    demo = demo_server
    admin = Persona(chromium, demo, demo.account("community_admin", 0), PHONE)
    screenshot(admin.go("/orders/board/?tab=progress"), "orders-board-phone")
    town = Persona(chromium, demo, demo.account("town_admin", 0), DESKTOP)
    page = town.go("/orders/overview/")
    expect(page.locator(".overview-table")).to_be_visible()
    screenshot(page, "orders-overview-desktop")
    assert admin.violations == [] and town.violations == []
    admin.context.close()
    town.context.close()
