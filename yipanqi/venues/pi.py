"""Processing register (core.processing): bookings of open venues (阵地共享)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "venue_bookings",
            _("Bookings of shared venues: who booked for which organisation, check-in, rating"),
            "statutory_duty",
            _("2 years after the booking's day"),
            ("district_admin", "town_admin", "community_admin", "unit_liaison"),
        ),
    ),
    {
        "venues.Venue.name": (NOT_PERSONAL, "a venue's name"),
        "venues.Venue.address": (NOT_PERSONAL, "a public venue's address"),
        "venues.Venue.description": (NOT_PERSONAL, "what the venue offers"),
        "venues.VenueException.reason": (NOT_PERSONAL, "why a venue is closed on a day"),
        "venues.Booking.reason": (ORDINARY, "venue_bookings"),
        "venues.Booking.comment": (ORDINARY, "venue_bookings"),
        "venues.BookingEvent.note": (ORDINARY, "venue_bookings"),
    },
)
