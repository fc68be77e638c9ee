"""One API error shape, {"code", "message"[, "fields"]}, in the language the client asks for."""

import re

import pytest
from rest_framework.test import APIClient

pytestmark = [
    pytest.mark.urls("yipanqi.core.tests.urls"),
    pytest.mark.usefixtures("compiled_messages"),
]

CJK = re.compile(r"[\u4e00-\u9fff]")


def _get(api: APIClient, url: str, language: str = "en"):
    return api.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def admin_api(api_as):
    return api_as("district_admin")


def test_missing_object_is_not_found(admin_api):
    response = _get(admin_api, "/api/v1/areas/999999/")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found."}


def test_missing_credentials_are_not_authenticated(anonymous, db):
    response = _get(anonymous, "/api/v1/auth/me/")

    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "message": "Please sign in first."}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bad_token_is_authentication_failed(anonymous, db):
    response = anonymous.get("/api/v1/auth/me/", HTTP_AUTHORIZATION="Bearer nonsense")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_invalid_body_is_a_validation_error_with_fields(anonymous, db):
    response = anonymous.post("/api/v1/auth/token/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    body = response.json()
    assert response.status_code == 400
    assert (body["code"], body["message"]) == ("validation_error", "Some fields are not valid.")
    assert set(body["fields"]) == {"username", "password"}


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("drf-permission-denied", 403, "permission_denied"),
        ("django-permission-denied", 403, "permission_denied"),
        ("django-validation-error", 400, "validation_error"),
        ("domain-error", 400, "order_closed"),
        ("domain-forbidden", 403, "permission_denied"),
        ("domain-conflict", 409, "conflict"),
    ],
)
def test_raised_errors_map_to_a_stable_code(anonymous, db, kind, status, code):
    response = _get(anonymous, f"/api/v1/test-errors/{kind}/")

    body = response.json()
    assert response.status_code == status
    assert body["code"] == code
    assert body["message"]


def test_django_validation_error_keeps_its_fields(anonymous, db):
    body = _get(anonymous, "/api/v1/test-errors/django-validation-error/").json()

    assert body["fields"] == {"name": ["Bad name."]}


@pytest.mark.parametrize(
    ("url", "as_admin"),
    [
        ("/api/v1/areas/999999/", True),
        ("/api/v1/auth/me/", False),
        ("/api/v1/test-errors/drf-permission-denied/", False),
        ("/api/v1/test-errors/domain-error/", False),
    ],
)
def test_messages_follow_accept_language(admin_api, anonymous, url, as_admin):
    api = admin_api if as_admin else anonymous

    english = _get(api, url, "en").json()
    chinese = _get(api, url, "zh-hans").json()

    assert english["code"] == chinese["code"]
    assert not CJK.search(english["message"])
    assert chinese["message"] != english["message"]
    assert CJK.search(chinese["message"])


def test_validation_message_follows_accept_language(anonymous, db):
    def post(language):
        return anonymous.post(
            "/api/v1/auth/token/", {}, format="json", HTTP_ACCEPT_LANGUAGE=language
        ).json()

    english, chinese = post("en"), post("zh-hans")

    assert not CJK.search(english["message"])
    assert CJK.search(chinese["message"])
