"""Open questions of the people registry as district policies with documented defaults."""

from yipanqi.core import policy

EXACT_SEARCHES_PER_HOUR = policy.declare(
    "people.exact_searches_per_hour",
    30,
    "Searches by a full ID number or phone one user may make in an hour (each one is audited).",
)

MOVED_OUT_RETENTION_DAYS = policy.declare(
    "people.moved_out_retention_days",
    3 * 365,
    "Days a resident's record keeps their personal information after they moved out of the "
    "district (processing register: 3 years), then the retention job anonymises it.",
    check=policy.whole(1, 100 * 365),
)
