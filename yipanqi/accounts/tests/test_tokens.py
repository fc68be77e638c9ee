"""API bearer tokens: issued for username + password, stored only as SHA-256, expiring."""

import hashlib
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.accounts import policies
from yipanqi.accounts.actions import token_issue
from yipanqi.accounts.models import ApiToken
from yipanqi.core.actions import policy_set
from yipanqi.core.models import AuditEvent

ME_URL = "/api/v1/auth/me/"


def _me(token: str, keyword: str = "Bearer"):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")
    return api.get(ME_URL)


def test_good_credentials_return_a_token(obtain_token, personas):
    response = obtain_token("community_admin_a1")

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert len(response.json()["token"]) >= 40


def test_the_token_authenticates_the_me_endpoint(obtain_token, personas):
    token = obtain_token("community_admin_a1").json()["token"]

    response = _me(token)

    assert response.status_code == 200
    assert response.json()["username"] == "community_admin_a1"
    assert {g["role"] for g in response.json()["grants"]} == {"community_admin"}


def test_the_bearer_keyword_is_case_insensitive(personas):
    token = token_issue(user=personas["community_admin_a1"])

    assert _me(token, "bearer").status_code == 200


def test_wrong_password_is_401_invalid_credentials(obtain_token, personas):
    response = obtain_token("community_admin_a1", "Wrong#Passw0rd-2021")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_wrong_password_and_unknown_user_get_the_same_answer(obtain_token, personas):
    wrong = obtain_token("community_admin_a1", "Wrong#Passw0rd-2021")
    unknown = obtain_token("nobody_at_all", "Wrong#Passw0rd-2021")

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_inactive_user_gets_no_token(obtain_token, personas):
    user = personas["community_admin_a1"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert obtain_token("community_admin_a1").json()["code"] == "invalid_credentials"


def test_expired_token_is_refused(personas):
    token = token_issue(user=personas["community_admin_a1"])
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = _me(token)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_revoked_token_is_refused(personas):
    token = token_issue(user=personas["community_admin_a1"])
    ApiToken.objects.update(revoked_at=timezone.now())

    assert _me(token).status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Token abc", "Bearer "])
def test_malformed_authorization_is_not_accepted(db, header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)

    assert api.get(ME_URL).status_code == 401


def test_tokens_expire_after_12_hours_by_default(personas):
    before = timezone.now()

    token_issue(user=personas["community_admin_a1"])

    expires = ApiToken.objects.get().expires_at
    hours = timedelta(hours=12)
    assert policies.API_TOKEN_HOURS.default == 12
    assert before + hours <= expires <= timezone.now() + hours


def test_token_lifetime_follows_the_policy(personas):
    # given: the platform policy shortened to 2 hours
    policy_set(
        key=policies.API_TOKEN_HOURS.key,
        district_code=policies.PLATFORM,
        value=2,
        actor=personas["security_admin"],  # the platform's sign-in rules are the security admin's
    )
    before = timezone.now()

    # when
    token = token_issue(user=personas["community_admin_a1"])

    # then: it expires 2 hours later, and is refused after that
    expires = ApiToken.objects.get().expires_at
    assert before + timedelta(hours=2) <= expires <= timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=expires + timedelta(seconds=1)):
        assert _me(token).status_code == 401


def test_only_the_sha256_of_the_token_is_stored(obtain_token, personas):
    token = obtain_token("community_admin_a1").json()["token"]

    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_the_token_is_not_written_to_the_audit_log(obtain_token, personas):
    token = obtain_token("community_admin_a1").json()["token"]

    (event,) = AuditEvent.objects.filter(action="accounts.token.issued")
    assert token not in f"{event.data} {event.changes} {event.target_repr}"


def test_each_issue_gives_a_different_token(personas):
    user = personas["community_admin_a1"]

    assert token_issue(user=user) != token_issue(user=user)
