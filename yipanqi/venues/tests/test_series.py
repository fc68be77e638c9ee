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
