"""The demo served like production (issue 21): DEBUG off, static files under hashed names with a
year's cache, a favicon and app icons, the site's own 404 page in Chinese inside its frame (CSP as
everywhere), the audit page in words, and the 2021 sweep shown as finished. Screenshots of the 404
and audit pages go to test-artifacts/.
"""

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from yipanqi.core.testing import DESKTOP, PHONE, Persona, screenshot

pytestmark = pytest.mark.browser

YEAR = 31_536_000
HASHED = re.compile(r"/static/[^\"']+\.[0-9a-f]{12}\.(?:css|js|png)")
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def _get(url: str, **headers: str):
    """(status, headers, body) of a GET, errors included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _max_age(headers) -> int:
    found = re.search(r"max-age=(\d+)", headers.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


def test_every_static_file_of_a_page_is_hashed_and_kept_a_year(demo_server):
    _status, _headers, body = _get(demo_server.url + "/accounts/login/")
    page = body.decode()
    static = re.findall(r"(?:href|src)=\"(/static/[^\"]+)\"", page)

    assert static and all(HASHED.fullmatch(url) for url in static), static
    for url in static:
        status, headers, _body = _get(demo_server.url + url, **{"Accept-Encoding": "gzip"})
        assert status == 200, url
        assert _max_age(headers) >= YEAR and "immutable" in headers["Cache-Control"], url
    css = next(u for u in static if "bootstrap" in u)
    _status, headers, _body = _get(demo_server.url + css, **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"  # compressed once, at collectstatic


def test_the_favicon_and_the_app_icons_answer(demo_server):
    status, headers, body = _get(demo_server.url + "/favicon.ico")
    assert status == 200 and body[:4] == b"\x00\x00\x01\x00"
    for size in (192, 512):
        status, headers, body = _get(f"{demo_server.url}/static/icons/icon-{size}.png")
        assert status == 200 and headers["Content-Type"] == "image/png"
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(body[16:20], "big") == size  # the PNG's width


def test_a_wrong_url_gets_the_sites_404_page_in_chinese(demo_server):
    status, headers, body = _get(demo_server.url + "/no-such-page/")

    page = body.decode()
    assert status == 404
    assert '<html lang="zh-hans">' in page and "页面不存在" in page and "返回首页" in page
    assert "Page not found" not in page and "DEBUG" not in page  # not Django's debug page
    assert "script-src 'self'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_signed_in_user_gets_the_404_page_in_the_sites_frame(demo_server, chromium, viewport):
    persona = Persona(
        chromium, demo_server, demo_server.account("community_admin"), VIEWPORTS[viewport]
    )
    response = persona.page.goto(demo_server.url + "/orders/no-such-page/")

    assert response.status == 404
    expect(persona.page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    persona.page.get_by_role("link", name="返回首页").wait_for()
    expect(persona.page.locator("nav.navbar")).to_be_visible()
    screenshot(persona.page, f"error-404-{viewport}")
    assert persona.violations == []
    persona.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_audit_page_reads_in_words(demo_server, chromium, viewport):
    persona = Persona(chromium, demo_server, demo_server.account("auditor"), VIEWPORTS[viewport])
    page = persona.go("/audit/")

    events = page.locator("main .list-group").first
    text = events.inner_text()
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b", text)  # no action codes
    assert "系统" in text
    screenshot(page, f"audit-{viewport}")
    persona.go("/audit/?action=grid")
    expect(page.locator("main .list-group").first).to_contain_text("清楼行动到期结束")
    assert persona.violations == []
    persona.context.close()


def test_the_2021_sweep_is_shown_as_finished(demo_server, chromium):
    persona = Persona(chromium, demo_server, demo_server.account("district_admin"), DESKTOP)
    page = persona.go("/grid/")

    card = page.locator(".card", has_text="2021年春节疫情防控“清楼”行动")
    expect(card.locator(".badge")).to_have_text("已结束")
    expect(card.get_by_role("link", name="入户走访")).to_have_count(0)
    persona.context.close()
