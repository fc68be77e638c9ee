"""A user sees their own API tokens (client, created, last used) and revokes them, on the account page
and over the API; the key is never shown again, and another user's token answers 404."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.accounts.actions import token_issue
from yipanqi.accounts.models import ApiToken, hash_key
from yipanqi.accounts.tests.conftest import TOKEN_URL
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.tests.factories import PASSWORD

ME_URL = "/api/v1/auth/me/"
TOKENS_URL = "/api/v1/auth/tokens/"
PROFILE_URL = "/accounts/me/"


def _bearer(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def _revoke_url(pk: int) -> str:
    return f"/api/v1/auth/tokens/{pk}/revoke/"


def _page_revoke_url(pk: int) -> str:
    return f"/accounts/me/tokens/{pk}/revoke/"


@pytest.fixture
def two_tokens(personas):
    """community_admin_a1 holds a phone token and a script token; community_admin_a2 holds one."""
    user = personas["community_admin_a1"]
    phone = token_issue(user=user, name="phone app")
    script = token_issue(user=user, name="report script")
    other = token_issue(user=personas["community_admin_a2"], name="phone app")
    return phone, script, other


def _pk(key: str) -> int:
    return ApiToken.objects.get(key_hash=hash_key(key)).pk


# --- issuing with a client name ---------------------------------------------------------------


def test_a_token_can_be_named_for_its_client(personas):
    response = APIClient().post(
        TOKEN_URL,
        {"username": "community_admin_a1", "password": PASSWORD, "name": "phone app"},
        format="json",
    )

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert ApiToken.objects.get().name == "phone app"


def test_the_client_name_is_optional(obtain_token, personas):
    assert obtain_token("community_admin_a1").status_code == 200
    assert ApiToken.objects.get().name == ""


# --- listing over the API ----------------------------------------------------------------------


def test_the_api_lists_my_tokens_only(two_tokens):
    phone, _script, _other = two_tokens

    response = _bearer(phone).get(TOKENS_URL)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["name"] for r in rows] == ["report script", "phone app"]
    assert {r["id"] for r in rows} == set(
        ApiToken.objects.filter(user__username="community_admin_a1").values_list("pk", flat=True)
    )
    assert set(rows[0]) == {"id", "name", "created_at", "last_used_at", "expires_at", "current"}


def test_the_list_marks_the_token_of_the_request(two_tokens):
    phone, _script, _other = two_tokens

    rows = _bearer(phone).get(TOKENS_URL).json()["results"]

    assert {r["name"]: r["current"] for r in rows} == {"phone app": True, "report script": False}


def test_the_list_never_shows_a_key_or_its_hash(two_tokens):
    phone, script, _other = two_tokens

    body = _bearer(phone).get(TOKENS_URL).content.decode()

    for token in ApiToken.objects.all():
        assert token.key_hash not in body
    assert phone not in body and script not in body


def test_revoked_and_expired_tokens_are_not_listed(two_tokens, api_as):
    phone, script, _other = two_tokens
    ApiToken.objects.filter(pk=_pk(phone)).update(revoked_at=timezone.now())
    ApiToken.objects.filter(pk=_pk(script)).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = api_as("community_admin_a1").get(TOKENS_URL)

    assert response.json()["results"] == []


def test_listing_needs_a_signed_in_caller(db):
    assert APIClient().get(TOKENS_URL).status_code == 401


# --- last used ------------------------------------------------------------------------------


def test_a_new_token_was_never_used(two_tokens):
    phone, _script, _other = two_tokens

    assert ApiToken.objects.get(pk=_pk(phone)).last_used_at is None


def test_using_a_token_records_when(two_tokens):
    phone, _script, _other = two_tokens
    before = timezone.now()

    _bearer(phone).get(ME_URL)

    used = ApiToken.objects.get(pk=_pk(phone)).last_used_at
    assert used is not None and before <= used <= timezone.now()


def test_last_used_is_written_at_most_once_a_minute(two_tokens):
    # given: a token used a moment ago
    phone, _script, _other = two_tokens
    api = _bearer(phone)
    api.get(ME_URL)
    first = ApiToken.objects.get(pk=_pk(phone)).last_used_at

    # when: it is used again within the minute
    with CaptureQueriesContext(connection) as queries:
        api.get(ME_URL)

    # then: the token row is not written
    assert ApiToken.objects.get(pk=_pk(phone)).last_used_at == first
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in writes if "accounts_apitoken" in sql]


def test_last_used_is_written_again_after_a_minute(two_tokens):
    phone, _script, _other = two_tokens
    long_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=_pk(phone)).update(last_used_at=long_ago)

    _bearer(phone).get(ME_URL)

    used = ApiToken.objects.get(pk=_pk(phone)).last_used_at
    assert used is not None and used > long_ago


# --- revoking over the API ---------------------------------------------------------------------


def test_revoking_my_token_over_the_api_ends_it(two_tokens):
    phone, script, _other = two_tokens

    response = _bearer(phone).post(_revoke_url(_pk(script)))

    assert response.status_code == 204
    assert _bearer(script).get(ME_URL).status_code == 401
    assert _bearer(phone).get(ME_URL).status_code == 200


def test_a_token_can_revoke_itself(two_tokens):
    phone, _script, _other = two_tokens
    api = _bearer(phone)

    assert api.post(_revoke_url(_pk(phone))).status_code == 204
    assert api.get(ME_URL).status_code == 401


def test_another_users_token_id_answers_404_over_the_api(two_tokens):
    phone, _script, other = two_tokens

    response = _bearer(phone).post(_revoke_url(_pk(other)))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert _bearer(other).get(ME_URL).status_code == 200


def test_a_missing_token_id_answers_the_same_404(two_tokens):
    phone, _script, other = two_tokens

    foreign = _bearer(phone).post(_revoke_url(_pk(other)))
    missing = _bearer(phone).post(_revoke_url(999_999))

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_revoking_is_audited(two_tokens):
    phone, script, _other = two_tokens

    _bearer(phone).post(_revoke_url(_pk(script)))

    (event,) = AuditEvent.objects.filter(action="accounts.token.revoked")
    assert event.actor_username == "community_admin_a1"
    assert event.target_id == str(_pk(script))
    assert script not in f"{event.data} {event.changes} {event.target_repr}"


def test_revoking_twice_is_audited_once(two_tokens):
    phone, script, _other = two_tokens
    api = _bearer(phone)

    api.post(_revoke_url(_pk(script)))
    assert api.post(_revoke_url(_pk(script))).status_code == 204

    assert AuditEvent.objects.filter(action="accounts.token.revoked").count() == 1


# --- the account page --------------------------------------------------------------------------


def test_the_account_page_lists_my_tokens(two_tokens, client_as):
    response = client_as("community_admin_a1").get(PROFILE_URL)

    assert response.status_code == 200
    tokens = list(response.context["tokens"])
    assert [t.name for t in tokens] == ["report script", "phone app"]
    body = response.content.decode()
    assert "phone app" in body and "report script" in body
    for token in tokens:
        assert _page_revoke_url(token.pk) in body
    other = ApiToken.objects.get(user__username="community_admin_a2")
    assert _page_revoke_url(other.pk) not in body


def test_the_account_page_never_shows_a_key_or_its_hash(two_tokens, client_as):
    body = client_as("community_admin_a1").get(PROFILE_URL).content.decode()

    for token in ApiToken.objects.all():
        assert token.key_hash not in body
    for key in two_tokens:
        assert key not in body


def test_revoking_on_the_account_page_ends_the_token(two_tokens, client_as):
    phone, script, _other = two_tokens
    client = client_as("community_admin_a1")

    response = client.post(_page_revoke_url(_pk(script)))

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert _bearer(script).get(ME_URL).status_code == 401
    assert _bearer(phone).get(ME_URL).status_code == 200
    assert [t.name for t in client.get(PROFILE_URL).context["tokens"]] == ["phone app"]
    assert AuditEvent.objects.filter(action="accounts.token.revoked").count() == 1


def test_another_users_token_id_answers_404_on_the_account_page(two_tokens, client_as):
    _phone, _script, other = two_tokens

    response = client_as("community_admin_a1").post(_page_revoke_url(_pk(other)))

    assert response.status_code == 404
    assert _bearer(other).get(ME_URL).status_code == 200


def test_revoking_on_the_account_page_needs_a_post(two_tokens, client_as):
    _phone, script, _other = two_tokens

    response = client_as("community_admin_a1").get(_page_revoke_url(_pk(script)))

    assert response.status_code == 405
    assert _bearer(script).get(ME_URL).status_code == 200


def test_an_unnamed_token_is_shown_as_such(personas, client_as):
    token_issue(user=personas["community_admin_a1"])

    body = client_as("community_admin_a1").get(PROFILE_URL, HTTP_ACCEPT_LANGUAGE="en").content

    assert b"Unnamed client" in body and b"Not used yet" in body
