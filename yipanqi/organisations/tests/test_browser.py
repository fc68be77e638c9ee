"""In a real browser: a community admin signs in, browses the tree and sees only their own subtree."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from yipanqi.core.testing import DESKTOP, PHONE, launch_chromium, screenshot, start_demo_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    demo = start_demo_server(tmp_path_factory.mktemp("browser"))
    yield demo
    demo.process.terminate()
    demo.process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def _sign_in(page, server, account):
    page.goto(server.url + "/accounts/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(account["username"])
    page.get_by_label(re.compile("密码|Password")).fill(account["password"])
    page.get_by_role("button", name=re.compile("登录|Sign in")).click()
    expect(page).to_have_url(server.url + "/")


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_community_admin_sees_only_own_subtree(server, browser, viewport, label):
    mine, other = server.account("community_admin", 0), server.account("community_admin", 1)
    assert mine["scope"] != other["scope"]
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    _sign_in(page, server, mine)

    page.goto(server.url + "/org/")
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
    context.close()


def test_out_of_scope_area_answers_not_found(server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _sign_in(page, server, server.account("community_admin", 0))
    response = page.goto(server.url + "/org/areas/1/")  # the district root, above the admin's node
    assert response.status == 404
    screenshot(page, "not-found-phone")
    context.close()
