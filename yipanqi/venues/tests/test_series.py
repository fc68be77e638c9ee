"""Recurring bookings: one series, one booking per week; all or none; one occurrence cancelled
on its own; the rest stand."""

import datetime

import pytest

from yipanqi.core.errors import Conflict
from yipanqi.venues import actions
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import Booking, BookingSeries
from yipanqi.venues.tests.factories import book, choice_for, local

pytestmark = pytest.mark.django_db


def _series(world, weeks: int, first: int = 7):
    person = world.personas["liaison_a1"]
    return actions.series_create(
        venue=world.venues["unit"], choice=choice_for(person), first_date=local(first, 0).date(),
        weeks=weeks, start_time=datetime.time(14), end_time=datetime.time(16),
        purpose="每周二党课", headcount=12, actor=person,
    )  # fmt: skip


def test_eight_weeks_make_eight_bookings_one_cancelled_alone(world):
    series = _series(world, weeks=8, first=3)  # within the 60 days one may book ahead
    occurrences = list(series.bookings.order_by("starts_at"))
    assert len(occurrences) == 8
    gaps = {(b.starts_at - a.starts_at) for a, b in zip(occurrences, occurrences[1:], strict=False)}
    assert gaps == {datetime.timedelta(weeks=1)}
    assert {b.status for b in occurrences} == {BookingStatus.APPROVED}  # the venue auto-approves
    actions.occurrence_cancel(
        booking=occurrences[3], reason="节假日", actor=world.personas["liaison_a1"]
    )
    statuses = list(series.bookings.order_by("starts_at").values_list("status", flat=True))
    assert statuses.count(BookingStatus.CANCELLED) == 1 and statuses[3] == BookingStatus.CANCELLED


def test_a_taken_week_refuses_the_whole_series(world):
    taken = book(world, "unit", "community_admin_a1", days=7 + 14, start=15, end=16)
    with pytest.raises(Conflict) as refused:
        _series(world, weeks=5)
    assert refused.value.code == "booking_overlap"
    assert taken.starts_at.date().isoformat() in str(refused.value.message)
    assert not BookingSeries.objects.exists()
    assert Booking.objects.count() == 1


def test_series_cancel_cancels_what_is_to_come(world):
    series = _series(world, weeks=4)
    cancelled = actions.series_cancel(
        series=series, reason="停办", actor=world.personas["liaison_a1"]
    )
    assert cancelled == 4
    assert set(series.bookings.values_list("status", flat=True)) == {BookingStatus.CANCELLED}


def _api(world, persona: str):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def _series_body(world, persona: str, weeks: int = 3, first: int = 7) -> dict:
    return {
        "booker": choice_for(world.personas[persona]).key,
        "first_date": local(first, 0).date().isoformat(),
        "weeks": weeks,
        "start_time": "14:00",
        "end_time": "16:00",
        "purpose": "每周党课",
        "headcount": 12,
    }


def test_api_books_a_weekly_series_and_cancels_the_rest(world):
    client, venue = _api(world, "liaison_a1"), world.venues["unit"]
    made = client.post(f"/api/v1/venues/{venue.pk}/series/", _series_body(world, "liaison_a1"),
                       format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    series = made.json()
    assert series["weeks"] == 3 and len(series["bookings"]) == 3
    assert {b["status"] for b in series["bookings"]} == {BookingStatus.APPROVED}
    assert client.get(f"/api/v1/venues/series/{series['id']}/").json() == series
    blank = client.post(f"/api/v1/venues/series/{series['id']}/cancel/", {"reason": " "},
                        format="json")  # fmt: skip
    assert blank.status_code == 400
    done = client.post(f"/api/v1/venues/series/{series['id']}/cancel/", {"reason": "停办"},
                       format="json")  # fmt: skip
    assert done.status_code == 200
    assert {b["status"] for b in done.json()["bookings"]} == {BookingStatus.CANCELLED}


def test_api_series_is_all_or_none_with_a_stable_code(world):
    book(world, "unit", "community_admin_a1", days=7 + 7, start=15, end=16)
    client, venue = _api(world, "liaison_a1"), world.venues["unit"]
    taken = client.post(f"/api/v1/venues/{venue.pk}/series/", _series_body(world, "liaison_a1"),
                        format="json")  # fmt: skip
    assert taken.status_code == 409 and taken.json()["code"] == "booking_overlap"
    too_many = _series_body(world, "liaison_a1", weeks=actions.MAX_WEEKS + 1)
    refused = client.post(f"/api/v1/venues/{venue.pk}/series/", too_many, format="json")
    assert refused.status_code == 400
    assert not BookingSeries.objects.exists()


def test_someone_else_cannot_see_or_cancel_a_series(world):
    series = _series(world, weeks=2)
    stranger = _api(world, "resident_a1")
    assert stranger.get(f"/api/v1/venues/series/{series.pk}/").status_code == 404
    post = stranger.post(f"/api/v1/venues/series/{series.pk}/cancel/", {"reason": "x"})
    assert post.status_code == 404
    assert set(series.bookings.values_list("status", flat=True)) == {BookingStatus.APPROVED}


def test_the_series_page_cancels_the_rest_and_keeps_the_past(world, client, at):
    series = _series(world, weeks=3, first=3)
    first = series.bookings.order_by("starts_at").first()
    at(first.ends_at + datetime.timedelta(hours=1))  # the first week is past
    client.force_login(world.personas["liaison_a1"])
    page = client.get(f"/venues/series/{series.pk}/")
    assert page.status_code == 200 and "取消其余各次" in page.content.decode()
    assert "还有 2 次未到" in page.content.decode()
    assert client.post(f"/venues/series/{series.pk}/cancel/", {"reason": ""}).status_code == 302
    assert set(series.bookings.values_list("status", flat=True)) == {BookingStatus.APPROVED}
    client.post(f"/venues/series/{series.pk}/cancel/", {"reason": "停办"})
    statuses = list(series.bookings.order_by("starts_at").values_list("status", flat=True))
    assert statuses == [BookingStatus.APPROVED, BookingStatus.CANCELLED, BookingStatus.CANCELLED]
    client.force_login(world.personas["resident_a1"])
    assert client.get(f"/venues/series/{series.pk}/").status_code == 404
