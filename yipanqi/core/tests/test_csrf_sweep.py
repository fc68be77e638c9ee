"""R-IO-2 over every route: a signed-in browser session that writes without its CSRF token is
refused on every page and every API endpoint of the URLconf (read from the URLconf, so a new
app's routes are swept too), and the header htmx sends (static/js/app.js) is the one accepted."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from yipanqi.core.tests.routes import concrete_paths

pytestmark = pytest.mark.django_db

APP_JS = Path(settings.BASE_DIR) / "yipanqi" / "static" / "js" / "app.js"
# Routes that read no session: the token endpoint takes its credentials from the body and returns
# the token in the answer, which another site's page cannot read (no cookie is set).
STATELESS = ("/api/v1/auth/token/",)


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _refused_for_csrf(path: str, response) -> bool:
    if response.status_code != 403:
        return False
    if path.startswith("/api/"):
        return response.json()["code"] == "csrf_failed"
    return "表单已失效" in response.content.decode()  # the site's own page (CSRF_FAILURE_VIEW)


def test_every_write_without_the_token_is_refused(personas):
    client = _signed_in(personas["district_admin"])
    paths = [p for p in concrete_paths() if p not in STATELESS]
    assert len(paths) > 300
    passed = []
    for path in paths:
        for method in (client.post, client.delete) if path.startswith("/api/") else (client.post,):
            response = method(path)
            if not _refused_for_csrf(path, response):
                passed.append((method.__name__, path, response.status_code))
    assert passed == []


def test_the_header_htmx_sends_is_the_one_django_reads(personas):
    sent = re.search(r'headers\["([\w-]+)"\]\s*=\s*token\.value', APP_JS.read_text())
    assert sent, "app.js no longer sets the CSRF header on htmx requests"
    meta_name = "HTTP_" + sent.group(1).upper().replace("-", "_")
    assert meta_name == settings.CSRF_HEADER_NAME
    client = _signed_in(personas["community_admin_a1"])
    client.get("/inbox/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    refused = client.post("/inbox/read-all/", HTTP_HX_REQUEST="true")
    accepted = client.post("/inbox/read-all/", HTTP_HX_REQUEST="true", **{meta_name: token})
    assert refused.status_code == 403 and accepted.status_code in (200, 302)


def test_the_route_left_out_reads_no_session():
    from django.urls import resolve

    for path in STATELESS:
        assert resolve(path).func.cls.authentication_classes == []
