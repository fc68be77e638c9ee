"""Open questions of notices as district policies with documented defaults.

Defaults (domain-rules has no sourced figure): remind those who have not read or answered 48 and
again 4 hours before the deadline; a notice to more than 500 people is delivered by the
background worker (smaller ones at once, in the sender's request).
"""

from yipanqi.core import policy

REMINDER_HOURS = policy.declare(
    "notices.reminder_hours_before_deadline",
    [48, 4],
    "Hours before a notice's deadline when those who have not answered are reminded, in order.",
)
INLINE_LIMIT = policy.declare(
    "notices.inline_delivery_limit",
    500,
    "Recipients up to which a notice is delivered at once; larger ones go to the worker.",
)
