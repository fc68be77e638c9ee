"""List pages cost the same number of queries whatever the number of rows: each page is counted
on the factory world, then again after six more meetings with attendance and payments."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yipanqi.partylife import actions
from yipanqi.partylife.tests.factories import SYS, hold, plan

pytestmark = pytest.mark.django_db


def _pages(world) -> list[str]:
    branch = world.branches["a1"].pk
    meeting = world.meetings["a1_confirmed"].pk
    return [
        "/partylife/",
        f"/partylife/branches/{branch}/meetings/",
        f"/partylife/branches/{branch}/dues/?year=2021",
        "/partylife/transfers/",
        "/partylife/compliance/?year=2021",
        f"/partylife/meetings/{meeting}/",
        "/partylife/me/statement/?year=2021",
    ]


def _counts(client, urls) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts.append(len(queries))
    return counts


def test_list_pages_are_constant(world, django_assert_num_queries):
    client = Client()
    client.force_login(world.personas["secretary_a1"])
    urls = _pages(world)
    before = _counts(client, urls)
    for n in range(6):
        hold(plan(world, "a1", day=datetime.date(2021, 2 + n, 8)))
        actions.dues_pay(member=world.members["self"], month=datetime.date(2021, 2 + n, 1),
                         actor=SYS)  # fmt: skip
    for url, budget in zip(urls, before, strict=True):
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200, url
