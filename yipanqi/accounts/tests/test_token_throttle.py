"""Token sign-ins are rate-limited per client address before any password is hashed (R-ID-5):
beyond the rate an address gets 429 `throttled` without a hash, another address is unaffected,
and the deployed settings carry the limit (tests raise it, see config/settings/test.py)."""

import importlib
from unittest import mock

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployed_rate(settings):
    settings.YIPANQI_TOKEN_RATE = "3/min"
    cache.clear()
    yield
    cache.clear()


def test_beyond_the_rate_an_address_is_refused_before_hashing(
    deployed_rate, obtain_token, personas
):
    assert obtain_token("nobody", "wrong", ip="10.1.1.1").status_code == 401
    assert obtain_token("no_one", "wrong", ip="10.1.1.1").status_code == 401
    assert obtain_token("community_admin_a1", ip="10.1.1.1").status_code == 200  # the 3rd: in rate
    with (
        mock.patch("django.contrib.auth.hashers.check_password") as hashed,
        mock.patch("yipanqi.accounts.models.User.check_password") as checked,
    ):
        refused = obtain_token("community_admin_a1", ip="10.1.1.1")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert "Retry-After" in refused.headers
    assert not hashed.called and not checked.called
    assert obtain_token("community_admin_a1", ip="10.1.1.2").status_code == 200  # another address


def test_the_deployed_settings_limit_token_sign_ins(monkeypatch):
    monkeypatch.delenv("YIPANQI_TOKEN_RATE", raising=False)
    base = importlib.import_module("config.settings.base")
    assert importlib.reload(base).YIPANQI_TOKEN_RATE == "30/min"
