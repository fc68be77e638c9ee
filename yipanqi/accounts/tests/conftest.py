import re

import pytest

from yipanqi.organisations.tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token/"
_VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"')


def normalised(response, *texts: str) -> str:
    """The page without per-request tokens and without the echoed `texts` (e.g. the username)."""
    body = _VOLATILE.sub(r'\1=""', response.content.decode())
    for text in texts:
        body = body.replace(text, "…")
    return body


@pytest.fixture
def sign_in(client):
    """POST the login form as a browser would; returns the response."""

    def post(username: str, password: str = PASSWORD, ip: str = "127.0.0.1"):
        data = {"username": username, "password": password}
        return client.post(LOGIN_URL, data, REMOTE_ADDR=ip)

    return post


@pytest.fixture
def obtain_token(db):
    from rest_framework.test import APIClient

    def post(username: str, password: str = PASSWORD, ip: str = "127.0.0.1"):
        data = {"username": username, "password": password}
        return APIClient().post(TOKEN_URL, data, format="json", REMOTE_ADDR=ip)

    return post
