"""What the booking actions share: the workflow, the event row, the overlap guard and the
checks a requested slot must pass (in the user's language, each with a stable code)."""

import datetime
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Workflow, event_writer, user_of
from yipanqi.venues import policies
from yipanqi.venues.booker import BookerChoice
from yipanqi.venues.choices import (
    BOOKING_TRANSITION_NOT_ALLOWED,
    BOOKING_TRANSITIONS,
    HOLDING,
    BookerKind,
    BookingStatus,
)
from yipanqi.venues.hours import fits_open_hours
from yipanqi.venues.models import Booking, BookingEvent, Venue

T = TypeVar("T")
OVERLAP = "booking_overlap"


booking_event = event_writer(BookingEvent, "booking")
BOOKING_FLOW = Workflow(
    table=BOOKING_TRANSITIONS,
    statuses=BookingStatus,
    refusal=BOOKING_TRANSITION_NOT_ALLOWED,
    audit_prefix="venues.booking",
    event=booking_event,
    model=Booking,
)


def not_bookable() -> Invalid:
    return Invalid(_("This venue does not take bookings from you."), code="not_bookable")


def overlap_message() -> str:
    return _("This slot is already taken; choose another time.")


def check_free(
    venue: Venue,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    exclude: int | None = None,
) -> None:
    """No held booking of the venue overlaps [starts_at, ends_at). Call with the venue locked:
    on SQLite this check is the guard; on PostgreSQL the exclusion constraint backs it."""
    rows = Booking.objects.filter(
        venue=venue, status__in=HOLDING, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if rows.exists():
        raise Conflict(overlap_message(), code=OVERLAP)


def held(call: Callable[[], T]) -> T:
    """Run a write that makes a booking hold its slot; the exclusion constraint's refusal
    (a request that raced past the check) is the same 409 as the check's."""
    try:
        with transaction.atomic():
            return call()
    except IntegrityError as exc:
        raise Conflict(overlap_message(), code=OVERLAP) from exc


def new_check_in_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _hours_policy(venue: Venue) -> tuple[float, float, int]:
    lead = venue.lead_time_hours
    if lead is None:
        lead = policies.LEAD_TIME_HOURS.value(venue.district_code)
    longest = venue.max_hours or policies.MAX_BOOKING_HOURS.value(venue.district_code)
    ahead = policies.MAX_ADVANCE_DAYS.value(venue.district_code)
    return float(lead), float(longest), int(ahead)


def check_slot(
    venue: Venue, starts_at: datetime.datetime, ends_at: datetime.datetime, headcount: int
) -> None:
    """The rules a requested slot must meet; Invalid names the field and the rule broken."""
    now = timezone.now()
    lead, longest, ahead = _hours_policy(venue)

    def refuse(message: str, code: str, field: str = "starts_at") -> None:
        raise Invalid(message, code=code, fields={field: [message]})

    if ends_at <= starts_at:
        refuse(_("The end must come after the start."), "bad_period", "ends_at")
    if starts_at < now:
        refuse(_("This time is in the past."), "booking_in_past")
    if starts_at < now + datetime.timedelta(hours=lead):
        refuse(_("Book at least %(hours)s hours ahead.") % {"hours": f"{lead:g}"}, "lead_time")
    if starts_at > now + datetime.timedelta(days=ahead):
        refuse(_("Book at most %(days)s days ahead.") % {"days": ahead}, "too_far_ahead")
    if (ends_at - starts_at) > datetime.timedelta(hours=longest):
        message = _("A booking may last at most %(hours)s hours.") % {"hours": f"{longest:g}"}
        refuse(message, "too_long", "ends_at")
    if headcount < 1 or headcount > venue.capacity:
        message = _("The venue holds at most %(n)s people.") % {"n": venue.capacity}
        refuse(message, "over_capacity", "headcount")
    if not fits_open_hours(venue, starts_at, ends_at):
        refuse(_("The venue is not open for the whole of this time."), "outside_open_hours")


def organisation_key(kind: str, unit_id: int | None, area_id: int) -> tuple[str, int] | None:
    """The organisation a booker is (None for a person): credit goes between organisations."""
    if kind in (BookerKind.MEMBER, BookerKind.RESIDENT):
        return None
    return ("unit", unit_id) if unit_id else ("area", area_id)


def booker_fields(choice: BookerChoice, actor: Any) -> dict[str, Any]:
    return {
        "booked_by": user_of(actor),
        "booker_kind": choice.kind,
        "booker_unit": choice.unit,
        "booker_area": choice.area,
    }
