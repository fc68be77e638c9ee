"""Staff second factor (R-ID-8), password age (R-ID-3) and inactive accounts (R-ID-9).

With `YIPANQI_TWO_FACTOR` on (production always; here per test), a staff account whose role the
policy names reaches nothing but the enrolment and verification pages until its session is
verified; residents and party members are exempt. Codes are single-use; recovery codes are stored
hashed and work once; a security administrator can reset a lost phone; API tokens need a code.
"""

import datetime

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from yipanqi.accounts import actions, selectors
from yipanqi.accounts.models import RecoveryCode
from yipanqi.core.actors import system
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SETUP, VERIFY = "/accounts/2fa/setup/", "/accounts/2fa/verify/"


@pytest.fixture
def enforced(settings):
    settings.YIPANQI_TWO_FACTOR = True


def _code(device: TOTPDevice, steps: int = 0) -> str:
    """The code the app shows `steps` time steps from now (devices accept one step of drift)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift=steps):06d}"


def _enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = actions.totp_enrol_start(user=user)
    codes = actions.totp_enrol_confirm(user=user, token=_code(device))
    device.refresh_from_db()
    return device, codes


def test_staff_reach_only_the_second_step_until_verified(enforced, client, personas):
    admin = personas["community_admin_a1"]
    client.force_login(admin)
    response = client.get("/people/")
    assert response.status_code == 302 and response.url.startswith(SETUP)
    assert client.get("/api/v1/orders/").json()["code"] == "two_factor_required"

    client.post(SETUP, {"start": "1"})
    device = selectors.totp_device(user=admin, confirmed=False)
    page = client.get(SETUP)
    assert b"<svg" in page.content and b"otpauth" not in page.content  # the QR, drawn here
    done = client.post(SETUP, {"token": _code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(len(c) == 11 for c in codes)
    assert client.get("/people/").status_code == 200  # this session is verified now


@pytest.mark.parametrize("name", ["resident_a1", "party_member_a1"])
def test_residents_and_members_are_exempt(enforced, client, personas, name):
    client.force_login(personas[name])
    assert client.get("/").status_code == 200


def test_off_unless_enforced(client, personas):
    client.force_login(personas["community_admin_a1"])
    assert client.get("/people/").status_code == 200


def test_a_new_session_asks_for_the_code_and_a_code_works_once(enforced, client, personas):
    admin = personas["community_admin_a1"]
    device, _codes = _enrol(admin)
    assert client.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    assert client.get("/people/").url.startswith(VERIFY)
    used = _code(device, steps=1)  # the next time step: the enrolment used this one
    assert client.post(VERIFY, {"token": used, "next": "/people/"}).url == "/people/"

    other = type(client)()
    other.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    replay = other.post(VERIFY, {"token": used})
    assert replay.status_code == 200 and other.get("/people/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.two_factor.failed", target_id=admin.pk)


def test_recovery_codes_are_hashed_and_single_use(enforced, personas):
    admin = personas["community_admin_a1"]
    _device, codes = _enrol(admin)
    stored = set(RecoveryCode.objects.filter(user=admin).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not any(c.replace("-", "") in h for c in codes for h in stored)
    assert actions.two_factor_verify(user=admin, token=codes[0].lower()) is not None
    assert actions.two_factor_verify(user=admin, token=codes[0]) is None
    event = AuditEvent.objects.filter(action="accounts.two_factor.verified").last()
    assert event.data == {"method": "recovery_code"}


def test_enrolment_is_audited_with_who_what_where(enforced, client, personas):
    """R-AU-1: confirming an authenticator writes one event: actor, time, type, target, the change,
    IP and request id. A wrong code confirms nothing and writes no such event."""
    admin = personas["community_admin_a1"]
    client.force_login(admin)
    client.post(SETUP, {"start": "1"}, REMOTE_ADDR="10.0.0.7")
    device = selectors.totp_device(user=admin, confirmed=False)
    window = {_code(device, steps) for steps in (-1, 0, 1)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in window)
    client.post(SETUP, {"token": wrong}, REMOTE_ADDR="10.0.0.7")
    assert not AuditEvent.objects.filter(action="accounts.two_factor.enrolled").exists()

    client.post(SETUP, {"token": _code(device)}, REMOTE_ADDR="10.0.0.7")

    (event,) = AuditEvent.objects.filter(action="accounts.two_factor.enrolled")
    assert event.actor == admin and event.created_at is not None
    assert (event.target_type, event.target_id) == ("otp_totp.totpdevice", str(device.pk))
    assert event.changes == {"confirmed": [False, True]}
    assert event.data == {"recovery_codes": 10}
    assert event.ip == "10.0.0.7" and event.request_id
    assert selectors.totp_device(user=admin, confirmed=True) == device


def test_enrolment_refuses_a_wrong_code(enforced, personas):
    admin = personas["community_admin_a1"]
    actions.totp_enrol_start(user=admin)
    with pytest.raises(Invalid) as refused:
        actions.totp_enrol_confirm(user=admin, token="000000x")
    assert refused.value.code == "bad_otp"
    assert selectors.totp_device(user=admin, confirmed=True) is None


def test_a_security_admin_resets_a_lost_phone(enforced, client, personas):
    admin, security = personas["community_admin_a1"], personas["security_admin"]
    _enrol(admin)
    token = actions.token_issue(user=admin)
    with pytest.raises(Forbidden):
        actions.two_factor_reset(user=admin, reason="手机丢失", actor=personas["system_admin"])
    with pytest.raises(Invalid):
        actions.two_factor_reset(user=admin, reason="  ", actor=security)
    actions.two_factor_reset(user=admin, reason="手机丢失", actor=security)
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert not RecoveryCode.objects.filter(user=admin).exists()
    assert admin.api_tokens.get().revoked_at is not None and token
    event = AuditEvent.objects.get(action="accounts.two_factor.reset")
    assert event.actor == security and event.data["reason"] == "手机丢失"


def test_the_reset_page_is_the_security_admins(client, personas):
    client.force_login(personas["system_admin"])
    assert client.get("/accounts/2fa/reset/").status_code == 403
    client.force_login(personas["security_admin"])
    assert client.get("/accounts/2fa/reset/").status_code == 200
    gone = client.post("/accounts/2fa/reset/", {"username": "nobody", "reason": "x"})
    assert gone.status_code == 200 and "username" in gone.context["form"].errors
    assert not AuditEvent.objects.filter(action="accounts.two_factor.reset").exists()


def test_api_tokens_for_staff_need_a_code(enforced, personas):
    admin = personas["community_admin_a1"]
    api, url = APIClient(), "/api/v1/auth/token/"
    body = {"username": admin.username, "password": PASSWORD}
    assert api.post(url, body, format="json").json()["code"] == "two_factor_not_set_up"
    device, _codes = _enrol(admin)
    assert api.post(url, body, format="json").json()["code"] == "two_factor_required"
    ok = api.post(url, {**body, "otp": _code(device, steps=1)}, format="json")
    assert ok.status_code == 200 and ok.json()["token"]
    resident = personas["resident_a1"]
    plain = {"username": resident.username, "password": PASSWORD}
    assert api.post(url, plain, format="json").status_code == 200


def test_an_old_staff_password_must_be_changed(client, personas):
    admin, resident = personas["community_admin_a1"], personas["resident_a1"]
    old = timezone.now() - datetime.timedelta(days=91)
    type(admin).objects.filter(pk__in=[admin.pk, resident.pk]).update(password_changed_at=old)
    client.force_login(admin)
    response = client.get("/people/")
    assert response.status_code == 302 and response.url.startswith("/accounts/me/")
    assert client.get("/accounts/me/").status_code == 200
    client.force_login(resident)
    assert client.get("/").status_code == 200
    admin.refresh_from_db()
    actions.user_set_password(user=admin, password="Another#Pass2026", actor=admin)
    client.force_login(admin)
    assert client.get("/people/").status_code == 200


def test_the_periodic_job_disables_inactive_staff(personas):
    admin, resident = personas["community_admin_a1"], personas["resident_a1"]
    later = timezone.now() + datetime.timedelta(days=91)
    users = type(admin).objects
    users.filter(pk=personas["district_admin"].pk).update(last_login=later)
    disabled = actions.users_disable_inactive(actor=system("inactive accounts"), now=later)
    admin.refresh_from_db()
    resident.refresh_from_db()
    assert not admin.is_active and resident.is_active
    assert users.get(pk=personas["district_admin"].pk).is_active
    events = AuditEvent.objects.filter(action="accounts.user.deactivated")
    assert events.count() == disabled and events.filter(actor_username__startswith="system")
