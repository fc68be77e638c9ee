"""Receipts under load (PostgreSQL): 50 identical replies of one person at once leave one reply
and one audit event; 30 members answering a call with 10 places at once get exactly 10 places
and 20 waitlisted. Each thread has its own API client and database connection; a barrier
releases them together. The notice's row lock serialises the places, the receipt's the reply."""

import pytest
from rest_framework.test import APIClient

from yipanqi.accounts.actions import user_create
from yipanqi.core.models import AuditEvent
from yipanqi.core.testing import together
from yipanqi.notices import actions
from yipanqi.notices.models import NoticeRecipient
from yipanqi.notices.tests.factories import TEST, notice
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _post(user, url: str, body: dict):
    def call():
        client = APIClient()
        client.force_authenticate(user)
        return client.post(url, body, format="json").status_code

    return call


def test_fifty_identical_replies_leave_one(postgres, world):
    user = world.personas["member_x0"]
    receipt = world.receipt("a1_call", "member_x0")
    url = f"/api/v1/notices/inbox/{receipt.pk}/reply/"
    statuses = together([_post(user, url, {"option": 1}) for _ in range(50)])
    assert statuses == [200] * 50
    assert NoticeRecipient.objects.filter(notice=receipt.notice, user=user).count() == 1
    assert AuditEvent.objects.filter(action="notices.recipient.replied").count() == 1


def test_capped_places_are_never_overbooked(postgres, world):
    town = world.district.towns[0]
    users = []
    for i in range(30):
        user = user_create(username=f"vol{i}", password="Volunteer#2021x", actor=None,
                           validate=False)  # fmt: skip
        org_actions.role_grant_create(user=user, role=Role.GRID_WORKER,
                                      area=world.district.grids[i % 2], actor=TEST)  # fmt: skip
        users.append(user)
    call = actions.notice_send(
        notice=notice(world, town, {"kind": "role", "ids": ["grid_worker"]}, kind="volunteers",
                      places=10), actor=TEST,
    )  # fmt: skip
    posts = []
    for user in users:
        receipt = NoticeRecipient.objects.get(notice=call, user=user)
        posts.append(_post(user, f"/api/v1/notices/inbox/{receipt.pk}/reply/", {"option": 0}))
    assert together(posts) == [200] * 30
    places = NoticeRecipient.objects.filter(notice=call, user__in=users)
    assert places.filter(place="accepted").count() == 10
    assert places.filter(place="waitlisted").count() == 20
