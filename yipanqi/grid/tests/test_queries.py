"""Queries per request stay constant as households and visits pile up: the phone visit list, the
coverage page and its polled figures, the visit list endpoint and coverage endpoint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from yipanqi.accounts.actions import token_issue
from yipanqi.core.actors import system
from yipanqi.grid import actions
from yipanqi.grid.tests import factories
from yipanqi.people import actions as people_actions

PAGES = [
    ("grid_worker_a1", "/grid/campaigns/{sweep}/visits/"),
    ("community_admin_a1", "/grid/campaigns/{sweep}/visits/"),
    ("district_admin", "/grid/coverage/?campaign={sweep}"),
    ("district_admin", "/grid/coverage/figures/?campaign={sweep}"),
    ("grid_worker_a1", "/grid/coverage/?campaign={sweep}"),
    ("district_admin", "/api/v1/grid/campaigns/{sweep}/visits/"),
    ("district_admin", "/api/v1/grid/campaigns/{sweep}/coverage/"),
]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _pile_up(world):
    """More households in every grid, a second sweep over all of them, some visits; returns it."""
    for i, grid in enumerate(world.district.grids[:6]):
        for room in range(3):
            people_actions.household_create(
                grid=grid, building=str(20 + i), unit_no="1单元", room=f"{301 + room}",
                actor=system("test"),
            )  # fmt: skip
    bigger = actions.campaign_create(
        area=world.district.district, title="更大的清楼", starts_on=world.sweep.starts_on,
        ends_on=world.sweep.ends_on, questions=factories.QUESTIONS,
        actor=world.personas["district_admin"],
    )  # fmt: skip
    worker = world.personas["grid_worker_a1"]
    for index in range(4):
        actions.visit_record(
            target=world.target(bigger, index=index), outcome="refused", actor=worker
        )
    return bigger


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_queries_are_constant(client, world, django_assert_max_num_queries, persona, url):
    client.force_login(world.personas[persona])
    client.get(url.format(sweep=world.sweep.pk))  # warm caches (content types, session)
    few = _queries(client, url.format(sweep=world.sweep.pk))

    bigger = _pile_up(world)
    assert bigger.targets.count() > 2 * world.sweep.targets.count()

    with django_assert_max_num_queries(few):
        client.get(url.format(sweep=bigger.pk))


def test_the_visit_list_takes_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.personas["grid_worker_a1"])
    client.get(f"/grid/campaigns/{world.sweep.pk}/visits/")
    count = _queries(client, f"/grid/campaigns/{world.sweep.pk}/visits/")
    bigger = _pile_up(world)
    with django_assert_num_queries(count):
        client.get(f"/grid/campaigns/{bigger.pk}/visits/")


# A phone's request for the visit list: its token (with the user), the user's grants, the sweep,
# the page and its count. Bench W1 allows at most 5 per request.
VISIT_LIST_QUERIES = 5


@pytest.mark.parametrize("persona", ["district_admin", "grid_worker_a1"])
def test_the_visit_list_endpoint_takes_five_queries_whatever_its_size(
    world, django_assert_num_queries, persona
):
    user = world.personas[persona]
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user, name='phone')}")
    url = "/api/v1/grid/campaigns/{}/visits/?page_size=200"
    api.get(url.format(world.sweep.pk))  # the token's first use stamps it (one write)
    with django_assert_num_queries(VISIT_LIST_QUERIES):
        few = api.get(url.format(world.sweep.pk)).json()["results"]

    bigger = _pile_up(world)
    with django_assert_num_queries(VISIT_LIST_QUERIES):
        many = api.get(url.format(bigger.pk)).json()["results"]
    assert len(many) > len(few) > 0
