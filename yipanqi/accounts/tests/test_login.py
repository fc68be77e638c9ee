"""Signing in through the login page (R-ID-4, R-ID-7, R-AU-1)."""

import json

from django.contrib.sessions.backends.db import SessionStore
from django.forms.models import model_to_dict

from yipanqi.accounts.tests.conftest import LOGIN_URL, normalised
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.tests.factories import PASSWORD


def test_login_page_renders(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_good_credentials_redirect_home(sign_in, personas):
    response = sign_in("community_admin_a1")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_good_credentials_honour_a_local_next_url(client, personas):
    data = {"username": "community_admin_a1", "password": PASSWORD, "next": "/audit/"}

    response = client.post(f"{LOGIN_URL}?next=/audit/", data)

    assert response["Location"] == "/audit/"


def test_an_external_next_url_is_ignored(client, personas):
    data = {"username": "community_admin_a1", "password": PASSWORD, "next": "https://evil.example/"}

    response = client.post(LOGIN_URL, data)

    assert response["Location"] == "/"


def test_login_rotates_the_session_key(client, sign_in, personas):
    # given: an anonymous session already exists
    session = client.session
    session["seen_login_page"] = True
    session.save()
    before = client.cookies["sessionid"].value

    # when
    sign_in("community_admin_a1")

    # then: a new key, and the old one no longer exists server-side
    assert client.cookies["sessionid"].value != before
    assert not SessionStore().exists(before)


def test_signed_in_user_reaches_home(client, sign_in, personas):
    sign_in("community_admin_a1")

    assert client.get("/").status_code == 200


def test_wrong_password_and_unknown_user_look_the_same(sign_in, personas):
    wrong = sign_in("community_admin_a1", "Wrong#Passw0rd-2021")
    unknown = sign_in("nobody_at_all", "Wrong#Passw0rd-2021")

    assert wrong.status_code == unknown.status_code == 200
    assert normalised(wrong, "community_admin_a1") == normalised(unknown, "nobody_at_all")


def test_inactive_user_with_right_password_looks_like_a_wrong_password(sign_in, personas):
    user = personas["community_admin_a1"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    inactive = sign_in("community_admin_a1")
    unknown = sign_in("nobody_at_all")

    assert normalised(inactive, "community_admin_a1") == normalised(unknown, "nobody_at_all")


def test_login_success_writes_one_audit_event(sign_in, personas):
    sign_in("community_admin_a1", ip="10.0.0.5")

    (event,) = AuditEvent.objects.filter(action="accounts.login.succeeded")
    assert event.actor == personas["community_admin_a1"]
    assert event.ip == "10.0.0.5"
    assert event.request_id


def test_login_failure_writes_one_audit_event(sign_in, personas):
    sign_in("community_admin_a1", "Wrong#Passw0rd-2021", ip="10.0.0.5")

    (event,) = AuditEvent.objects.filter(action="accounts.login.failed")
    assert event.actor is None
    assert event.actor_username == "community_admin_a1"
    assert event.ip == "10.0.0.5"
    assert not AuditEvent.objects.filter(action="accounts.login.succeeded").exists()


def test_no_login_audit_event_contains_the_password(sign_in, personas):
    wrong = "Wrong#Passw0rd-2021"
    sign_in("community_admin_a1", wrong)
    sign_in("community_admin_a1")

    events = AuditEvent.objects.filter(action__startswith="accounts.login.")
    text = json.dumps([model_to_dict(e) for e in events], default=str, ensure_ascii=False)
    assert events.count() == 2
    assert wrong not in text
    assert PASSWORD not in text


def test_a_privilege_change_rotates_the_session_key(client, sign_in, personas, settings):
    """R-ID-7: a role revoked (or granted) while signed in: the next request gets a new session
    id, and the one captured before the change is gone."""
    from yipanqi.core.actors import system
    from yipanqi.organisations.actions import role_grant_create, role_grant_revoke
    from yipanqi.organisations.choices import Role

    settings.YIPANQI_TWO_FACTOR = False
    user = personas["community_admin_a1"]
    sign_in("community_admin_a1")
    assert client.get("/").status_code == 200
    before = client.cookies["sessionid"].value
    assert client.get("/").status_code == 200
    assert client.cookies["sessionid"].value == before  # nothing changed: the same id
    area = user.role_grants.get().area
    extra = role_grant_create(user=user, role=Role.GRID_WORKER, area=area, actor=system("test"))
    assert client.get("/").status_code == 200
    after = client.cookies["sessionid"].value
    assert after != before and not SessionStore().exists(before)
    role_grant_revoke(grant=extra, actor=personas["system_admin"])
    assert client.get("/").status_code == 200
    assert client.cookies["sessionid"].value != after
