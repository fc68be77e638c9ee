"""R-ID-4, the rest of it: the lock holds through its 30-minute cool-off and lifts after it; a
security administrator can lift one earlier, with a reason, in the audit trail; and a username
guessed from many addresses (each under its own limit) is slowed down."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from yipanqi.accounts import actions, selectors
from yipanqi.accounts.policies import ip_failure_limit, username_slowdown
from yipanqi.accounts.tests.conftest import normalised
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.models import AuditEvent

WRONG = "Wrong#Passw0rd-2021"
LIMIT = settings.AXES_FAILURE_LIMIT
URL = "/accounts/lockouts/"


def _lock(sign_in, username: str = "community_admin_a1", ip: str = "127.0.0.1") -> None:
    for _ in range(LIMIT):
        sign_in(username, WRONG, ip=ip)
    assert sign_in(username, ip=ip).status_code == 429


def _age(minutes: int) -> None:
    """As if the last failure was `minutes` ago (axes compares its time with now - cool-off)."""
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=minutes)
    )


def test_the_cool_off_is_thirty_minutes():
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=30)


def test_the_lock_holds_at_29_minutes(sign_in, personas):
    _lock(sign_in)
    _age(29)
    assert sign_in("community_admin_a1").status_code == 429


def test_the_lock_lifts_after_31_minutes(sign_in, personas):
    _lock(sign_in)
    _age(31)
    assert sign_in("community_admin_a1").status_code == 302


def _page(personas, who: str = "security_admin") -> Client:
    client = Client()
    client.force_login(personas[who])
    return client


def test_the_security_admin_lifts_a_lock_with_a_reason(sign_in, personas):
    _lock(sign_in)
    page = _page(personas)
    listed = page.get(URL)
    assert listed.status_code == 200 and "community_admin_a1" in listed.content.decode()
    data = {"ip_address": "127.0.0.1", "username": "community_admin_a1", "reason": "本人电话核实"}
    assert page.post(URL, data).status_code == 302
    event = AuditEvent.objects.get(action="accounts.lockout.cleared")
    assert event.actor == personas["security_admin"] and event.target_id == str(
        personas["community_admin_a1"].pk
    )
    assert event.data == {**data, "failures": LIMIT}  # a refused attempt counts no failure
    assert sign_in("community_admin_a1").status_code == 302
    assert "community_admin_a1" not in page.get(URL).content.decode()


def test_lifting_needs_a_reason_and_a_lock(sign_in, personas):
    _lock(sign_in)
    page = _page(personas)
    blank = page.post(
        URL, {"ip_address": "127.0.0.1", "username": "community_admin_a1", "reason": " "}
    )
    assert blank.status_code == 200 and AccessAttempt.objects.exists()
    with pytest.raises(Invalid) as refused:
        actions.lockout_clear(
            ip_address="10.0.0.9", username="x", reason="核实", actor=personas["security_admin"]
        )
    assert refused.value.code == "not_locked"
    assert not AuditEvent.objects.filter(action="accounts.lockout.cleared").exists()


@pytest.mark.parametrize(
    "who", ["system_admin", "audit_admin", "district_admin", "community_admin_a1"]
)
def test_only_the_security_admin_sees_and_lifts_locks(sign_in, personas, who):
    _lock(sign_in, "grid_worker_a1")
    page = _page(personas, who)
    assert page.get(URL).status_code == 403
    data = {"ip_address": "127.0.0.1", "username": "grid_worker_a1", "reason": "核实"}
    assert page.post(URL, data).status_code == 403
    with pytest.raises(Forbidden):
        actions.lockout_clear(**data, actor=personas[who])
    assert AccessAttempt.objects.exists()


def test_an_address_lock_is_listed_and_lifted_for_every_username(sign_in, personas):
    spread = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    for n in range(ip_failure_limit()):
        sign_in(f"nobody_{spread[n % len(spread)]}", WRONG, ip="10.1.1.1")
    locks = [lock for lock in selectors.lockouts() if lock["ip_address"] == "10.1.1.1"]
    assert [lock["username"] for lock in locks if not lock["username"]] == [""]
    actions.lockout_clear(
        ip_address="10.1.1.1", username="", reason="误报", actor=personas["security_admin"]
    )
    assert not AccessAttempt.objects.filter(ip_address="10.1.1.1").exists()
    assert sign_in("community_admin_a1", ip="10.1.1.1").status_code == 302


def _spread_failures(sign_in, username: str, count: int) -> None:
    """`count` failures of one username, two per address: each address stays under its limits."""
    for n in range(count):
        sign_in(username, WRONG, ip=f"10.2.0.{n // 2 + 1}")


def test_a_username_guessed_from_many_addresses_is_slowed_down(sign_in, personas):
    after, seconds = username_slowdown()
    _spread_failures(sign_in, "community_admin_a1", after)
    refused = sign_in("community_admin_a1", ip="10.3.0.1")
    assert refused.status_code == 429 and "请稍候一分钟" in refused.content.decode()
    counted = AccessAttempt.objects.filter(username="community_admin_a1")
    assert sum(counted.values_list("failures_since_start", flat=True)) == after  # refused unheard
    counted.update(attempt_time=timezone.now() - timedelta(seconds=seconds + 1))
    assert sign_in("community_admin_a1", ip="10.3.0.1").status_code == 302


def test_below_the_count_a_username_is_not_slowed(sign_in, personas):
    after, _seconds = username_slowdown()
    _spread_failures(sign_in, "community_admin_a1", after - 1)
    assert sign_in("community_admin_a1", ip="10.3.0.1").status_code == 302


def test_the_slowdown_answers_the_same_for_a_username_that_does_not_exist(sign_in, personas):
    after, _seconds = username_slowdown()
    answers = []
    for username in ("community_admin_a1", "nobody_at_all"):
        _spread_failures(sign_in, username, after)
        response = sign_in(username, ip="10.3.0.9")
        answers.append((response.status_code, normalised(response, username)))
    assert answers[0] == answers[1] and answers[0][0] == 429
