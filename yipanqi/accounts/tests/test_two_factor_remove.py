"""Replacing or removing one's own authenticator needs the password again (R-ID-8): a session left
open cannot take the account's second factor away. Removal ends every session and token and is
audited; a wrong password changes nothing and is audited as refused."""

import pytest
from django.contrib.sessions.models import Session
from django_otp.plugins.otp_totp.models import TOTPDevice

from yipanqi.accounts import actions
from yipanqi.accounts.models import RecoveryCode
from yipanqi.accounts.tests.test_two_factor import SETUP, _code, _enrol
from yipanqi.core.errors import Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
REMOVE = "/accounts/2fa/remove/"


@pytest.fixture
def admin(personas):
    user = personas["community_admin_a1"]
    _enrol(user)
    return user


def _verified(client, user):
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_a_wrong_password_removes_nothing_and_is_audited(admin, client):
    page = _verified(client, admin).post(REMOVE, {"password": "not-my-password"})
    assert page.status_code == 200 and "密码不正确" in page.content.decode()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1
    assert RecoveryCode.objects.filter(user=admin).count() == 10
    refused = AuditEvent.objects.filter(action="accounts.two_factor.remove_refused")
    assert [e.actor_id for e in refused] == [admin.pk]


def test_the_password_removes_it_ends_every_session_and_is_audited(admin, client, settings):
    settings.YIPANQI_TWO_FACTOR = True
    _verified(client, admin)
    assert Session.objects.count() == 1
    done = client.post(REMOVE, {"password": PASSWORD})
    assert done.status_code == 302 and done.url == "/accounts/login/"
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert not RecoveryCode.objects.filter(user=admin).exists()
    assert Session.objects.count() == 0
    event = AuditEvent.objects.get(action="accounts.two_factor.removed")
    assert event.actor_id == admin.pk and event.data["devices_removed"] == 1
    client.force_login(admin)  # signing in again leads to a new set-up
    assert client.get("/people/").url.startswith(SETUP)


def test_a_new_phone_needs_the_password_but_the_first_one_does_not(admin, personas, client):
    with pytest.raises(Invalid) as refused:
        actions.totp_enrol_start(user=admin)
    assert refused.value.code == "bad_password"
    assert not TOTPDevice.objects.filter(user=admin, confirmed=False).exists()
    page = _verified(client, admin).post(SETUP, {"start": "1", "password": "wrong"})
    assert "密码不正确" in page.content.decode()
    assert AuditEvent.objects.filter(action="accounts.two_factor.replace_refused").count() == 2
    client.post(SETUP, {"start": "1", "password": PASSWORD})
    new = TOTPDevice.objects.get(user=admin, confirmed=False)
    client.post(SETUP, {"token": _code(new)})
    assert TOTPDevice.objects.get(user=admin, confirmed=True).pk == new.pk
    actions.totp_enrol_start(user=personas["community_admin_a2"])  # no authenticator yet


def test_the_profile_offers_removal_only_with_an_authenticator(admin, personas, client):
    assert REMOVE in _verified(client, admin).get("/accounts/me/").content.decode()
    client.force_login(personas["community_admin_a2"])
    assert REMOVE not in client.get("/accounts/me/").content.decode()
    assert client.get(REMOVE).url == "/accounts/me/"
