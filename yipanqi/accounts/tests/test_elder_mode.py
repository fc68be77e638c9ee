"""长辈模式 (elder mode): a preference of the user, changed through an audited action, by a POST
switch in the header and on the account page that goes back to the page it came from."""

import pytest
from django.urls import reverse

from yipanqi.accounts.actions import user_set_elder_mode
from yipanqi.core.errors import Forbidden
from yipanqi.core.models import AuditEvent

SWITCH = reverse("accounts:elder_mode")
CODE = "accounts.user.elder_mode_changed"


def _events(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=CODE, target_id=str(user.pk)).order_by("id"))


@pytest.mark.django_db
class TestAction:
    def test_switching_on_and_off_is_audited_with_before_and_after(self, personas):
        user = personas["resident_a1"]
        user_set_elder_mode(user=user, on=True, actor=user)
        user_set_elder_mode(user=user, on=False, actor=user)
        user.refresh_from_db()
        assert user.elder_mode is False
        events = _events(user)
        assert [e.changes for e in events] == [
            {"elder_mode": [False, True]},
            {"elder_mode": [True, False]},
        ]
        assert {e.actor_id for e in events} == {user.pk}

    def test_asking_for_the_mode_already_set_records_nothing(self, personas):
        user = personas["resident_a1"]
        user_set_elder_mode(user=user, on=True, actor=user)
        user_set_elder_mode(user=user, on=True, actor=user)
        assert len(_events(user)) == 1

    def test_nobody_else_may_switch_it(self, personas):
        user, admin = personas["resident_a1"], personas["system_admin"]
        with pytest.raises(Forbidden):
            user_set_elder_mode(user=user, on=True, actor=admin)
        user.refresh_from_db()
        assert user.elder_mode is False
        assert _events(user) == []


@pytest.mark.django_db
class TestSwitch:
    def test_a_post_switches_it_and_goes_back_to_the_page(self, client_as, personas):
        client = client_as("resident_a1")
        response = client.post(SWITCH, {"on": "1", "next": "/orders/mine/?page=2"})
        assert response.status_code == 302
        assert response["Location"] == "/orders/mine/?page=2"
        personas["resident_a1"].refresh_from_db()
        assert personas["resident_a1"].elder_mode is True
        client.post(SWITCH, {"on": "0", "next": "/"})
        personas["resident_a1"].refresh_from_db()
        assert personas["resident_a1"].elder_mode is False

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
    def test_a_next_off_this_site_goes_home(self, client_as, target):
        response = client_as("resident_a1").post(SWITCH, {"on": "1", "next": target})
        assert response["Location"] == reverse("home")

    def test_get_changes_nothing(self, client_as, personas):
        response = client_as("resident_a1").get(SWITCH, {"on": "1"})
        assert response.status_code == 405
        personas["resident_a1"].refresh_from_db()
        assert personas["resident_a1"].elder_mode is False

    def test_signed_out_users_are_sent_to_sign_in(self, client):
        response = client.post(SWITCH, {"on": "1"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert not AuditEvent.objects.filter(action=CODE).exists()


@pytest.mark.django_db
class TestPages:
    def test_the_header_offers_the_switch_back_to_this_page(self, client_as):
        page = client_as("grid_worker_a1").get("/accounts/me/?tab=1").content.decode()
        assert f'action="{SWITCH}"' in page
        assert 'name="next" value="/accounts/me/?tab=1"' in page
        assert 'name="on" value="1"' in page
        assert 'class="elder"' not in page
        assert "css/elder.css" not in page

    def test_in_elder_mode_every_page_carries_the_class_and_the_stylesheet(
        self, client_as, personas
    ):
        user = personas["grid_worker_a1"]
        user_set_elder_mode(user=user, on=True, actor=user)
        client = client_as("grid_worker_a1")
        for url in ("/", "/accounts/me/", "/orders/new/"):
            page = client.get(url).content.decode()
            assert '<html lang="zh-hans" class="elder">' in page, url
            assert "css/elder.css" in page, url
            assert 'name="on" value="0"' in page, url  # the switch now turns it off

    def test_the_account_page_has_the_switch_too(self, client_as):
        page = client_as("resident_a1").get("/accounts/me/").content.decode()
        assert page.count(f'action="{SWITCH}"') == 2  # header and account page
        assert 'id="display-title"' in page
