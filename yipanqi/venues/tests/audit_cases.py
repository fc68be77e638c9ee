"""The venues app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

import datetime
from functools import partial
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.core.transition_guard import walk_to
from yipanqi.venues import actions as venues
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import Booking
from yipanqi.venues.tests.factories import book, build_venue_world, choice_for, local

TEST = system("test")


def _world(w: Any) -> Any:
    if not hasattr(w, "_venues"):
        w._venues = build_venue_world(w.d)
    return w._venues


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also=also)


def _at(booking: Booking, status: str, starts_in: datetime.timedelta) -> Booking:
    """Test setup: move a booking to a status and a time the clock cannot wait for."""
    start = timezone.now() + starts_in
    walk_to(
        Booking, booking.pk, status, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    booking.refresh_from_db()
    return booking


def _venue_create(w: Any) -> Any:
    _world(w)
    run = partial(
        venues.venue_create, owner_area=w.d.communities[1], name="锦山社区活动室",
        kind="culture", capacity=20, address="锦山路1号", open_hours={"0": [["09:00", "17:00"]]},
        actor=TEST,
    )  # fmt: skip
    return _step("venues.venue.created", run)


def _venue_update(w: Any) -> Any:
    venue = _world(w).venues["community"]
    run = partial(venues.venue_update, venue=venue, capacity=35, requires_approval=False,
                  actor=w.p["community_admin_a1"])  # fmt: skip
    return _step("venues.venue.updated", run, venue)


def _exception(w: Any) -> Any:
    venue = _world(w).venues["community"]
    run = partial(venues.venue_exception_set, venue=venue, date=local(5, 0).date(), hours=[],
                  reason="国庆闭馆", actor=w.p["community_admin_a1"])  # fmt: skip
    return _step("venues.exception.created", run)


def _request(w: Any) -> Any:
    world = _world(w)
    person = w.p["liaison_a1"]
    run = partial(
        venues.booking_request, venue=world.venues["community"], choice=choice_for(person),
        starts_at=local(3, 10), ends_at=local(3, 11), purpose="党课", headcount=5, actor=person,
    )  # fmt: skip
    return _step("venues.booking.requested", run)


def _requested(w: Any) -> Booking:
    return book(_world(w), "community", "liaison_a1")


def _approve(w: Any) -> Any:
    booking = _requested(w)
    run = partial(venues.booking_approve, booking=booking, actor=w.p["community_admin_a1"])
    return _step("venues.booking.approved", run, booking)


def _decline(w: Any) -> Any:
    booking = _requested(w)
    run = partial(venues.booking_decline, booking=booking, reason="维修",
                  actor=w.p["community_admin_a1"])  # fmt: skip
    return _step("venues.booking.declined", run, booking)


def _cancel(w: Any) -> Any:
    booking = _requested(w)
    run = partial(venues.booking_cancel, booking=booking, reason="改期", actor=w.p["liaison_a1"])
    return _step("venues.booking.cancelled", run, booking)


def _check_in(w: Any) -> Any:
    booking = _at(_requested(w), BookingStatus.APPROVED, datetime.timedelta(minutes=10))
    run = partial(venues.booking_check_in, booking=booking, actor=w.p["grid_worker_a1"])
    return _step("venues.booking.checked_in", run, booking)


def _used(w: Any) -> Any:
    booking = _at(_requested(w), BookingStatus.CHECKED_IN, -datetime.timedelta(hours=2))
    run = partial(venues.booking_mark_used, booking=booking, actor=w.p["grid_worker_a1"])
    return _step("venues.booking.used", run, booking)


def _no_show(w: Any) -> Any:
    booking = _at(_requested(w), BookingStatus.APPROVED, -datetime.timedelta(minutes=30))
    run = partial(venues.booking_no_show, booking=booking, actor=w.p["grid_worker_a1"])
    return _step("venues.booking.no_show", run, booking)


def _rate(w: Any) -> Any:
    booking = _at(_requested(w), BookingStatus.USED, -datetime.timedelta(hours=3))
    run = partial(venues.booking_rate, booking=booking, rating=4, comment="整洁",
                  actor=w.p["liaison_a1"])  # fmt: skip
    return _step("venues.booking.rated", run, booking)


def _series(w: Any) -> Any:
    world = _world(w)
    person = w.p["liaison_a1"]
    run = partial(
        venues.series_create, venue=world.venues["community"], choice=choice_for(person),
        first_date=local(3, 0).date(), weeks=3, start_time=datetime.time(15),
        end_time=datetime.time(16), purpose="每周学习", headcount=6, actor=person,
    )  # fmt: skip
    return _step("venues.series.created", run)


CASES = [
    (venues.venue_create, _venue_create),
    (venues.venue_update, _venue_update),
    (venues.venue_exception_set, _exception),
    (venues.booking_request, _request),
    (venues.booking_approve, _approve),
    (venues.booking_decline, _decline),
    (venues.booking_cancel, _cancel),
    (venues.booking_check_in, _check_in),
    (venues.booking_mark_used, _used),
    (venues.booking_no_show, _no_show),
    (venues.booking_rate, _rate),
    (venues.series_create, _series),
]
NOT_WALKED = {
    # Both cancel through booking_cancel, one event per occurrence (walked above).
    "venues.series_cancel",
    "venues.occurrence_cancel",
    # A photo is recorded on its venue as "photo": [None, id] / [id, None], like orders' photos
    # (a related row, not a field of the venue); test_photos checks the events.
    "venues.venue_photo_add",
    "venues.venue_photo_remove",
}
