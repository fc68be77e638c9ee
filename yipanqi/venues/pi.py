"""Processing register (core.processing): bookings of open venues (阵地共享)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare
from yipanqi.core.retention import ANONYMISED, Related, Rule, retain

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

# R-PI-8: two years after the booking's day its words go (purpose, reasons, comment, event notes);
# who booked for which organisation stays, for the venue's use counts.
retain(
    Rule(
        "venues.past_bookings",
        "venue_bookings",
        "venues.Booking",
        "ends_at",
        2 * 365,
        {"purpose": ANONYMISED, "reason": "", "comment": ""},
        (Related("venues.BookingEvent", "booking", {"note": ""}),),
    )
)
