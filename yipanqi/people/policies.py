"""Open questions of the people registry as district policies with documented defaults."""

from yipanqi.core import policy

EXACT_SEARCHES_PER_HOUR = policy.declare(
    "people.exact_searches_per_hour",
    30,
    "Searches by a full ID number or phone one user may make in an hour (each one is audited).",
)
