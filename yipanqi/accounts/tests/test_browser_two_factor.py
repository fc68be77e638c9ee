"""In a real browser, with the second factor switched on for the served demo: a community admin
signs in, is sent to set up two-step sign-in, scans (reads) the key, confirms with a code, keeps
the recovery codes, and reaches their pages; signing in again asks for a code, and a code works.
Screenshots (phone) go to test-artifacts/."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from yipanqi.core.testing import PHONE, screenshot, start_demo_server, stop_demo_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def enforcing_server(tmp_path_factory):
    server = start_demo_server(tmp_path_factory.mktemp("two-factor"), YIPANQI_TWO_FACTOR="1")
    yield server
    stop_demo_server(server)


def _code(secret: str, drift: int = 0) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, drift=drift):06d}"


def _password_step(page, url: str, account: dict) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(account["username"])
    page.get_by_label(re.compile("密码|Password")).fill(account["password"])
    page.get_by_role("button", name=re.compile("登录|Sign in")).click()


def test_a_community_admin_enrols_and_signs_in_with_a_code(enforcing_server, chromium):
    server, admin = enforcing_server, enforcing_server.account("community_admin", 0)
    context = chromium.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    _password_step(page, server.url, admin)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/setup/"))
    page.get_by_role("button", name="立即设置").click()
    expect(page.locator(".otp-qr svg")).to_be_visible()
    screenshot(page, "two-factor-setup-phone")
    secret = page.locator(".otp-secret").inner_text()
    page.get_by_label("验证码").fill(_code(secret))
    page.get_by_role("button", name="确认").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot(page, "two-factor-codes-phone")
    page.get_by_role("link", name=re.compile("继续")).click()
    expect(page).to_have_url(server.url + "/")
    context.close()

    again = chromium.new_context(viewport=PHONE, locale="zh-CN")
    page = again.new_page()
    _password_step(page, server.url, admin)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/verify/"))
    screenshot(page, "two-factor-verify-phone")
    page.get_by_label("验证码").fill(_code(secret, drift=1))  # the enrolment used this step
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(server.url + "/")
    again.close()
