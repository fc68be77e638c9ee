"""Recurring bookings (周期预约): the same slot every week for some weeks, one series whose
occurrences are bookings of their own (each cancelled on its own with `booking_cancel`)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import DomainError, Invalid
from yipanqi.core.workflow import Actor, created, lock, require_permission
from yipanqi.venues import permissions as perms
from yipanqi.venues.actions._common import booker_fields
from yipanqi.venues.actions.bookings import _check_booker, _reason, _request_locked, booking_cancel
from yipanqi.venues.booker import BookerChoice
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import Booking, BookingSeries, Venue

MAX_WEEKS = 26


def _at(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, at, timezone.get_default_timezone())


@transaction.atomic
def series_create(
    *,
    venue: Venue,
    choice: BookerChoice,
    first_date: datetime.date,
    weeks: int,
    start_time: datetime.time,
    end_time: datetime.time,
    purpose: str,
    headcount: int,
    actor: Actor,
) -> BookingSeries:
    """Every week from `first_date`: all occurrences are booked, or none (the error names the
    date that cannot be)."""
    if not 1 <= weeks <= MAX_WEEKS:
        message = _("A series runs 1 to %(n)s weeks.") % {"n": MAX_WEEKS}
        raise Invalid(message, code="bad_weeks", fields={"weeks": [message]})
    venue = lock(venue)
    _check_booker(venue, choice, actor)
    series = BookingSeries(
        venue=venue,
        first_date=first_date,
        weeks=weeks,
        start_time=start_time,
        end_time=end_time,
        purpose=purpose.strip()[:200],
        headcount=headcount,
        **booker_fields(choice, actor),
    )
    series.place_in(venue)
    series.save()
    audit.record(
        actor=actor,
        action="venues.series.created",
        target=series,
        changes=created(series, "venue", "first_date", "weeks", "start_time", "end_time"),
    )
    for week in range(weeks):
        day = first_date + datetime.timedelta(weeks=week)
        try:
            _request_locked(
                venue=venue,
                choice=choice,
                starts_at=_at(day, start_time),
                ends_at=_at(day, end_time),
                purpose=purpose,
                headcount=headcount,
                actor=actor,
                series=series,
            )
        except DomainError as exc:
            exc.message = _("%(date)s: %(error)s") % {"date": day.isoformat(), "error": exc.message}
            raise
    return series


@transaction.atomic
def series_cancel(*, series: BookingSeries, reason: str, actor: Actor) -> int:
    """Cancel every occurrence still to come; returns how many were cancelled."""
    series = lock(series)
    require_permission(actor, lambda u, s: s.booked_by_id == getattr(u, "pk", None), series)
    reason = _reason(reason)  # refused even when nothing is left to cancel
    upcoming = Booking.objects.filter(
        series=series,
        status__in=(BookingStatus.REQUESTED, BookingStatus.APPROVED),
        starts_at__gt=timezone.now(),
    ).select_related("venue")
    count = 0
    for booking in upcoming:
        booking_cancel(booking=booking, reason=reason, actor=actor)
        count += 1
    return count


def occurrence_cancel(*, booking: Booking, reason: str, actor: Actor) -> Booking:
    """One occurrence of a series, as any booking (the rest of the series stands)."""
    require_permission(actor, perms.can_cancel, booking)
    return booking_cancel(booking=booking, reason=reason, actor=actor)
