"""R-PI-7, deletion end to end (PIPL art. 47): a resident asks for their information to be
deleted; once the community answers "done", their closed orders lose their words and the link to
them at once (as retention would years later), their consents end and their account is closed
with its sessions and tokens; orders still in progress are left for the service and counted; a
refused request changes nothing."""

import pytest
from rest_framework.test import APIClient

from yipanqi.accounts.actions import token_issue
from yipanqi.core.models import AuditEvent
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.privacy import actions
from yipanqi.privacy.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(district):
    world = build_orders_world(district)
    world.closed = world.order_in("closed")
    world.open = world.order_in("accepted")
    world.resident = district.personas["resident_a1"]
    return world


def _ask_and_answer(world, *, done: bool):
    request = actions.request_submit(kind="delete", details="请删除我的信息", actor=world.resident)
    admin = world.personas["community_admin_a1"]
    answer = "已删除，户籍登记依法保留" if done else "依法需保留"
    return actions.request_answer(request=request, done=done, answer=answer, actor=admin)


def test_a_done_deletion_anonymises_closes_and_ends_consent(world, client):
    token = token_issue(user=world.resident, name="phone")
    client.force_login(world.resident)
    _ask_and_answer(world, done=True)

    closed = ServiceOrder.objects.get(pk=world.closed.pk)
    assert closed.resident is None and closed.description == "" and closed.status == "closed"
    still = ServiceOrder.objects.get(pk=world.open.pk)
    assert still.resident == world.open.resident and still.description == world.open.description
    assert not Consent.objects.filter(user=world.resident, withdrawn_at=None).exists()
    world.resident.refresh_from_db()
    assert not world.resident.is_active
    assert client.get("/privacy/me/").status_code == 302  # the session ended with the account
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/orders/").status_code == 401

    event = AuditEvent.objects.get(action="privacy.request.erased")
    counts = event.data["orders.closed_orders"]
    assert counts["anonymised"] >= 1 and counts["still_open"] >= 1
    assert AuditEvent.objects.filter(action="core.retention.erased").exists()


def test_a_refused_deletion_changes_nothing(world):
    _ask_and_answer(world, done=False)
    closed = ServiceOrder.objects.get(pk=world.closed.pk)
    assert closed.resident == world.closed.resident and closed.description
    world.resident.refresh_from_db()
    assert world.resident.is_active
    assert Consent.objects.filter(user=world.resident, withdrawn_at=None).exists()
    assert not AuditEvent.objects.filter(action="privacy.request.erased").exists()
