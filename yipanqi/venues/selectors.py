"""Reads of venue sharing, each starting from the user's scope (`for_user`): venues one may see
or book, bookings one reaches (one's own, one's venues', the keeper's), the approval and check-in
queues, and — for other apps such as centres — the venues of an owner area."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.venues.booker import BookerChoice, booker_options, owner_options
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import (
    Booking,
    BookingSeries,
    CreditEntry,
    Venue,
    VenueException,
    VenuePhoto,
)

__all__ = ["BookerChoice", "booker_options", "owner_options"]

TOWN_DEPTH = 2


def venue_list(
    *,
    user: Any,
    action: str = "view",
    owner_area: Area | None = None,
    kind: str = "",
    town: Area | None = None,
    min_capacity: int | None = None,
) -> QuerySet[Venue]:
    """Venues the user reaches for `action` ("view", "book", "change"), filtered. `owner_area`
    gives the venues of that area and below (a centre's venues)."""
    rows = Venue.objects.for_user(user, action).select_related("owner_area", "owner_unit", "area")
    if owner_area is not None:
        rows = rows.filter(scope_path__startswith=owner_area.scope_path)
    if kind:
        rows = rows.filter(kind=kind)
    if town is not None:
        rows = rows.filter(area__path__startswith=town.path)
    if min_capacity:
        rows = rows.filter(capacity__gte=min_capacity)
    return rows.order_by("name", "id")


def bookable_venues(*, user: Any, **filters: Any) -> QuerySet[Venue]:
    return venue_list(user=user, action="book", **filters).filter(active=True)


def venue_get(*, user: Any, venue_id: int, action: str = "view") -> Venue:
    rows = Venue.objects.for_user(user, action).select_related(
        "owner_area", "owner_unit", "area", "keeper"
    )
    return rows.get(pk=venue_id)


def venue_towns(*, venues: QuerySet[Venue]) -> list[Area]:
    """The towns / streets the given venues stand in (for the town filter), two queries."""
    step = Area.steplen
    paths = {p[: TOWN_DEPTH * step] for p in venues.values_list("area__path", flat=True)}
    return list(Area.objects.filter(path__in=paths, kind=AreaKind.TOWN).order_by("path"))


def _bookings(user: Any, action: str = "view") -> QuerySet[Booking]:
    return Booking.objects.for_user(user, action).select_related(
        "venue", "booker_unit", "booker_area", "booked_by", "series"
    )


def booking_get(*, user: Any, booking_id: int) -> Booking:
    return _bookings(user).get(pk=booking_id)


def booking_list(*, user: Any, venue: Venue | None = None, status: str = "") -> QuerySet[Booking]:
    rows = _bookings(user)
    if venue is not None:
        rows = rows.filter(venue=venue)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-starts_at", "-id")


def my_bookings(*, user: Any, upcoming: bool | None = None) -> QuerySet[Booking]:
    """The bookings the user asked for themselves (for whichever organisation)."""
    rows = _bookings(user).filter(booked_by=user)
    now = timezone.now()
    if upcoming is True:
        rows = rows.filter(ends_at__gte=now).order_by("starts_at", "id")
    elif upcoming is False:
        rows = rows.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return rows


def approval_queue(*, user: Any) -> QuerySet[Booking]:
    """Requests waiting for this user's decision, soonest first (to-come ones only)."""
    return (
        _bookings(user, "approve")
        .filter(status=BookingStatus.REQUESTED, starts_at__gt=timezone.now())
        .order_by("starts_at", "id")
    )


def check_in_queue(*, user: Any, day: datetime.date | None = None) -> QuerySet[Booking]:
    """Approved and checked-in bookings of one day at venues the user checks in (keeper, owner)."""
    day = day or timezone.localdate()
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time(0), zone)
    end = start + datetime.timedelta(days=1)
    open_states = (BookingStatus.APPROVED, BookingStatus.CHECKED_IN)
    return (
        _bookings(user, "check_in")
        .filter(status__in=open_states, starts_at__lt=end, ends_at__gt=start)
        .order_by("starts_at", "id")
    )


def series_get(*, user: Any, series_id: int) -> BookingSeries:
    return BookingSeries.objects.for_user(user).select_related("venue").get(pk=series_id)


def series_bookings(*, series: BookingSeries, user: Any) -> QuerySet[Booking]:
    return _bookings(user).filter(series=series).order_by("starts_at")


def credit_list(*, user: Any, start: datetime.date, end: datetime.date) -> QuerySet[CreditEntry]:
    """The co-building credit ledger rows the user reaches (by the lending venue's area)."""
    return (
        CreditEntry.objects.for_user(user)
        .filter(used_on__range=(start, end))
        .select_related("venue", "owner_area", "owner_unit", "borrower_area", "borrower_unit")
        .order_by("-used_on", "-id")
    )


def venue_exceptions(*, venue: Venue) -> QuerySet[VenueException]:
    """The venue's dated exceptions from today on (the caller has read the venue in scope)."""
    return venue.exceptions.filter(date__gte=timezone.localdate()).order_by("date")


def venue_photos(*, venue: Venue) -> QuerySet[VenuePhoto]:
    """The photos of a venue the caller has already read in the user's scope."""
    return VenuePhoto.objects.filter(venue=venue).order_by("id")


def photo_get(*, user: Any, photo_id: int) -> VenuePhoto:
    """A photo of a venue the user may see (the venue's own reach decides); else DoesNotExist."""
    visible = Venue.objects.for_user(user, "view").values("pk")
    return VenuePhoto.objects.select_related("venue").get(pk=photo_id, venue__in=visible)
