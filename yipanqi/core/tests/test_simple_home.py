"""The simple home of elder mode (长辈模式): a resident gets a few big buttons (place an order, my
orders, inbox, find my grid worker); everyone else keeps the cards. And 找网格员: the resident's
grid workers by name and grid, or their community's when none serves their grid."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yipanqi.accounts.actions import user_set_elder_mode
from yipanqi.accounts.models import User
from yipanqi.core.actors import system
from yipanqi.core.notify import notify
from yipanqi.organisations import selectors
from yipanqi.organisations.actions import role_grant_create
from yipanqi.organisations.choices import Role

BIG_BUTTONS = ["orders:new", "orders:mine", "core:inbox", "organisations:grid_contacts"]
CONTACTS = reverse("organisations:grid_contacts")


def _elder(user) -> None:
    user_set_elder_mode(user=user, on=True, actor=user)


def _big_buttons(page: str) -> list[str]:
    return [
        name for name in BIG_BUTTONS if f'class="simple-home-link" href="{reverse(name)}"' in page
    ]


def _grid_worker(user, grid) -> None:
    role_grant_create(user=user, role=Role.GRID_WORKER, area=grid, actor=system("test"))


def _named(user, name: str) -> None:
    User.objects.filter(pk=user.pk).update(display_name=name)  # test data: the demo names them


@pytest.mark.django_db
class TestSimpleHome:
    def test_a_resident_in_elder_mode_gets_the_big_buttons(self, client_as, personas):
        _elder(personas["resident_a1"])
        notify([personas["resident_a1"]], title="Your order was accepted")
        page = client_as("resident_a1").get("/").content.decode()
        assert _big_buttons(page) == BIG_BUTTONS
        assert "home-card" not in page
        assert "simple-home-count" in page  # the unread notice shows on the inbox button

    def test_out_of_elder_mode_the_resident_keeps_the_cards(self, client_as):
        page = client_as("resident_a1").get("/").content.decode()
        assert _big_buttons(page) == []
        assert "home-card" in page

    @pytest.mark.parametrize("name", ["grid_worker_a1", "party_member_a1", "community_admin_a1"])
    def test_other_roles_keep_their_cards_in_elder_mode(self, client_as, personas, name):
        _elder(personas[name])
        page = client_as(name).get("/").content.decode()
        assert _big_buttons(page) == []
        assert "home-card" in page


@pytest.mark.django_db
class TestGridContacts:
    def test_with_no_worker_on_the_grid_the_community_workers_are_named(self, district, personas):
        _named(personas["grid_worker_a1"], "毛立雅")
        (home,) = selectors.grid_contacts(user=personas["resident_a1"])
        assert home["grid"] == district.grids[1]
        assert home["nearby"] is True
        assert home["workers"] == [{"name": "毛立雅", "area": district.grids[0].name}]

    def test_a_worker_of_the_grid_itself_comes_alone(self, district, personas):
        resident, worker = personas["resident_a1"], personas["party_member_a1"]
        _grid_worker(worker, district.grids[1])
        _named(worker, "吴静")
        (home,) = selectors.grid_contacts(user=resident)
        assert home["nearby"] is False
        assert home["workers"] == [{"name": "吴静", "area": district.grids[1].name}]

    def test_workers_of_other_communities_never_show(self, district, personas):
        _grid_worker(personas["no_role"], district.grids[4])  # community B1
        (home,) = selectors.grid_contacts(user=personas["resident_a1"])
        assert [w["area"] for w in home["workers"]] == [district.grids[0].name]

    def test_a_fixed_number_of_queries_whatever_the_number_of_workers(self, district, personas):
        resident = personas["resident_a1"]
        with CaptureQueriesContext(connection) as few:
            selectors.grid_contacts(user=resident)
        _grid_worker(personas["no_role"], district.grids[0])
        _grid_worker(personas["party_member_a1"], district.grids[0])
        with CaptureQueriesContext(connection) as more:
            (home,) = selectors.grid_contacts(user=resident)
        assert len(home["workers"]) == 3
        assert len(more) == len(few) == 2  # the resident's own grants, then the workers

    def test_the_page_names_the_grid_and_offers_to_place_an_order(self, client_as, district):
        page = client_as("resident_a1").get(CONTACTS).content.decode()
        assert district.grids[1].name in page
        assert district.grids[0].name in page
        assert f'href="{reverse("orders:new")}"' in page

    def test_someone_who_lives_in_no_grid_is_told_whom_to_ask(self, client_as):
        response = client_as("community_admin_a1").get(CONTACTS)
        assert response.status_code == 200
        assert response.context["grids"] == []
        assert f'href="{reverse("orders:new")}"' not in response.content.decode()
