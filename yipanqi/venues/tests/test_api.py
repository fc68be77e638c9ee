"""The venues API: book a slot (201), a taken slot (409 booking_overlap), a broken rule (400
with its code, in the user's language), steps one POST each, out of scope 404."""

import datetime

import pytest
from rest_framework.test import APIClient

from yipanqi.venues.booker import booker_options
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import Booking
from yipanqi.venues.tests.factories import local

pytestmark = pytest.mark.django_db


def client_for(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def body(world, persona: str, days: int = 3, start: int = 10, end: int = 11, **extra):
    key = booker_options(user=world.personas[persona])[0].key
    return {
        "booker": key,
        "starts_at": local(days, start).isoformat(),
        "ends_at": local(days, end).isoformat(),
        "purpose": "党员学习",
        "headcount": 8,
        **extra,
    }


def test_book_then_overlap_is_409_with_stable_code(world):
    venue = world.venues["unit"]
    client = client_for(world, "liaison_a1")
    first = client.post(f"/api/v1/venues/{venue.pk}/bookings/", body(world, "liaison_a1"),
                        format="json")  # fmt: skip
    assert first.status_code == 201, first.content
    assert first.json()["status"] == BookingStatus.APPROVED
    assert len(first.json()["check_in_code"]) == 6  # the booker's own code
    other = client_for(world, "community_admin_a1")
    clash = other.post(f"/api/v1/venues/{venue.pk}/bookings/",
                       body(world, "community_admin_a1", start=10, end=12), format="json")  # fmt: skip
    assert clash.status_code == 409 and clash.json()["code"] == "booking_overlap"
    touching = other.post(f"/api/v1/venues/{venue.pk}/bookings/",
                          body(world, "community_admin_a1", start=11, end=12), format="json")  # fmt: skip
    assert touching.status_code == 201
    detail = other.get(f"/api/v1/venues/bookings/{first.json()['id']}/")
    assert detail.status_code == 200 and detail.json()["check_in_code"] == ""  # not theirs


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"days": -2}, "booking_in_past"),
        ({"headcount": 500}, "over_capacity"),
        ({"start": 5, "end": 6}, "outside_open_hours"),
        ({"start": 9, "end": 18}, "too_long"),
    ],
)
def test_broken_rules_are_400_with_their_code(world, change, code):
    venue = world.venues["community"]
    extra = {k: v for k, v in change.items() if k == "headcount"}
    times = {k: v for k, v in change.items() if k != "headcount"}
    response = client_for(world, "liaison_a1").post(
        f"/api/v1/venues/{venue.pk}/bookings/", body(world, "liaison_a1", **times, **extra),
        format="json", headers={"Accept-Language": "zh-hans"},
    )  # fmt: skip
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code and response.json()["message"]
    assert not Booking.objects.exists()


def test_not_bookable_and_bad_booker(world):
    client = client_for(world, "liaison_a1")
    other = world.venues["other"]
    assert client.post(f"/api/v1/venues/{other.pk}/bookings/", body(world, "liaison_a1"),
                       format="json").status_code == 404  # fmt: skip
    street = world.venues["street"]  # town A's auditor sees it but books nothing
    seen = client_for(world, "auditor_a").post(
        f"/api/v1/venues/{street.pk}/bookings/", body(world, "liaison_a1"), format="json"
    )
    assert seen.status_code == 400 and seen.json()["code"] == "not_bookable"
    unit = world.venues["unit"]
    wrong = body(world, "liaison_a1", booker="unit:999999")
    response = client.post(f"/api/v1/venues/{unit.pk}/bookings/", wrong, format="json")
    assert response.status_code == 400 and response.json()["code"] == "bad_booker"


def test_steps_approve_check_in_used_rate(world, at):
    venue = world.venues["community"]
    booker = client_for(world, "liaison_a1")
    made = booker.post(f"/api/v1/venues/{venue.pk}/bookings/", body(world, "liaison_a1"),
                       format="json").json()  # fmt: skip
    assert made["status"] == BookingStatus.REQUESTED
    base = f"/api/v1/venues/bookings/{made['id']}"
    assert booker.post(f"{base}/approve/").status_code == 403
    owner = client_for(world, "community_admin_a1")
    assert owner.post(f"{base}/approve/").json()["status"] == BookingStatus.APPROVED
    again = owner.post(f"{base}/approve/")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    at(local(3, 10) - datetime.timedelta(minutes=5))
    keeper = client_for(world, "grid_worker_a1")
    assert keeper.post(f"{base}/check_in/", {}, format="json").json()["status"] == "checked_in"
    assert keeper.post(f"{base}/used/").json()["status"] == BookingStatus.USED
    bad = booker.post(f"{base}/rate/", {"rating": 9}, format="json")
    assert bad.status_code == 400
    rated = booker.post(f"{base}/rate/", {"rating": 4, "comment": "干净"}, format="json")
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    stranger = client_for(world, "community_admin_b1")
    assert stranger.post(f"{base}/used/").status_code == 404


def test_bookers_and_calendar(world):
    client = client_for(world, "liaison_a1")
    keys = {row["key"] for row in client.get("/api/v1/venues/bookers/").json()}
    assert keys == {c.key for c in booker_options(user=world.personas["liaison_a1"])}
    venue = world.venues["community"]
    next_week = local(7, 0).date().isoformat()
    week = client.get(f"/api/v1/venues/{venue.pk}/calendar/?week={next_week}").json()
    assert len(week) == 7
    states = {slot["state"] for day in week for slot in day["slots"]}
    assert states <= {"free", "pending", "taken", "past"} and "free" in states
