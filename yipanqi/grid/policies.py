"""Open questions of grid work (event time limits, the follow-up order category) as district
policies with documented defaults.

Defaults: analogs from domain-rules §8 (凤县: solve or explain within 2–3 days; Zhejiang's own SLA per
event level is MISSING) — a district administrator can change them.
"""

from yipanqi.core import policy

INCIDENT_DUE_HOURS = policy.declare(
    "grid.incident_due_hours",
    {"reported": 24, "accepted": 72},
    "Hours an incident may wait to be accepted, and then to be handled, before it is overdue and "
    "climbs one level of the area tree.",
)
FOLLOW_UP_CATEGORY = policy.declare(
    "grid.follow_up_order_category",
    "epidemic",
    "The service-order category proposed when a sweep visit needs a follow-up order.",
)
