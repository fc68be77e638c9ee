"""R-ID-11 at the HTTP level: with production's transport settings (read from
config.settings.production itself), plain HTTP is redirected, HTTPS answers carry HSTS for a year,
and signing in sets a session cookie that is Secure, HttpOnly and SameSite=Lax, and a Secure CSRF
cookie."""

import json
import os
import subprocess
import sys

import pytest

from yipanqi.core.tests.test_settings import KEYS, ROOT
from yipanqi.organisations.tests.factories import PASSWORD

NAMES = (
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
)


@pytest.fixture(scope="module")
def production_transport():
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "YIPANQI_"))}
    env |= KEYS | {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def production(settings, production_transport):
    for name, value in production_transport.items():
        setattr(settings, name, value)
    return production_transport


def test_plain_http_is_sent_to_https(production, client):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


def test_https_answers_carry_hsts_for_a_year(production, client):
    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts


def test_signing_in_sets_secure_httponly_lax_cookies(production, client, personas):
    client.get("/accounts/login/", secure=True)
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    data = {"username": "resident_a1", "password": PASSWORD}
    response = client.post("/accounts/login/", data, secure=True)
    assert response.status_code == 302, response.content[:300]
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
