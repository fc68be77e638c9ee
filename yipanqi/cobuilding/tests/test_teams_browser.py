"""组团式服务 in a real browser, on phones: 奉中社区's admin dispatches an accepted order to the
community's service team with the team's one-tap button; the demo member, in the team, finds it
in their list of orders to take and takes it; the team page shows the member and the order in its
service log. Screenshots in /tmp/shots/teams/. No CSP violations.
"""

import json
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, demo_env, yipanqi_bin
from yipanqi.orders.tests.test_browser import SETUP as MEMBER_SETUP

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/teams")

# Inside the demo database, through the orders app's actions: the community's team (the demo's,
# or one set up here should the demo have none) with the demo member in it, and an accepted order.
TEAM_SETUP = """
import json
from yipanqi.accounts.models import User
from yipanqi.orders import actions
from yipanqi.orders.models import OrderCategory, ServiceTeam
from yipanqi.organisations.models import Area, PartyOrganisation, RoleGrant
from yipanqi.people.models import PartyMember

admin = User.objects.get(username={admin!r})
community = RoleGrant.objects.get(user=admin, role="community_admin").area
grid = RoleGrant.objects.get(user__username={member!r}).area
member = PartyMember.objects.select_related("person").get(person__user__username={member!r})
team = ServiceTeam.objects.filter(area=community, active=True).order_by("pk").first()
if team is None:
    lead = PartyOrganisation.objects.filter(area=community).order_by("depth").first()
    team = actions.team_create(lead_organisation=lead, name="奉中社区党员服务团",
                               coverage=[community], leader=member, actor=admin)
elif not team.memberships.filter(member=member, active=True).exists():
    actions.team_member_add(team=team, member=member, actor=admin)
category = OrderCategory.objects.get(district_code=community.district_code, code="elderly_care")
order = actions.order_place(grid=grid, category=category, title="独居老人家门锁损坏",
                            description="门锁坏了关不上，请帮忙修一下", actor=admin)
order = actions.order_accept(order=order, actor=admin)
print(json.dumps({{"team": team.pk, "team_name": team.name, "order": order.pk,
                   "member": member.person.name}}))
"""


def _shell(demo, code: str) -> dict:
    result = subprocess.run(
        [yipanqi_bin(), "shell", "-c", code],
        env=demo_env(demo.db_path),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def seeded(demo_server):
    admin, member = (
        demo_server.account("community_admin", 0),
        demo_server.account("party_member", 0),
    )
    assert admin["scope"] == "奉中社区"
    names = {"admin": admin["username"], "member": member["username"]}
    _shell(demo_server, MEMBER_SETUP.format(**names))
    return _shell(demo_server, TEAM_SETUP.format(**names))


def test_an_admin_dispatches_to_the_team_and_a_member_takes_it_on_a_phone(
    demo_server, chromium, seeded
):
    order_id, team_id = seeded["order"], seeded["team"]
    admin = Persona(chromium, demo_server, demo_server.account("community_admin", 0), PHONE)
    member = Persona(chromium, demo_server, demo_server.account("party_member", 0), PHONE)

    # the admin: the dispatch page offers the team; one tap sends the order to it
    page = admin.go(f"/orders/{order_id}/dispatch/")
    button = page.locator(f".team-picks li[data-team='{team_id}'] button[name=team_pick]")
    expect(button).to_be_visible()
    shot(page, "dispatch-to-team-phone")
    button.click()
    expect(page).to_have_url(re.compile(r"/orders/board/"))
    detail = admin.go(f"/orders/{order_id}/")
    expect(detail.locator(".badge[data-status]").first).to_have_attribute(
        "data-status", "dispatched"
    )
    expect(detail.get_by_text(seeded["team_name"]).first).to_be_visible()
    shot(detail, "dispatched-to-team-phone")

    # the member: the order waits in their list; they take it
    page = member.go("/orders/claim/")
    card = page.locator(f"#claim-{order_id}")
    expect(card).to_be_visible()
    shot(page, "team-order-to-take-phone")
    card.locator("form[action$='/take/'] button").click()
    expect(page.locator(f"#claim-{order_id}")).to_have_attribute("data-status", "taken")
    shot(page, "team-order-taken-phone")

    # the team page: members, coverage, and the order in its service log
    page = member.go(f"/cobuilding/teams/{team_id}/")
    expect(page.locator("h1")).to_have_text(seeded["team_name"])
    expect(page.locator(f".team-log a[href='/orders/{order_id}/']")).to_be_visible()
    shot(page, "team-page-member-phone")
    desk = Persona(chromium, demo_server, demo_server.account("community_admin", 0), DESKTOP)
    page = desk.go(f"/cobuilding/teams/{team_id}/")
    expect(page.locator(".team-members li", has_text=seeded["member"])).to_be_visible()
    shot(page, "team-page-admin-desktop")
    shot(desk.go("/cobuilding/teams/"), "team-list-desktop")

    for persona in (admin, member, desk):
        assert persona.violations == []
        persona.context.close()
