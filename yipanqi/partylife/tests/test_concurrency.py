"""One open transfer per member under load (PostgreSQL): twenty simultaneous requests for the
same member give one transfer and nineteen clean 409 `transfer_open`, no 5xx. The member row lock
serialises them; the partial unique index is tested on its own."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connections, transaction
from rest_framework.test import APIClient

from yipanqi.partylife.choices import OPEN_TRANSFER
from yipanqi.partylife.models import Transfer

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_requests_for_one_member_give_one_transfer(postgres, world):
    member = world.members["self"]
    users = [world.personas["party_member_a1"]] * 10 + [world.personas["secretary_a1"]] * 10
    barrier = threading.Barrier(len(users))
    target = world.branches["b1"].pk

    def attempt(user):
        try:
            client = APIClient(raise_request_exception=False)
            client.force_authenticate(user)
            body = {"member": member.pk, "to_org": target, "reason": "同时申请"}
            barrier.wait(timeout=60)
            response = client.post("/api/v1/partylife/transfers/", body, format="json")
            return response.status_code, response.json().get("code", "")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        results = list(pool.map(attempt, users))
    assert sorted(s for s, _c in results).count(201) == 1, results
    assert [c for s, c in results if s != 201] == ["transfer_open"] * 19
    assert Transfer.objects.filter(member=member, status__in=OPEN_TRANSFER).count() == 1


def test_the_index_refuses_a_second_open_transfer_written_past_the_actions(postgres, world):
    first = world.transfers["a1"]
    copy = Transfer.objects.get(pk=first.pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    copy.status = "withdrawn"
    copy.save()  # a closed one beside the open one is allowed
