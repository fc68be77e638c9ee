"""A password change, a deactivation and an administrator's "end all sessions" revoke every API token of
the user (the next request with an old token is 401); the last two end the web sessions too."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.accounts import permissions
from yipanqi.accounts.actions import (
    token_issue,
    user_deactivate,
    user_sessions_end,
    user_set_password,
)
from yipanqi.core.errors import Forbidden
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.choices import Role
from yipanqi.organisations.tests.factories import PASSWORD

ME_URL = "/api/v1/auth/me/"
LOGIN_REDIRECT = "/accounts/login/?next=/"
NEW_PASSWORD = "Another#Passw0rd-2024"


def _me(token: str):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api.get(ME_URL)


@pytest.fixture
def holder(personas):
    """community_admin_a1 with two API tokens and a browser session; a2 with a token of their own."""
    user = personas["community_admin_a1"]
    browser = Client()
    browser.force_login(user)
    return {
        "user": user,
        "tokens": [token_issue(user=user, name="phone app"), token_issue(user=user)],
        "browser": browser,
        "other_token": token_issue(user=personas["community_admin_a2"]),
    }


def _all_refused(tokens) -> bool:
    return all(_me(t).status_code == 401 for t in tokens)


# --- password change ---------------------------------------------------------------------------


def test_a_password_change_revokes_every_token(holder):
    user_set_password(user=holder["user"], password=NEW_PASSWORD, actor=holder["user"])

    assert _all_refused(holder["tokens"])
    assert _me(holder["other_token"]).status_code == 200


def test_a_password_change_on_the_account_page_revokes_every_token(holder):
    response = holder["browser"].post(
        "/accounts/me/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _all_refused(holder["tokens"])
    assert holder["browser"].get("/").status_code == 200  # the session that changed it stays


def test_a_password_change_records_how_many_tokens_it_revoked(holder):
    user_set_password(user=holder["user"], password=NEW_PASSWORD, actor=holder["user"])

    (event,) = AuditEvent.objects.filter(action="accounts.user.password_changed")
    assert event.data == {"tokens_revoked": 2}


def test_a_new_token_works_after_a_password_change(holder, obtain_token):
    user_set_password(user=holder["user"], password=NEW_PASSWORD, actor=holder["user"])

    token = obtain_token("community_admin_a1", NEW_PASSWORD).json()["token"]

    assert _me(token).status_code == 200


# --- deactivation -------------------------------------------------------------------------------


def test_deactivation_revokes_every_token_and_ends_the_sessions(holder, personas):
    user_deactivate(user=holder["user"], actor=personas["security_admin"])

    assert _all_refused(holder["tokens"])
    assert holder["browser"].get("/")["Location"] == LOGIN_REDIRECT
    assert _me(holder["other_token"]).status_code == 200


def test_deactivation_over_the_api(holder, api_as):
    response = api_as("system_admin").post(f"/api/v1/auth/users/{holder['user'].pk}/deactivate/")

    assert response.status_code == 204
    assert _all_refused(holder["tokens"])
    holder["user"].refresh_from_db()
    assert holder["user"].is_active is False


def test_deactivation_records_what_it_ended(holder, personas):
    user_deactivate(user=holder["user"], actor=personas["security_admin"])

    (event,) = AuditEvent.objects.filter(action="accounts.user.deactivated")
    assert event.data == {"sessions_ended": 1, "tokens_revoked": 2}
    assert event.actor == personas["security_admin"]


def test_an_administrator_cannot_deactivate_themselves(personas):
    with pytest.raises(Forbidden):
        user_deactivate(user=personas["system_admin"], actor=personas["system_admin"])


# --- an administrator ends all sessions ----------------------------------------------------------


def test_ending_all_sessions_revokes_every_token_and_ends_the_sessions(holder, personas):
    result = user_sessions_end(user=holder["user"], actor=personas["security_admin"])

    assert result == {"sessions_ended": 1, "tokens_revoked": 2}
    assert _all_refused(holder["tokens"])
    assert holder["browser"].get("/")["Location"] == LOGIN_REDIRECT
    assert _me(holder["other_token"]).status_code == 200


def test_after_ending_all_sessions_the_user_can_sign_in_again(holder, personas, obtain_token):
    user_sessions_end(user=holder["user"], actor=personas["system_admin"])

    token = obtain_token("community_admin_a1").json()["token"]

    assert _me(token).status_code == 200


def test_ending_all_sessions_is_audited(holder, personas):
    user_sessions_end(user=holder["user"], actor=personas["security_admin"])

    (event,) = AuditEvent.objects.filter(action="accounts.user.sessions_ended")
    assert event.actor == personas["security_admin"]
    assert event.target_id == str(holder["user"].pk)
    assert event.data == {"sessions_ended": 1, "tokens_revoked": 2}


def test_ending_all_sessions_over_the_api(holder, api_as):
    url = f"/api/v1/auth/users/{holder['user'].pk}/end-sessions/"

    response = api_as("security_admin").post(url)

    assert response.status_code == 200
    assert response.json() == {"sessions_ended": 1, "tokens_revoked": 2}
    assert _all_refused(holder["tokens"])


# --- who may -------------------------------------------------------------------------------------

PERSONAS = [
    ("system_admin", True),
    ("security_admin", True),
    ("audit_admin", False),
    ("district_admin", False),
    ("community_admin_a2", False),
    ("resident_a1", False),
]


@pytest.mark.parametrize(("persona", "allowed"), PERSONAS)
def test_who_may_end_sessions_and_deactivate(personas, persona, allowed):
    target = personas["community_admin_a1"]

    assert permissions.can_end_sessions_of(personas[persona], target) is allowed
    assert permissions.can_deactivate_user(personas[persona], target) is allowed


@pytest.mark.parametrize("persona", [name for name, allowed in PERSONAS if not allowed])
def test_the_actions_refuse_everyone_else(holder, personas, persona):
    with pytest.raises(Forbidden):
        user_sessions_end(user=holder["user"], actor=personas[persona])
    with pytest.raises(Forbidden):
        user_deactivate(user=holder["user"], actor=personas[persona])
    assert _me(holder["tokens"][0]).status_code == 200


@pytest.mark.parametrize("action", ["end-sessions", "deactivate"])
def test_the_api_answers_403_to_others_whether_or_not_the_user_exists(holder, api_as, action):
    api = api_as("community_admin_a2")

    existing = api.post(f"/api/v1/auth/users/{holder['user'].pk}/{action}/")
    missing = api.post(f"/api/v1/auth/users/999999/{action}/")

    assert existing.status_code == missing.status_code == 403
    assert existing.json() == missing.json()
    assert _me(holder["tokens"][0]).status_code == 200


@pytest.mark.parametrize("action", ["end-sessions", "deactivate"])
def test_the_api_answers_404_for_a_missing_user(api_as, action):
    response = api_as("security_admin").post(f"/api/v1/auth/users/999999/{action}/")

    assert response.status_code == 404


def test_the_administrator_roles_are_organisation_roles():
    assert {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN} == permissions.ACCOUNT_ADMIN_ROLES
