"""Lockout after repeated failures per username + IP, and per IP across usernames (password
spraying), checked before any hashing (R-ID-4, R-ID-5)."""

from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from yipanqi.accounts import policies
from yipanqi.accounts.models import User
from yipanqi.accounts.tests.conftest import normalised
from yipanqi.core.actions import policy_set
from yipanqi.core.models import AuditEvent

WRONG = "Wrong#Passw0rd-2021"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def no_attempts_left_over(db):
    # Axes keeps its counters in its own table; each test starts (and rolls back) clean.
    assert not AccessAttempt.objects.exists()


def _fail(post, username: str, times: int = LIMIT, ip: str = "127.0.0.1"):
    return [post(username, WRONG, ip=ip) for _ in range(times)]


def test_the_limit_is_five():
    assert LIMIT == 5


def test_failures_below_the_limit_do_not_lock(sign_in, personas):
    _fail(sign_in, "community_admin_a1", LIMIT - 1)

    assert sign_in("community_admin_a1").status_code == 302


def test_the_failure_that_reaches_the_limit_is_answered_locked(sign_in, personas):
    responses = _fail(sign_in, "community_admin_a1")

    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]


def test_locked_page_refuses_the_right_password(sign_in, personas):
    _fail(sign_in, "community_admin_a1")

    response = sign_in("community_admin_a1")

    assert response.status_code == 429
    assert response.context["locked"] is True
    assert "_auth_user_id" not in response.wsgi_request.session


def test_locked_token_api_refuses_the_right_password(obtain_token, personas):
    _fail(obtain_token, "community_admin_a1")

    response = obtain_token("community_admin_a1")

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()


def test_page_failures_lock_the_token_api_too(sign_in, obtain_token, personas):
    _fail(sign_in, "community_admin_a1")

    assert obtain_token("community_admin_a1").status_code == 429


def test_locked_response_does_not_reveal_whether_the_user_exists(sign_in, personas):
    _fail(sign_in, "community_admin_a1")
    _fail(sign_in, "nobody_at_all")

    known = sign_in("community_admin_a1")
    unknown = sign_in("nobody_at_all")

    assert known.status_code == unknown.status_code == 429
    assert normalised(known) == normalised(unknown)


def test_locked_token_response_does_not_reveal_whether_the_user_exists(obtain_token, personas):
    _fail(obtain_token, "community_admin_a1")
    _fail(obtain_token, "nobody_at_all")

    assert obtain_token("community_admin_a1").json() == obtain_token("nobody_at_all").json()


@pytest.mark.parametrize("channel", ["sign_in", "obtain_token"])
def test_no_password_is_hashed_while_locked(request, personas, channel):
    # given: a locked username + IP
    post = request.getfixturevalue(channel)
    _fail(post, "community_admin_a1")

    # when: the right password is tried, with every hashing path watched
    with (
        mock.patch.object(User, "check_password") as check,
        mock.patch.object(User, "set_password") as make,
        mock.patch("django.contrib.auth.hashers.check_password") as hashers_check,
    ):
        response = post("community_admin_a1")

    # then
    assert response.status_code == 429
    check.assert_not_called()
    make.assert_not_called()
    hashers_check.assert_not_called()


def test_another_ip_is_not_locked(sign_in, obtain_token, personas):
    _fail(sign_in, "community_admin_a1", ip="10.0.0.1")

    assert sign_in("community_admin_a1", ip="10.0.0.2").status_code == 302
    assert obtain_token("community_admin_a1", ip="10.0.0.2").status_code == 200


def test_another_user_from_the_same_ip_is_not_locked(sign_in, personas):
    _fail(sign_in, "community_admin_a1")

    assert sign_in("community_admin_a2").status_code == 302


def test_success_resets_the_failure_count(sign_in, personas):
    _fail(sign_in, "community_admin_a1", LIMIT - 1)
    sign_in("community_admin_a1")

    _fail(sign_in, "community_admin_a1", LIMIT - 1)

    assert sign_in("community_admin_a1").status_code == 302


def test_token_success_resets_the_failure_count(obtain_token, personas):
    _fail(obtain_token, "community_admin_a1", LIMIT - 1)
    obtain_token("community_admin_a1")

    _fail(obtain_token, "community_admin_a1", LIMIT - 1)

    assert obtain_token("community_admin_a1").status_code == 200


def test_reaching_the_limit_writes_one_lockout_event(sign_in, personas):
    _fail(sign_in, "community_admin_a1", ip="10.0.0.7")

    (event,) = AuditEvent.objects.filter(action="accounts.login.locked_out")
    assert event.actor_username == "community_admin_a1"
    assert event.ip == "10.0.0.7"
    assert AuditEvent.objects.filter(action="accounts.login.failed").count() == LIMIT


@pytest.mark.parametrize("channel", ["sign_in", "obtain_token"])
def test_an_attempt_while_locked_is_audited_as_a_lockout_only(request, personas, channel):
    post = request.getfixturevalue(channel)
    _fail(post, "community_admin_a1")
    before_failed = AuditEvent.objects.filter(action="accounts.login.failed").count()

    post("community_admin_a1")

    assert AuditEvent.objects.filter(action="accounts.login.locked_out").count() == 2
    assert AuditEvent.objects.filter(action="accounts.login.failed").count() == before_failed


