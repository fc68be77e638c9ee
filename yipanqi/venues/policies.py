"""Open questions of venue sharing as district policies with documented defaults.

Defaults (domain-rules has no sourced figure for venue booking): book at least 24 hours ahead
and at most 60 days ahead, 4 hours at most per booking; check-in opens 60 minutes before the
start. A venue may set its own lead time and maximum length; these apply where it does not.
"""

from yipanqi.core import policy

LEAD_TIME_HOURS = policy.declare(
    "venues.lead_time_hours",
    24,
    "Hours ahead a venue must be booked, where the venue sets no lead time of its own.",
)
MAX_BOOKING_HOURS = policy.declare(
    "venues.max_booking_hours",
    4,
    "Longest booking in hours, where the venue sets no maximum of its own.",
)
MAX_ADVANCE_DAYS = policy.declare(
    "venues.max_advance_days",
    60,
    "How many days ahead a venue can be booked.",
)
CHECK_IN_OPENS_MINUTES = policy.declare(
    "venues.check_in_opens_minutes",
    60,
    "Minutes before the start of a booking when the keeper may check it in.",
)
