"""Session limits and session ending (R-ID-6, R-ID-7)."""

import time
from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.accounts import middleware
from yipanqi.accounts.actions import token_issue, user_deactivate
from yipanqi.core.models import AuditEvent

MINUTE = 60
HOUR = 60 * MINUTE
LOGIN_REDIRECT = "/accounts/login/?next=/"


@pytest.fixture
def later(monkeypatch):
    """Move the middleware's clock `seconds` past now (sign-in happens at the real now)."""

    def move(seconds: int) -> None:
        then = time.time() + seconds
        monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: then))

    return move


def test_staff_session_idle_over_30_minutes_is_signed_out(client_as, later):
    client = client_as("community_admin_a1")
    later(31 * MINUTE)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN_REDIRECT


def test_staff_session_idle_under_30_minutes_stays(client_as, later):
    client = client_as("community_admin_a1")
    later(29 * MINUTE)

    assert client.get("/").status_code == 200


def test_activity_restarts_the_idle_clock(client_as, later):
    client = client_as("community_admin_a1")
    later(20 * MINUTE)
    client.get("/")

    later(40 * MINUTE)

    assert client.get("/").status_code == 200


def test_idle_sign_out_is_final(client_as, later, monkeypatch):
    client = client_as("community_admin_a1")
    later(31 * MINUTE)
    client.get("/")

    monkeypatch.setattr(middleware, "time", time)

    assert client.get("/")["Location"] == LOGIN_REDIRECT


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
def test_admin_session_idle_over_15_minutes_is_signed_out(client_as, later, persona):
    client = client_as(persona)
    later(16 * MINUTE)

    assert client.get("/")["Location"] == LOGIN_REDIRECT


@pytest.mark.parametrize("persona", ["district_admin", "grid_worker_a1"])
def test_staff_session_idle_16_minutes_stays(client_as, later, persona):
    client = client_as(persona)
    later(16 * MINUTE)

    assert client.get("/").status_code == 200


def test_resident_session_survives_an_hour_idle(client_as, later):
    client = client_as("resident_a1")
    later(HOUR)

    assert client.get("/").status_code == 200


def test_active_session_ends_after_12_hours(client_as, later):
    # given: a staff user active every 20 minutes for 12 hours
    client = client_as("community_admin_a1")
    for minutes in range(20, 12 * 60 + 1, 20):
        later(minutes * MINUTE)
        client.get("/")

    # when
    later(12 * HOUR + MINUTE)

    # then
    assert client.get("/")["Location"] == LOGIN_REDIRECT


def test_session_without_clocks_starts_them(client_as, later):
    # given: a signed-in session that lacks the middleware's keys
    client = client_as("community_admin_a1")
    session = client.session
    del session[middleware.LAST_SEEN]
    session.save()
    client.get("/")

    later(31 * MINUTE)

    assert client.get("/")["Location"] == LOGIN_REDIRECT


def test_idle_session_on_the_api_answers_401(client_as, later):
    client = client_as("community_admin_a1")
    later(31 * MINUTE)

    response = client.get("/api/v1/auth/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_idle_sign_out_is_audited_with_its_reason(client_as, later, personas):
    client = client_as("community_admin_a1")
    later(31 * MINUTE)

    client.get("/")

    (event,) = AuditEvent.objects.filter(action="accounts.logout")
    assert event.actor == personas["community_admin_a1"]
    assert event.data == {"reason": "idle"}


def test_logout_invalidates_the_old_session_cookie(client_as):
    client = client_as("community_admin_a1")
    old_key = client.cookies["sessionid"].value

    client.post("/accounts/logout/")

    replay = Client()
    replay.cookies["sessionid"] = old_key
    assert replay.get("/")["Location"] == LOGIN_REDIRECT
    assert not Session.objects.filter(session_key=old_key).exists()


def test_logout_is_audited(client_as, personas):
    client_as("community_admin_a1").post("/accounts/logout/")

    (event,) = AuditEvent.objects.filter(action="accounts.logout")
    assert event.actor == personas["community_admin_a1"]


def test_deactivating_a_user_ends_all_their_sessions_and_tokens(personas):
    # given: two browser sessions, a token, and another user's session
    user = personas["community_admin_a1"]
    first, second, other = Client(), Client(), Client()
    first.force_login(user)
    second.force_login(user)
    other.force_login(personas["community_admin_a2"])
    token = token_issue(user=user)

    # when
    user_deactivate(user=user, actor=personas["system_admin"])

    # then
    assert first.get("/")["Location"] == LOGIN_REDIRECT
    assert second.get("/")["Location"] == LOGIN_REDIRECT
    assert other.get("/").status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/auth/me/").status_code == 401


def test_deactivation_is_audited(personas):
    user_deactivate(user=personas["community_admin_a1"], actor=personas["system_admin"])

    (event,) = AuditEvent.objects.filter(action="accounts.user.deactivated")
    assert event.actor == personas["system_admin"]
    assert event.target_id == str(personas["community_admin_a1"].pk)
