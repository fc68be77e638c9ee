"""In a real browser: a community admin signs in, browses the tree and sees only their own subtree."""

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_community_admin_sees_only_own_subtree(demo_server, chromium, viewport, label):
    mine, other = (
        demo_server.account("community_admin", 0),
        demo_server.account("community_admin", 1),
    )
    assert mine["scope"] != other["scope"]
    persona = Persona(chromium, demo_server, mine, viewport)
    page, violations = persona.page, persona.violations

    page.goto(demo_server.url + "/org/")
    roots = page.locator("#tree-body > .card-body > ul > li")
    expect(roots).to_have_count(1)
    expect(roots.first).to_contain_text(mine["scope"])
    roots.first.get_by_role("button").click()  # expand: grids load through htmx
    expect(roots.first.locator("ul li").first).to_contain_text("网格")
    screenshot(page, f"tree-{label}")
    assert other["scope"] not in page.content()

    page.locator("#tree-search").fill(mine["scope"][:2])  # htmx search as you type
    expect(page.locator("#tree-body li a").first).to_contain_text(mine["scope"][:2])
    page.locator("#tree-search").fill(other["scope"])
    expect(page.locator("#tree-body li a")).to_have_count(0)
    assert violations == []
    persona.context.close()


def test_out_of_scope_area_answers_not_found(demo_server, chromium):
    persona = Persona(chromium, demo_server, demo_server.account("community_admin", 0), PHONE)
    page = persona.page
    response = page.goto(
        demo_server.url + "/org/areas/1/"
    )  # the district root, above the admin's node
    assert response.status == 404
    screenshot(page, "not-found-phone")
    persona.context.close()
