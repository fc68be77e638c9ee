"""More retention rules (R-PI-8): a sweep's household answers and notes go three years after the
sweep ends (the outcome stays for its counts); a venue booking's words go two years after its day."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.core import retention

pytestmark = pytest.mark.django_db
YEAR = datetime.timedelta(days=365)


def test_a_sweeps_answers_go_three_years_after_it_ends(district):
    from yipanqi.grid import actions as grid
    from yipanqi.grid.models import Campaign, Visit
    from yipanqi.grid.tests.factories import build_grid_world

    w = build_grid_world(district)
    worker, target, today = w.personas["grid_worker_a1"], w.target(), timezone.localdate()
    running = {"starts_on": today - YEAR / 12, "ends_on": today + YEAR / 12}
    Campaign.objects.filter(pk=target.campaign_id).update(**running)  # the factory's is of 2021
    visit = grid.visit_record(
        target=target, outcome="visited", answers=w.answers(), note="独居老人", actor=worker
    )
    retention.anonymise_expired()  # the world's own old rows, if any
    visit.refresh_from_db()
    assert visit.answers and visit.note  # its sweep is still running
    Campaign.objects.filter(pk=visit.campaign_id).update(
        starts_on=today - 4 * YEAR, ends_on=today - 3 * YEAR - datetime.timedelta(days=2)
    )
    assert retention.anonymise_expired() >= 1
    visit.refresh_from_db()
    assert (visit.answers, visit.note, visit.outcome) == ({}, "", "visited")
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_a_bookings_words_go_two_years_after_its_day(district):
    from yipanqi.venues.models import Booking, BookingEvent
    from yipanqi.venues.tests.factories import book, build_venue_world

    world = build_venue_world(district)
    booking = book(world, "community", "liaison_a1")
    assert retention.anonymise_expired() == 0
    day = timezone.now() - 2 * YEAR - YEAR / 12
    Booking.objects.filter(pk=booking.pk).update(starts_at=day - YEAR / 365, ends_at=day)
    assert retention.anonymise_expired() == 1
    booking.refresh_from_db()
    assert (booking.purpose, booking.reason, booking.comment) == (retention.ANONYMISED, "", "")
    assert not BookingEvent.objects.filter(booking=booking).exclude(note="").exists()
