"""The home page: each persona's own work with counts (core.home and the apps' home cards).

A persona × card matrix, counts compared with independent counts over the area tree, a fixed
number of queries whatever the data size, no writes on GET, and an accessible page.
"""

import re

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yipanqi.grid.choices import CampaignStatus
from yipanqi.grid.models import Target
from yipanqi.grid.tests.factories import build_grid_world
from yipanqi.orders.choices import OPEN_STATES, OrderStatus
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.people.models import Participation

ADMIN_WORK = [
    "orders-admin",
    "people-admin",
    "grid-admin",
    "deliberation-admin",
    "venues",
    "centres-admin",
    "partylife-admin",
    "socialorgs",
    "funding",
]
ADMIN_FIGURES = [
    "orders-figures",
    "people-figures",
    "grid-figures",
    "deliberation-figures",
    "venues-figures",
    "centres-figures",
    "notices-figures",
    "partylife-figures",
    "socialorgs-figures",
    "duties-figures",
]
MATRIX = {
    "district_admin": (ADMIN_WORK, ADMIN_FIGURES),
    "town_admin_a": (ADMIN_WORK, ADMIN_FIGURES),
    "community_admin_a1": (ADMIN_WORK, ADMIN_FIGURES),
    "grid_worker_a1": (["grid-worker", "orders-mine", "venues"], []),
    "party_member_a1": (
        ["orders-member", "orders-mine", "venues", "partylife-member"],
        ["people-member"],
    ),
    "resident_a1": (["orders-mine", "venues"], []),
    "unit_liaison_a1": (["orders-organisation", "venues"], []),
    "social_org_staff_a1": (["orders-organisation", "venues"], []),
    "security_admin": (["organisations-grants"], []),
    "audit_admin": (["core-access"], []),
    "auditor_a": (["core-access"], []),
    "system_admin": ([], []),
    "no_role": ([], []),
}
PAGE_PERSONAS = [
    "district_admin",
    "community_admin_a1",
    "grid_worker_a1",
    "party_member_a1",
    "resident_a1",
    "unit_liaison_a1",
    "security_admin",
    "audit_admin",
]


@pytest.fixture
def world(district):
    orders = build_orders_world(district, with_orders=True)
    grid = build_grid_world(district)
    # Work outside A1: an order and an incident in community B1, which A1's people must not count.
    orders.place(by="community_admin_b1", resident=None, grid=district.grids[4])
    grid.report(by="grid_worker_b1", grid=4)
    grid.report(by="grid_worker_a1", grid=0)
    return orders, grid


def _home(client, user, **params):
    client.force_login(user)
    return client.get(reverse("home"), params)


def _cards(response) -> dict[str, dict]:
    entries = response.context["work"] + response.context["figures"]
    return {e["key"]: e["card"] for e in entries}


def _todo(card: dict, label: str) -> int:
    return next(t["count"] for t in card["todos"] if str(t["label"]) == label)


@pytest.mark.parametrize("persona", MATRIX)
def test_each_persona_sees_its_own_cards(persona, world, client):
    response = _home(client, world[0].personas[persona])
    work, figures = MATRIX[persona]
    assert [e["key"] for e in response.context["work"]] == work
    assert [e["key"] for e in response.context["figures"]] == figures


