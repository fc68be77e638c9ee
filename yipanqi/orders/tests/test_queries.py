"""Queries per request stay constant as orders pile up (issue 4): the dispatch board, the order list
page, the list endpoint, and the resident's and member's own lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

MORE = ("placed", "accepted", "dispatched_members", "dispatched_open", "taken", "done", "closed")

PAGES = [
    ("community_admin_a1", "/orders/board/", {}),
    ("community_admin_a1", "/orders/board/", {"tab": "progress"}),
    ("community_admin_a1", "/orders/", {}),
    ("town_admin_a", "/orders/", {"status": "taken"}),
    ("district_admin", "/orders/overview/", {}),
    ("resident_a1", "/orders/mine/", {}),
    ("party_member_a1", "/orders/claim/", {}),
]


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(queries)


def _pile_up(world, rounds: int) -> None:
    for i in range(rounds):
        for state in MORE:
            world.order_in(state, title=f"更多 {state} {i}")


@pytest.mark.parametrize(("persona", "url", "params"), PAGES)
def test_page_queries_are_constant(
    client, shared_world, django_assert_max_num_queries, persona, url, params
):
    client.force_login(shared_world.personas[persona])
    client.get(url, params)  # warm caches (content types, session)
    few = _queries(client, url, params)

    _pile_up(shared_world, 4)  # 28 more orders, in every state, more than a page of them

    with django_assert_max_num_queries(few):
        client.get(url, params)


@pytest.mark.parametrize(
    ("persona", "params"),
    [("community_admin_a1", {}), ("resident_a1", {}), ("district_admin", {"status": "placed"})],
)
def test_list_endpoint_queries_are_constant(
    shared_world, django_assert_max_num_queries, persona, params
):
    api = APIClient()
    api.force_authenticate(shared_world.personas[persona])
    api.get("/api/v1/orders/", params)
    few = _queries(api, "/api/v1/orders/", params)

    _pile_up(shared_world, 4)

    with django_assert_max_num_queries(few):
        response = api.get("/api/v1/orders/", params)
    assert response.json()["count"] > 0
