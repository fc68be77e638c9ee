"""The dashboards' cost and numbers: a page's queries do not grow with the number of child nodes
(the children are compared with grouped queries), a figure on the page equals an independent
query of the records, and the big screen answers a second request within the TTL from the cache
without reading any app's table."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.orders.models import OrderRating, ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.organisations import actions
from yipanqi.organisations.choices import AreaKind
from yipanqi.reports.figures import SOURCES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(district):
    cache.clear()
    return build_orders_world(district, with_orders=True)


def _grow(district, towns: int) -> None:
    """More towns, each with two communities and a grid (the many-children case)."""
    root = district.district
    for t in range(3, 3 + towns):
        town = actions.area_create(parent=root, name=f"新镇{t}", code=f"{root.code}0{t:02d}000",
                                   kind=AreaKind.TOWN, actor=system("test"))  # fmt: skip
        for c in (1, 2):
            community = actions.area_create(parent=town, name=f"新镇{t}社区{c}",
                                            code=f"{town.code[:-3]}00{c}",
                                            kind=AreaKind.COMMUNITY, actor=system("test"))  # fmt: skip
            actions.area_create(parent=community, name=f"{community.name}网格",
                                code=f"{community.code}001", kind=AreaKind.GRID,
                                actor=system("test"))  # fmt: skip


def _count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["/reports/dashboards/{}/", "/reports/dashboards/screen/{}/"])
def test_queries_do_not_grow_with_children(client_as, world, django_assert_num_queries, page):
    client = client_as("district_admin")
    url = page.format(world.district.district.code)
    few = _count(client, url)
    _grow(world.district, 10)
    cache.clear()
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_town_page_queries_do_not_grow_with_communities(
    client_as, world, django_assert_num_queries
):
    client = client_as("district_admin")
    town = world.district.towns[0]
    url = f"/reports/dashboards/{town.code}/"
    few = _count(client, url)
    for c in range(3, 15):
        actions.area_create(parent=town, name=f"加社区{c}", code=f"{town.code[:-3]}0{c:02d}",
                            kind=AreaKind.COMMUNITY, actor=system("test"))  # fmt: skip
    cache.clear()
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_figures_on_the_page_equal_independent_queries(client_as, world):
    d = world.district
    year = timezone.localdate().year
    response = client_as("district_admin").get(f"/reports/dashboards/{d.district.code}/")
    placed = ServiceOrder.objects.filter(placed_at__year=year)
    expected = placed.filter(scope_path__startswith=d.district.path).count()
    assert expected > 0
    html = response.content.decode()
    shown = re.search(r'data-figure="orders">([\d,]+)<', html).group(1)
    assert int(shown.replace(",", "")) == expected
    rows = {c["name"]: c for c in response.context["children"]}
    for town in d.towns:
        under = placed.filter(scope_path__startswith=town.path)
        assert rows[town.name]["orders"] == under.count()
        overdue = under.filter(overdue=True).exclude(status__in=("closed", "cancelled", "declined"))
        assert rows[town.name]["overdue_open"] == overdue.count()
    scores = list(OrderRating.objects.values_list("score", flat=True))
    town_a = rows[d.towns[0].name]
    assert town_a["satisfaction"] == (round(sum(scores) / len(scores), 2) if scores else None)


def test_clicking_a_child_opens_its_dashboard(client_as, world):
    """Each child chart carries the children's dashboard URLs, in the categories' order."""
    d = world.district
    response = client_as("district_admin").get(f"/reports/dashboards/{d.district.code}/")
    charts = [c for c in response.context["charts"] if c["urls"]]
    assert charts
    for chart in charts:
        assert chart["categories"] == [t.name for t in d.towns]
        assert chart["urls"] == [f"/reports/dashboards/{t.code}/" for t in d.towns]


def _app_tables() -> set[str]:
    labels = {module.split(".")[1] for module in SOURCES}
    return {m._meta.db_table for m in apps.get_models() if m._meta.app_label in labels}


def test_screen_reads_the_cache_within_the_ttl(client_as, world):
    client = client_as("district_admin")
    url = f"/reports/dashboards/screen/{world.district.district.code}/data/"
    cache.clear()
    first = client.get(url).json()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).json()
    assert second == first
    tables = _app_tables() - {"organisations_area", "organisations_rolegrant"}
    touched = [q["sql"] for q in queries if any(f'"{t}"' in q["sql"] for t in tables)]
    assert touched == []
    # another reader of the same node shares the computation
    other = client_as("district_admin")
    with CaptureQueriesContext(connection) as queries:
        other.get(f"/reports/dashboards/screen/{world.district.district.code}/")
    assert not [q for q in queries if '"orders_serviceorder"' in q["sql"]]


def test_needs_attention_in_red_with_a_link(client_as, world):
    ServiceOrder.objects.filter(pk=world.orders["placed"].pk).update(overdue=True)
    response = client_as("district_admin").get(
        f"/reports/dashboards/{world.district.district.code}/"
    )
    html = response.content.decode()
    assert re.search(r'class="dash-attention text-danger fw-bold" href="/orders/\?overdue=1"', html)


def test_the_feed_names_no_one(client_as, world):
    data = (
        client_as("district_admin")
        .get(f"/reports/dashboards/screen/{world.district.district.code}/data/")
        .json()
    )
    assert data["feed"]
    text = str(data["feed"])
    for name in ("李秀英", "王建国", "张三", "修水管", "resident_a1"):
        assert name not in text
    assert set(data["feed"][0]) == {"when", "what", "place"}