def test_the_admin_counts_stay_in_the_admins_area(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    orders, _grid = world
    district = orders.district
    for persona, area in [
        ("community_admin_a1", district.communities[0]),
        ("community_admin_b1", district.communities[2]),
        ("district_admin", district.district),
    ]:
        card = _cards(_home(client, orders.personas[persona]))["orders-admin"]
        under = ServiceOrder.objects.filter(scope_path__startswith=area.path)
        assert _todo(card, "waiting for acceptance") == under.filter(status="placed").count()
        assert _todo(card, "waiting for dispatch") == under.filter(status="accepted").count()
    b1 = _cards(_home(client, orders.personas["community_admin_b1"]))["orders-admin"]
    assert _todo(b1, "waiting for acceptance") == 1  # only B1's own order, none of A1's


def test_residents_and_members_count_only_their_own_orders(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    orders, _grid = world
    resident = orders.personas["resident_a1"]
    mine = ServiceOrder.objects.filter(Q(placed_by=resident) | Q(resident__user=resident))
    card = _cards(_home(client, resident))["orders-mine"]
    assert _todo(card, "open") == mine.filter(status__in=OPEN_STATES).count() > 0
    assert _todo(card, "waiting for your rating") == mine.filter(status="done").count() == 1

    member = orders.personas["party_member_a1"]
    card = _cards(_home(client, member))["orders-member"]
    held = ServiceOrder.objects.filter(taker_user=member, status=OrderStatus.TAKEN).count()
    assert _todo(card, "you hold, to complete") == held == 1
    # dispatched to them by name, and open for claiming in their grid
    assert _todo(card, "you can take") == 2
    service = _cards(_home(client, member))["people-member"]
    own = Participation.objects.filter(
        registration__member__person__user=member, occurred_on__year=timezone.localdate().year
    )
    totals = own.aggregate(n=Count("pk"), hours=Sum("hours"))
    assert [f["value"] for f in service["figures"]] == [totals["n"], totals["hours"]]
    assert totals["n"] == 2  # the done and the closed order


def test_the_grid_worker_counts_households_of_their_grid(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    orders, grid = world
    worker = orders.personas["grid_worker_a1"]
    card = _cards(_home(client, worker))["grid-worker"]
    open_targets = Target.objects.filter(campaign__status=CampaignStatus.OPEN, outcome="")
    for campaign in (grid.sweep, grid.local):
        expected = open_targets.filter(
            Q(scope_path__startswith=orders.district.grids[0].path) | Q(assignee=worker),
            campaign=campaign,
        ).count()
        assert _todo(card, f"households to visit: {campaign.title}") == expected > 0
    assert _todo(card, "incidents waiting for acceptance") == 1  # B1's is not theirs


def test_organisations_see_orders_sent_to_them(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    orders, _grid = world
    card = _cards(_home(client, orders.personas["unit_liaison_a1"]))["orders-organisation"]
    assert _todo(card, "sent to your organisation") == 1  # dispatched_unit; taken_unit is taken
    assert _todo(card, "taken by you, to complete") == 1


def test_counts_link_to_the_page_filtered_to_them(world, client):
    orders, _grid = world
    client.force_login(orders.personas["community_admin_a1"])
    card = _cards(client.get(reverse("home")))["orders-admin"]
    for todo in card["todos"]:
        page = client.get(todo["url"])
        assert page.status_code == 200
        assert page.context["page_obj"].paginator.count == todo["count"]


def _add_more(orders, grid) -> None:
    for state in ("placed", "accepted", "dispatched_open", "taken", "done", "closed"):
        orders.order_in(state, title=f"更多 {state}")
    orders.place(by="community_admin_b1", resident=None, grid=orders.district.grids[5])
    for _n in range(3):
        grid.report(by="grid_worker_a1", grid=0)


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_the_page_costs_the_same_queries_whatever_the_data(
    persona, world, client, django_assert_num_queries
):
    orders, grid = world
    user = orders.personas[persona]
    client.force_login(user)
    client.get(reverse("home"))  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("home")).status_code == 200
    writes = [
        q["sql"] for q in first.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])
    ]
    assert writes == []  # no page writes on GET
    _add_more(orders, grid)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


def test_the_page_is_accessible_and_names_what_each_count_is(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    orders, _grid = world
    html = _home(client, orders.personas["community_admin_a1"]).content.decode()
    assert html.count("<h1") == 1 and 'id="main"' in html
    assert '<section class="mb-4" aria-labelledby="home-work">' in html
    assert '<h2 class="h5" id="home-work">' in html
    assert 'aria-labelledby="card-orders-admin"' in html and 'id="card-orders-admin"' in html
    # each link says how many and what: the count and its label are both inside the link
    assert re.search(
        r'<a class="todo[^"]*" href="/orders/\?status=placed"><span class="todo-count">\d+</span>'
        r'<span class="todo-label">waiting for acceptance</span></a>',
        html,
    )


def test_overdue_work_shows_in_red(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    orders, _grid = world
    ServiceOrder.objects.filter(pk=orders.orders["placed"].pk).update(overdue=True)
    html = _home(client, orders.personas["community_admin_a1"]).content.decode()
    assert 'class="todo todo-alert" href="/orders/?overdue=true"' in html


def test_the_figures_year_can_be_chosen_and_is_checked(world, client):
    orders, _grid = world
    admin = orders.personas["community_admin_a1"]
    response = _home(client, admin, year="2021")
    assert response.context["year"] == 2021
    assert 'href="?year=2022"' in response.content.decode()
    assert _home(client, admin, year="1999").status_code == 400
    assert _home(client, admin, year="3000").status_code == 400
