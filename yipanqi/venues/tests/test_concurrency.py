"""No double booking under load (PostgreSQL): 50 people ask for the same slot of an
auto-approving venue at once → exactly one booking, 49 clean 409 `booking_overlap`, no 5xx. Each
thread has its own API client and database connection; a barrier releases them together. The
venue row lock serialises them; the exclusion constraint (migration 0002) is tested on its own.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connections, transaction
from rest_framework.test import APIClient

from yipanqi.accounts.actions import user_create
from yipanqi.core.actors import system
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import Role
from yipanqi.venues.booker import booker_options
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import Booking
from yipanqi.venues.tests.factories import book, local

pytestmark = pytest.mark.django_db(transaction=True)


def _bookers(world, n: int) -> list:
    """n community administrators of A1 (each books for the community)."""
    users = []
    for i in range(n):
        user = user_create(username=f"booker{i}", password="Booker#2021x", actor=None,
                           validate=False)  # fmt: skip
        org_actions.role_grant_create(user=user, role=Role.COMMUNITY_ADMIN,
                                      area=world.district.communities[0], actor=system("test"))  # fmt: skip
        users.append(user)
    return users


def test_fifty_requests_for_one_slot_give_one_booking(postgres, world):
    venue = world.venues["unit"]  # auto-approved: a free slot is held at once
    users = _bookers(world, 50)
    barrier = threading.Barrier(len(users))

    def attempt(user):
        try:
            client = APIClient(raise_request_exception=False)
            client.force_authenticate(user)
            body = {
                "booker": booker_options(user=user)[0].key,
                "starts_at": local(3, 10).isoformat(),
                "ends_at": local(3, 12).isoformat(),
                "purpose": "同一时段",
                "headcount": 5,
            }
            barrier.wait(timeout=60)
            response = client.post(f"/api/v1/venues/{venue.pk}/bookings/", body, format="json")
            return response.status_code, response.json().get("code", "")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        results = list(pool.map(attempt, users))

    statuses = sorted(s for s, _c in results)
    assert statuses.count(201) == 1, results
    assert [c for s, c in results if s != 201] == ["booking_overlap"] * 49
    assert not [s for s in statuses if s >= 500]
    held = Booking.objects.filter(venue=venue, status=BookingStatus.APPROVED)
    assert held.count() == 1


def test_the_exclusion_constraint_refuses_an_overlap_written_past_the_actions(postgres, world):
    first = book(world, "unit", "liaison_a1", start=10, end=12)
    copy = Booking.objects.get(pk=first.pk)
    copy.pk, copy.starts_at = None, local(3, 11)
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()  # overlaps an approved booking: the database refuses it
    copy.pk, copy.starts_at, copy.ends_at = None, local(3, 12), local(3, 13)
    copy.save()  # touching the end: allowed
    copy.pk, copy.status, copy.starts_at = None, BookingStatus.REQUESTED, local(3, 10)
    copy.save()  # a request may overlap: only held bookings are exclusive


def test_a_constraint_refusal_is_the_same_409(postgres, world, monkeypatch):
    """Should the locked check ever be passed (a writer outside the actions' lock order), the
    constraint's refusal still answers 409 `booking_overlap`, never a 500."""
    from yipanqi.core.errors import Conflict
    from yipanqi.venues.actions import bookings

    book(world, "unit", "liaison_a1", start=10, end=12)
    monkeypatch.setattr(bookings, "check_free", lambda *args, **kwargs: None)
    with pytest.raises(Conflict) as refused:
        book(world, "unit", "community_admin_a1", start=11, end=13)
    assert refused.value.code == "booking_overlap"
