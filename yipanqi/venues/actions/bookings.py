"""Bookings (场地预约): request → approve / decline → check in → used / no-show → rate; cancel
with a reason. Every step is locked, checked against the transition table, evented and audited;
a step that makes a booking hold its slot first locks the venue and checks for overlap."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, notify
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.venues import permissions as perms
from yipanqi.venues import policies
from yipanqi.venues.actions._common import (
    BOOKING_FLOW,
    BookerChoice,
    booker_fields,
    booking_event,
    check_free,
    check_slot,
    held,
    new_check_in_code,
    not_bookable,
    organisation_key,
)
from yipanqi.venues.booker import booker_options
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import Booking, BookingSeries, CreditEntry, Venue


def _check_booker(venue: Venue, choice: BookerChoice, actor: Actor) -> None:
    if not venue.active:
        raise not_bookable()
    if user_of(actor) is None:
        raise Invalid(_("A booking needs a person who asks for it."), code="booker_required")
    if is_system(actor):
        return  # the demo and imports book for the person they name
    if not perms.can_book(actor, venue):
        raise not_bookable()
    if choice.key not in {c.key for c in booker_options(user=actor)}:
        message = _("You cannot book for this organisation.")
        raise Invalid(message, code="bad_booker", fields={"choice": [message]})


def _approve_now(booking: Booking, venue: Venue, step: Any, *, note: str) -> None:
    check_free(venue, booking.starts_at, booking.ends_at, exclude=booking.pk)
    step.move(BookingStatus.APPROVED, note=note)
    step.set(check_in_code=new_check_in_code(), decided_at=timezone.now())


def _request_locked(
    *,
    venue: Venue,
    choice: BookerChoice,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    headcount: int,
    actor: Actor,
    series: BookingSeries | None = None,
) -> Booking:
    """One booking of a venue already locked by the caller (a request, or a series' occurrence)."""
    if not purpose.strip():
        message = _("Say what the venue is for.")
        raise Invalid(message, code="purpose_required", fields={"purpose": [message]})
    check_slot(venue, starts_at, ends_at, headcount)
    # stored as the database gives them back (UTC), so the audit's values match the row's
    starts_at, ends_at = starts_at.astimezone(datetime.UTC), ends_at.astimezone(datetime.UTC)
    booking = Booking(
        venue=venue,
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose.strip()[:200],
        headcount=headcount,
        **booker_fields(choice, actor),
    )
    booking.place_in(venue)
    booking.save()
    booking_event(booking, actor=actor, old="", new=BookingStatus.REQUESTED)
    audit.record(
        actor=actor,
        action="venues.booking.requested",
        target=booking,
        changes=created(booking, "venue", "starts_at", "ends_at", "status", "headcount"),
    )
    if not venue.requires_approval:  # the owner approves every free slot in advance
        step = BOOKING_FLOW.begin(booking, actor=actor)
        _approve_now(booking, venue, step, note="auto")
        held(lambda: step.finish("approved", automatic=True))
    return booking


@transaction.atomic
def booking_request(
    *,
    venue: Venue,
    choice: BookerChoice,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    headcount: int,
    actor: Actor,
) -> Booking:
    """申请: ask for a slot; a venue without owner approval approves a free slot at once."""
    venue = lock(venue)  # serialises bookings of this venue (the overlap check below)
    _check_booker(venue, choice, actor)
    return _request_locked(
        venue=venue,
        choice=choice,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        headcount=headcount,
        actor=actor,
    )


def _tell_booker(booking: Booking, title: str, step: str) -> None:
    if booking.booked_by_id:
        topic = f"venues.booking:{booking.pk}:{step}:{booking.version}"
        notify.notify(
            [booking.booked_by],
            title=title,
            body=booking.purpose,
            url=booking.get_absolute_url(),
            topic=topic,
        )


@transaction.atomic
def booking_approve(*, booking: Booking, actor: Actor) -> Booking:
    venue = lock(booking.venue)  # the venue first, as a request does: one lock order
    booking = lock(booking, "booked_by")
    require_permission(actor, perms.can_approve, booking)
    step = BOOKING_FLOW.begin(booking, actor=actor)
    _approve_now(booking, venue, step, note="")
    step.set(decided_by=user_of(actor))
    held(lambda: step.finish("approved"))
    _tell_booker(booking, _("Your booking was approved"), "approved")
    return booking


def _reason(reason: str) -> str:
    if not reason.strip():
        message = _("Give a reason.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    return reason.strip()[:300]


@transaction.atomic
def booking_decline(*, booking: Booking, reason: str, actor: Actor) -> Booking:
    booking = lock(booking, "booked_by")
    require_permission(actor, perms.can_approve, booking)
    reason = _reason(reason)
    step = BOOKING_FLOW.begin(booking, actor=actor)
    step.move(BookingStatus.DECLINED, note=reason)
    step.set(reason=reason, decided_by=user_of(actor), decided_at=timezone.now())
    step.finish("declined")
    _tell_booker(booking, _("Your booking was declined"), "declined")
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, reason: str, actor: Actor) -> Booking:
    """取消: the booker or the owner, before the booking starts, with a reason."""
    booking = lock(booking)
    require_permission(actor, perms.can_cancel, booking)
    reason = _reason(reason)
    if booking.starts_at <= timezone.now():
        raise Invalid(_("A booking that has started cannot be cancelled."), code="already_started")
    step = BOOKING_FLOW.begin(booking, actor=actor)
    step.move(BookingStatus.CANCELLED, note=reason)
    step.set(reason=reason)
    step.finish("cancelled")
    return booking


@transaction.atomic
def booking_check_in(*, booking: Booking, actor: Actor, code: str = "") -> Booking:
    """签到: the keeper (or the owner) taps, or types the code the booker shows, on the day."""
    booking = lock(booking)
    require_permission(actor, perms.can_check_in, booking)
    if code and code.strip() != booking.check_in_code:
        message = _("This is not the booking's check-in code.")
        raise Invalid(message, code="bad_check_in_code", fields={"code": [message]})
    now = timezone.now()
    opens = policies.CHECK_IN_OPENS_MINUTES.value(booking.district_code)
    if booking.status == BookingStatus.APPROVED and not (
        booking.starts_at - datetime.timedelta(minutes=float(opens)) <= now < booking.ends_at
    ):
        raise Invalid(_("Check-in is open only around the booked time."), code="check_in_closed")
    step = BOOKING_FLOW.begin(booking, actor=actor)
    step.move(BookingStatus.CHECKED_IN)
    step.set(checked_in_at=now)
    step.finish("checked_in")
    return booking


def _credit(booking: Booking, actor: Actor) -> CreditEntry | None:
    """共建贡献: the owner lends its venue to another organisation; one row per used booking."""
    venue = booking.venue
    owner = ("unit", venue.owner_unit_id) if venue.owner_unit_id else ("area", venue.owner_area_id)
    booker = organisation_key(booking.booker_kind, booking.booker_unit_id, booking.booker_area_id)
    if booker is None or booker == owner:
        return None
    hours = Decimal(str(round(booking.hours, 2)))
    credit = CreditEntry(
        booking=booking,
        venue=venue,
        owner_area_id=venue.owner_area_id,
        owner_unit_id=venue.owner_unit_id,
        borrower_area_id=booking.booker_area_id,
        borrower_unit_id=booking.booker_unit_id,
        borrower_path=booking.booker_area.scope_path,
        hours=hours,
        used_on=timezone.localtime(booking.starts_at).date(),
    )
    credit.place_in(venue)
    credit.save()
    audit.record(
        actor=actor,
        action="venues.credit.created",
        target=credit,
        changes=created(credit, "booking", "venue", "hours", "used_on"),
    )
    return credit


@transaction.atomic
def booking_mark_used(*, booking: Booking, actor: Actor) -> Booking:
    """已使用: after the event; the owner is credited the hours another organisation used."""
    booking = lock(booking, "venue", "booker_area")
    require_permission(actor, perms.can_check_in, booking)
    step = BOOKING_FLOW.begin(booking, actor=actor)
    step.move(BookingStatus.USED)
    step.finish("used")
    _credit(booking, actor)
    return booking


@transaction.atomic
def booking_no_show(*, booking: Booking, actor: Actor) -> Booking:
    booking = lock(booking)
    require_permission(actor, perms.can_check_in, booking)
    if booking.starts_at > timezone.now():
        raise Invalid(
            _("A booking can be marked a no-show only once it has started."), code="not_started"
        )
    step = BOOKING_FLOW.begin(booking, actor=actor)
    step.move(BookingStatus.NO_SHOW)
    step.finish("no_show")
    return booking


@transaction.atomic
def booking_rate(*, booking: Booking, rating: int, comment: str, actor: Actor) -> Booking:
    """评价: the booker rates the venue once, after using it."""
    booking = lock(booking)
    require_permission(actor, perms.is_booker, booking)
    if booking.status != BookingStatus.USED or booking.rating is not None:
        raise Invalid(_("Only a used booking can be rated, once."), code="cannot_rate")
    if not 1 <= int(rating) <= 5:
        message = _("A rating is 1 to 5.")
        raise Invalid(message, code="bad_rating", fields={"rating": [message]})
    edit = track(booking, actor=actor)
    edit.set(rating=int(rating), comment=comment.strip()[:500])
    edit.finish("venues.booking.rated")
    return booking
