"""An attacker's flood of guesses while locked (W7, R-ID-5): each refusal is cheap. It changes no
attempt row and writes an audit row at most about once a minute per username and address, so the
flood neither takes the audit chain's lock 50 times a second nor fills the trail."""

import datetime
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from yipanqi.core.models import AuditEvent

WRONG = "Wrong#Passw0rd-2021"
LIMIT = settings.AXES_FAILURE_LIMIT
LOCKED_OUT = "accounts.login.locked_out"


def _lockout_events(**data):
    events = AuditEvent.objects.filter(action=LOCKED_OUT)
    return [
        e.data for e in events.order_by("id") if all(e.data.get(k) == v for k, v in data.items())
    ]


@pytest.mark.parametrize("channel", ["sign_in", "obtain_token"])
def test_refusals_while_locked_are_audited_once_a_minute(request, personas, channel):
    post = request.getfixturevalue(channel)
    for _ in range(LIMIT):
        post("community_admin_a1", WRONG, ip="10.0.0.7")

    statuses = {post("community_admin_a1", WRONG, ip="10.0.0.7").status_code for _ in range(6)}
    other_address = post("community_admin_a1", WRONG, ip="10.0.0.8")  # not locked there

    assert statuses == {429}
    assert other_address.status_code in (200, 401)
    assert _lockout_events() == [{}, {"refused": True}]  # the lock, then one refusal

    later = timezone.now() + datetime.timedelta(seconds=61)
    with mock.patch.object(timezone, "now", return_value=later):
        assert post("community_admin_a1", WRONG, ip="10.0.0.7").status_code == 429
    assert _lockout_events(refused=True) == [{"refused": True}] * 2


def test_refusals_while_the_ip_is_locked_are_coalesced_per_username(obtain_token, personas):
    from yipanqi.accounts import policies

    for n in range(policies.ip_failure_limit()):
        obtain_token(f"sprayed_{n}", WRONG, ip="10.9.9.9")

    for _ in range(5):
        for name in ("community_admin_a1", "nobody_at_all"):
            assert obtain_token(name, WRONG, ip="10.9.9.9").status_code == 429

    events = AuditEvent.objects.filter(action=LOCKED_OUT, data__refused=True)
    assert sorted(events.values_list("actor_username", flat=True)) == [
        "community_admin_a1",
        "nobody_at_all",
    ]


def test_an_attempt_while_locked_leaves_the_attempt_row_alone(sign_in, personas):
    """The lock ends the cool-off after the failure that set it: guessing on does not extend it
    (nor append each request to the row, which every guess would lock and rewrite)."""
    for _ in range(LIMIT):
        sign_in("community_admin_a1", WRONG)
    before = AccessAttempt.objects.values().get()

    for _ in range(3):
        assert sign_in("community_admin_a1", WRONG).status_code == 429

    assert AccessAttempt.objects.values().get() == before
    after_cool_off = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    with mock.patch("axes.handlers.proxy.now", return_value=after_cool_off):  # axes' clock
        assert sign_in("community_admin_a1").status_code == 302
