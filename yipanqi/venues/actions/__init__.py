"""Every write of venue sharing: venues and their hours, bookings and series, credit."""

from yipanqi.venues.actions._common import BOOKING_FLOW, OVERLAP
from yipanqi.venues.actions.bookings import (
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_decline,
    booking_mark_used,
    booking_no_show,
    booking_rate,
    booking_request,
)
from yipanqi.venues.actions.series import (
    MAX_WEEKS,
    occurrence_cancel,
    series_cancel,
    series_create,
)
from yipanqi.venues.actions.venues import (
    venue_create,
    venue_exception_set,
    venue_photo_add,
    venue_photo_remove,
    venue_update,
)
from yipanqi.venues.booker import BookerChoice

__all__ = [
    "MAX_WEEKS",
    "BOOKING_FLOW",
    "OVERLAP",
    "BookerChoice",
    "booking_approve",
    "booking_cancel",
    "booking_check_in",
    "booking_decline",
    "booking_mark_used",
    "booking_no_show",
    "booking_rate",
    "booking_request",
    "occurrence_cancel",
    "series_cancel",
    "series_create",
    "venue_create",
    "venue_exception_set",
    "venue_photo_add",
    "venue_photo_remove",
    "venue_update",
]
