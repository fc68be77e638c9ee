"""Keyset pagination (core.api.pagination): every row once and in the list's order across pages,
ties included; no OFFSET and no COUNT after the first page; a capped count on the first; a bad
cursor is a clear 400; lists that cannot be keyed page by offset with the same answer shape."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from yipanqi.core.api import pagination
from yipanqi.core.api.pagination import Pagination, decode, encode
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.tests.conftest import shared_orders  # noqa: F401 - the orders world, per module

URL = "/api/v1/orders/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(shared_orders):  # noqa: F811
    client = APIClient()
    client.force_authenticate(shared_orders.personas["district_admin"])
    return client


@pytest.fixture
def tied(shared_orders):  # noqa: F811
    """Half the orders placed at one instant, the rest a microsecond apart: ties and near-ties."""
    moment = timezone.now().replace(microsecond=500_000)
    for n, pk in enumerate(ServiceOrder.objects.order_by("pk").values_list("pk", flat=True)):
        when = moment if n % 2 else moment + datetime.timedelta(microseconds=n)
        ServiceOrder.objects.filter(pk=pk).update(placed_at=when)
    return list(ServiceOrder.objects.order_by("-placed_at", "-id").values_list("pk", flat=True))


def _walk(client, url: str) -> tuple[list[int], list[dict]]:
    ids, bodies, next_url = [], [], url
    while next_url:
        body = client.get(next_url).json()
        bodies.append(body)
        ids.extend(row["id"] for row in body["results"])
        next_url = body["next"]
    return ids, bodies


@pytest.mark.parametrize("size", [1, 2, 5])
def test_pages_give_every_row_once_in_the_lists_order(admin_api, tied, size):
    ids, bodies = _walk(admin_api, f"{URL}?page_size={size}")
    assert ids == tied and len(tied) >= 10
    assert len(bodies) == -(-len(tied) // size)


def test_later_pages_read_no_rows_before_them_and_count_nothing(admin_api, tied):
    first = admin_api.get(URL, {"page_size": 3}).json()
    assert (first["count"], first["count_exact"]) == (len(tied), True)
    with CaptureQueriesContext(connection) as queries:
        second = admin_api.get(first["next"]).json()
    sql = " ".join(q["sql"].upper() for q in queries)
    assert "OFFSET" not in sql and "COUNT(" not in sql
    assert (second["count"], second["count_exact"]) == (None, None)
    assert [r["id"] for r in second["results"]] == tied[3:6]


def test_the_first_pages_count_stops_at_the_cap(admin_api, tied, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 4)
    body = admin_api.get(URL, {"page_size": 2}).json()
    assert (body["count"], body["count_exact"]) == (4, False)
    monkeypatch.setattr(pagination, "COUNT_CAP", len(tied))
    body = admin_api.get(URL, {"page_size": 2}).json()
    assert (body["count"], body["count_exact"]) == (len(tied), True)


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        encode({"k": ["2021-01-01T00:00:00+00:00"]}),  # another list's key (one field, not two)
        encode({"k": ["yesterday", 5]}),  # not a time
        encode({"k": [{"a": 1}, 5]}),
        encode({"o": -1}),
        encode({"o": "3"}),
        encode({"x": 1}),
    ],
)
def test_a_bad_cursor_is_a_clear_400(admin_api, tied, cursor):
    response = admin_api.get(URL, {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "bad_cursor" and "cursor" in body["message"]


def test_a_bad_page_size_is_the_default_and_a_big_one_the_maximum(admin_api, tied):
    assert len(admin_api.get(URL, {"page_size": "abc"}).json()["results"]) == len(tied)
    for given, size in (("abc", 20), ("0", 20), ("-3", 20), ("100000", 200), ("7", 7)):
        request = Request(APIRequestFactory().get(URL, {"page_size": given}))
        assert Pagination()._size(request) == size


def test_a_list_that_cannot_be_keyed_pages_by_offset():
    rows = list(range(7))
    paginator, request = Pagination(), Request(APIRequestFactory().get(URL, {"page_size": 3}))
    seen = []
    while True:
        seen += paginator.paginate_queryset(rows, request)
        body = paginator.get_paginated_response([]).data
        if not body["next"]:
            break
        cursor = parse_qs(urlsplit(body["next"]).query)["cursor"][0]
        assert decode(cursor) == {"o": len(seen)}
        request = Request(APIRequestFactory().get(URL, {"page_size": 3, "cursor": cursor}))
    assert seen == rows


def test_keys_keep_microseconds():
    moment = datetime.datetime(2021, 5, 1, 8, 0, 0, 123456, tzinfo=datetime.UTC)
    assert decode(encode({"k": [moment, 7]}))["k"] == ["2021-05-01T08:00:00.123456+00:00", 7]


# --- the HTML pages: page numbers over a capped count ----------------------------------------


def test_a_page_list_counts_only_up_to_the_cap(tied, monkeypatch, rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    from yipanqi.core import pages

    monkeypatch.setattr(pages, "COUNT_CAP", 5)
    rows = ServiceOrder.objects.order_by("-placed_at", "-id")
    with CaptureQueriesContext(connection) as queries:
        page = pages.paginate(rf.get("/", {"page": "2"}), rows, 2)
        assert [o.pk for o in page] == tied[2:4]
    counting = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1 and "LIMIT 6" in counting[0].upper()
    paginator = page.paginator
    assert (paginator.count, paginator.count_exact, paginator.pages_label) == (5, False, "3+")
    with translation.override("zh-hans"):
        html = render_to_string("includes/_pagination.html", {"page_obj": page, "query": ""})
    assert "第 2 页，共 3+ 页" in html and "请缩小筛选范围" in html
    monkeypatch.setattr(pages, "COUNT_CAP", 100)
    exact = pages.paginate(rf.get("/"), rows, 5).paginator
    assert (exact.count, exact.count_exact, exact.pages_label) == (len(tied), True, "3")
