"""One password check at a time per client address (R-ID-5, W7, decision 031): a burst of guesses
sent at once is not hashed on every core together before the lockout has seen any of them."""

import threading
from unittest import mock

import pytest
from axes.models import AccessAttempt

from yipanqi.accounts.backends import address_slot
from yipanqi.accounts.models import User
from yipanqi.core.models import AuditEvent

WRONG = "Wrong#Passw0rd-2021"
ADDRESS = "10.4.4.4"


class _Request:
    def __init__(self, address: str) -> None:
        self.axes_ip_address = address


@pytest.fixture
def checking_elsewhere():
    """Another request from ADDRESS is checking its password right now (held until the end)."""
    with address_slot(_Request(ADDRESS)) as free:
        assert free
        yield


@pytest.mark.parametrize("channel", ["sign_in", "obtain_token"])
def test_a_second_check_from_a_busy_address_is_refused_unheard(
    request, personas, checking_elsewhere, channel
):
    post = request.getfixturevalue(channel)
    with mock.patch.object(User, "check_password") as check:
        response = post("community_admin_a1", ip=ADDRESS)

    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    check.assert_not_called()
    assert not AccessAttempt.objects.exists()  # not a failure: the password was never heard
    assert not AuditEvent.objects.filter(action="accounts.login.failed").exists()


def test_the_api_names_the_refusal(obtain_token, personas, checking_elsewhere):
    body = obtain_token("community_admin_a1", ip=ADDRESS).json()

    assert body["code"] == "try_again"


def test_the_page_says_so_in_chinese_and_offers_the_form_again(
    sign_in, personas, checking_elsewhere
):
    page = sign_in("community_admin_a1", ip=ADDRESS).content.decode()

    assert "正在核验" in page
    assert 'name="password"' in page
    assert 'value="community_admin_a1"' in page  # the username kept: press once more


def test_another_address_is_not_held(sign_in, personas, checking_elsewhere):
    assert sign_in("community_admin_a1", ip="10.4.4.5").status_code == 302


def test_the_address_is_free_again_after_its_check(sign_in, personas):
    assert sign_in("community_admin_a1", WRONG, ip=ADDRESS).status_code == 200
    assert sign_in("community_admin_a1", ip=ADDRESS).status_code == 302


def test_the_slot_is_given_back_when_the_check_fails_with_an_error(sign_in, personas):
    with mock.patch.object(User, "check_password", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError):
            sign_in("community_admin_a1", ip=ADDRESS)

    assert sign_in("community_admin_a1", ip=ADDRESS).status_code == 302


def test_two_threads_of_one_address_get_one_slot():
    entered, release, seen = threading.Event(), threading.Event(), []

    def hold():
        with address_slot(_Request(ADDRESS)) as free:
            seen.append(free)
            entered.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    entered.wait(5)
    with address_slot(_Request(ADDRESS)) as second, address_slot(_Request("10.4.4.5")) as other:
        seen += [second, other]
    release.set()
    holder.join()

    assert seen == [True, False, True]
