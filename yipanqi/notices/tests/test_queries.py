"""Queries per request stay constant as notices and receipts pile up: the lists, the notice page
with its board, the board alone, the inbox, one's receipt, and the receipt endpoints."""

from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from yipanqi.notices import actions
from yipanqi.notices.tests.factories import TEST, notice

PAGES = [
    ("community_admin_a1", "/notices/sent/"),
    ("community_admin_a1", "/notices/{call}/"),
    ("community_admin_a1", "/notices/{call}/board/"),
    ("member_x0", "/notices/"),
    ("member_x0", "/notices/r/{receipt}/"),
    ("district_admin", "/api/v1/notices/"),
    ("community_admin_a1", "/api/v1/notices/{call}/board/"),
    ("community_admin_a1", "/api/v1/notices/{call}/pending/"),
    ("member_x0", "/api/v1/notices/inbox/"),
    ("member_x0", "/api/v1/notices/inbox/{receipt}/"),
]


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code in (200, 201, 204), response.content[:300]
    return len(queries)


def _pile_up(world) -> None:
    """Five more notices to A1 sent and partly answered, and more people reading the call."""
    a1 = world.district.communities[0]
    for i in range(5):
        sent = actions.notice_send(
            notice=notice(world, a1, {"kind": "area", "ids": [a1.pk]}, kind="survey",
                          options=["是", "否"], title=f"征询{i}"), actor=TEST,
        )  # fmt: skip
        for receipt in sent.recipients.filter(user__isnull=False).select_related("notice"):
            actions.reply_submit(recipient=receipt, option=i % 2, actor=TEST)
    for name in ("member_x2", "member_x3", "resident_a1"):
        actions.reply_submit(recipient=world.receipt("a1_call", name), option=0, actor=TEST)


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_queries_are_constant(world, django_assert_num_queries, persona, url):
    client = APIClient()
    client.force_login(world.personas[persona])
    target = url.format(call=world.notices["a1_call"].pk,
                        receipt=world.receipt("a1_call", "member_x0").pk)  # fmt: skip
    client.get(target)  # warm caches (content types, session)
    few = _count(lambda: client.get(target))
    _pile_up(world)
    with django_assert_num_queries(few):  # exactly as many: the same queries, whatever the size
        client.get(target)


def test_the_receipt_endpoints_take_constant_queries(world):
    """Reading and replying cost the same whatever the notice's size: a survey to A1 (6 people),
    then, with more notices and replies about, one to the whole district (16 people)."""
    district = world.district.district
    client = APIClient()
    client.force_login(world.personas["member_x0"])
    client.get("/api/v1/notices/inbox/")  # warm caches (content types, session)
    counts = []
    for area in (world.district.communities[0], district):
        survey = actions.notice_send(
            notice=notice(world, area, {"kind": "area", "ids": [area.pk]}, kind="survey",
                          options=["是", "否"]), actor=TEST,
        )  # fmt: skip
        receipt = survey.recipients.get(user=world.personas["member_x0"])
        base = f"/api/v1/notices/inbox/{receipt.pk}"
        read = _count(partial(client.post, f"{base}/read/"))
        reply = _count(partial(client.post, f"{base}/reply/", {"option": 1}, format="json"))
        counts.append((read, reply, survey.recipients_total))
        _pile_up(world)
    assert counts[0][:2] == counts[1][:2] and counts[0][2] < counts[1][2]
