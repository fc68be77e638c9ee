"""Queries per request stay constant as assignments and logs pile up: the officer's page, a
target's page with its log, the board, the list endpoints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from yipanqi.officers import actions
from yipanqi.officers.tests.factories import TEST, a_week_ago

PAGES = [
    ("officer_a", "/officers/"),
    ("officer_a", "/officers/{a}/"),
    ("district_admin", "/officers/board/"),
    ("district_admin", "/api/v1/officers/"),
    ("district_admin", "/api/v1/officers/board/"),
    ("officer_a", "/api/v1/officers/{a}/logs/"),
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _pile_up(world) -> None:
    a1, a2 = world.district.communities[:2]
    officer = world.personas["officer_a"]
    for area in (a2, a1):
        extra = actions.assignment_create(officer=officer, role=world.role("community"), area=area,
                                          starts_on=a_week_ago(), actor=TEST)  # fmt: skip
        for issue in ("", "问题", ""):
            actions.worklog_record(assignment=extra, kind="visit", occurred_on=a_week_ago(),
                                   summary="走访", issue=issue, actor=officer)  # fmt: skip
    for _ in range(3):
        actions.worklog_record(assignment=world.assignments["a1_guide"], kind="service",
                               occurred_on=a_week_ago(), summary="服务", actor=officer)  # fmt: skip


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_queries_are_constant(world, django_assert_max_num_queries, persona, url):
    client = APIClient()
    client.force_login(world.personas[persona])
    target = url.format(a=world.assignments["a1_guide"].pk)
    client.get(target)  # warm caches
    few = _count(client, target)
    _pile_up(world)
    with django_assert_max_num_queries(few):
        client.get(target)
