"""How long a one-time code is good for, and how often (R-ID-8: OTP single-use with a lifetime).

The clock django-otp's TOTP device reads (`time.time()` in its model module) is set by the test,
not waited for. The codes are computed here from RFC 4226/6238 (HMAC-SHA1, dynamic truncation of
the 30-second step counter), not with django-otp's functions. The enrolment makes devices with
30-second steps and one step of tolerance either way: a code works in its own step and in the
steps just before and after (a phone clock up to 30 s off), so for at most 90 seconds, and once.
"""

import contextlib
import hashlib
import hmac
import struct
from types import SimpleNamespace
from unittest import mock

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from yipanqi.accounts import actions
from yipanqi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

STEP = 30  # seconds (RFC 6238's default, and the enrolment's)
TOLERANCE = 1  # steps either way
NOW = 1_800_000_000 + 7  # 7 seconds into step 60,000,000 (2027-01-15 08:00 UTC)


def _hotp(key: bytes, counter: int) -> str:
    """RFC 4226 section 5.3: the 6-digit code for `counter`."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


@contextlib.contextmanager
def _clock(at: float):
    """django-otp's TOTP model reads the time here; nothing else is touched."""
    with mock.patch("django_otp.plugins.otp_totp.models.time", SimpleNamespace(time=lambda: at)):
        yield


def _code(device: TOTPDevice, at: float) -> str:
    return _hotp(device.bin_key, int((at - device.t0) // STEP))


def _enrolled(user) -> TOTPDevice:
    """An authenticator confirmed ten steps before NOW (its code of that step used then)."""
    device = actions.totp_enrol_start(user=user)
    at = NOW - 10 * STEP
    with _clock(at):
        actions.totp_enrol_confirm(user=user, token=_code(device, at))
    device.refresh_from_db()
    return device


def _verify(user, token: str, at: float) -> bool:
    with _clock(at):
        return actions.two_factor_verify(user=user, token=token) is not None


def test_the_code_helper_follows_rfc_4226():
    secret = b"12345678901234567890"  # RFC 4226 appendix D
    assert [_hotp(secret, n) for n in range(4)] == ["755224", "287082", "359152", "969429"]


def test_the_enrolment_makes_30_second_steps_with_one_step_of_tolerance(personas):
    device = _enrolled(personas["community_admin_a1"])

    assert (device.step, device.tolerance, device.t0, device.digits) == (STEP, TOLERANCE, 0, 6)
    assert device.last_t == (NOW - 10 * STEP) // STEP  # the enrolment's code is used up


@pytest.mark.parametrize("steps", [-3, -2, -1, 0, 1, 2, 3])
def test_a_code_is_accepted_only_within_one_step_of_now(personas, steps):
    """R-ID-8 (d): the code of the current step and of each adjacent step (clock drift) is
    accepted; a code two or more steps away (60 s or more) is refused, and the refusal audited."""
    admin = personas["community_admin_a1"]
    device = _enrolled(admin)

    accepted = _verify(admin, _code(device, NOW + steps * STEP), NOW)

    assert accepted == (abs(steps) <= TOLERANCE)
    outcome = "accounts.two_factor.verified" if accepted else "accounts.two_factor.failed"
    assert AuditEvent.objects.filter(action=outcome, target_id=str(admin.pk)).count() == 1


@pytest.mark.parametrize(
    ("seconds_from_its_step_start", "accepted"),
    [(0, True), (2 * STEP - 1, True), (2 * STEP, False), (-STEP, True), (-STEP - 1, False)],
)
def test_a_codes_lifetime_ends_with_the_step_after_its_own(
    personas, seconds_from_its_step_start, accepted
):
    """A code shown at NOW still works at the last second of the next step, not one second
    later; and one from a phone up to a step ahead works, not further ahead."""
    admin = personas["community_admin_a1"]
    device = _enrolled(admin)
    start = NOW - NOW % STEP  # the first second of the code's own step

    assert _verify(admin, _code(device, NOW), start + seconds_from_its_step_start) == accepted


def test_a_used_code_is_refused_and_so_are_older_ones(personas):
    """Replay: the code just used is refused within its lifetime, and so is the previous step's
    (still within the tolerance), while the next step's still works. The throttle django-otp
    raises after each failure is cleared between tries, so only the replay rule refuses."""
    admin = personas["community_admin_a1"]
    device = _enrolled(admin)
    current, previous, following = (_code(device, NOW + k * STEP) for k in (0, -1, 1))

    assert _verify(admin, current, NOW)
    assert not _verify(admin, current, NOW + 5)
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()
    assert not _verify(admin, previous, NOW + 10)
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()
    assert _verify(admin, following, NOW + 15)
    assert not _verify(admin, following, NOW + 20)

    failed = AuditEvent.objects.filter(action="accounts.two_factor.failed", target_id=str(admin.pk))
    assert failed.count() == 3