def test_lockout_events_do_not_contain_the_password(sign_in, personas):
    _fail(sign_in, "community_admin_a1")
    sign_in("community_admin_a1")

    for event in AuditEvent.objects.filter(action__startswith="accounts.login."):
        stored = f"{event.changes} {event.data} {event.target_repr} {event.actor_username}"
        assert WRONG not in stored


# --- per IP across usernames (password spraying) -------------------------------------------------

IP_LIMIT = policies.IP_FAILURE_LIMIT.default


def _spray(post, times: int = IP_LIMIT, ip: str = "10.9.9.9"):
    """One wrong password for each of `times` different usernames (none reaches its own limit)."""
    return [post(f"sprayed_{n}", WRONG, ip=ip) for n in range(times)]


def test_the_ip_limit_is_twenty_by_default():
    assert IP_LIMIT == 20


def test_failures_over_many_usernames_lock_the_ip(sign_in, personas):
    responses = _spray(sign_in)

    assert [r.status_code for r in responses] == [200] * (IP_LIMIT - 1) + [429]
    assert sign_in("community_admin_a1", ip="10.9.9.9").status_code == 429


def test_a_sprayed_ip_is_locked_on_the_token_api_too(sign_in, obtain_token, personas):
    _spray(sign_in)

    response = obtain_token("community_admin_a1", ip="10.9.9.9")

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_failures_below_the_ip_limit_do_not_lock(sign_in, personas):
    _spray(sign_in, IP_LIMIT - 1)

    assert sign_in("community_admin_a1", ip="10.9.9.9").status_code == 302


def test_another_ip_is_not_locked_by_a_sprayed_one(sign_in, obtain_token, personas):
    _spray(sign_in, ip="10.9.9.9")

    assert sign_in("community_admin_a1", ip="10.9.9.10").status_code == 302
    assert obtain_token("community_admin_a2", ip="10.9.9.10").status_code == 200


@pytest.mark.parametrize("channel", ["sign_in", "obtain_token"])
def test_no_password_is_hashed_while_the_ip_is_locked(request, personas, channel):
    # given: an IP locked by failures over many usernames
    post = request.getfixturevalue(channel)
    _spray(post)

    # when: a real user's right password is tried from it
    with (
        mock.patch.object(User, "check_password") as check,
        mock.patch.object(User, "set_password") as make,
        mock.patch("django.contrib.auth.hashers.check_password") as hashers_check,
        mock.patch("django.contrib.auth.hashers.make_password") as hashers_make,
    ):
        response = post("community_admin_a1", ip="10.9.9.9")

    # then
    assert response.status_code == 429
    check.assert_not_called()
    make.assert_not_called()
    hashers_check.assert_not_called()
    hashers_make.assert_not_called()


def test_the_ip_locked_response_does_not_reveal_whether_the_user_exists(sign_in, personas):
    _spray(sign_in)

    known = sign_in("community_admin_a1", ip="10.9.9.9")
    unknown = sign_in("nobody_at_all", ip="10.9.9.9")

    assert known.status_code == unknown.status_code == 429
    assert normalised(known, "community_admin_a1") == normalised(unknown, "nobody_at_all")


def test_the_ip_locked_token_response_is_the_usual_locked_answer(obtain_token, personas):
    _fail(obtain_token, "community_admin_a1")
    by_user = obtain_token("community_admin_a1")
    _spray(obtain_token)
    by_ip = obtain_token("nobody_at_all", ip="10.9.9.9")

    assert by_user.status_code == by_ip.status_code == 429
    assert by_user.json() == by_ip.json()


def test_reaching_the_ip_limit_is_audited_as_a_lockout(sign_in, personas):
    _spray(sign_in)

    (event,) = AuditEvent.objects.filter(action="accounts.login.locked_out")
    assert event.actor_username == f"sprayed_{IP_LIMIT - 1}"
    assert event.ip == "10.9.9.9"
    assert event.data == {"by": "ip"}
    assert AuditEvent.objects.filter(action="accounts.login.failed").count() == IP_LIMIT


def test_an_attempt_while_the_ip_is_locked_is_audited_as_a_lockout_only(sign_in, personas):
    _spray(sign_in)
    failed = AuditEvent.objects.filter(action="accounts.login.failed").count()

    sign_in("community_admin_a1", ip="10.9.9.9")

    assert AuditEvent.objects.filter(action="accounts.login.locked_out").count() == 2
    assert AuditEvent.objects.filter(action="accounts.login.failed").count() == failed


def test_a_success_from_the_ip_does_not_reset_the_other_usernames(obtain_token, personas):
    # given: a sprayer who also knows one real password
    _spray(obtain_token, IP_LIMIT - 1)
    assert obtain_token("community_admin_a1", ip="10.9.9.9").status_code == 200

    # when: the spray goes on
    response = obtain_token("sprayed_next", WRONG, ip="10.9.9.9")

    # then
    assert response.status_code == 429


def test_the_ip_limit_follows_the_policy(sign_in, personas):
    policy_set(
        key=policies.IP_FAILURE_LIMIT.key,
        district_code=policies.PLATFORM,
        value=3,
        actor=personas["security_admin"],
    )

    responses = _spray(sign_in, 3)

    assert [r.status_code for r in responses] == [200, 200, 429]
