"""Co-building rules as district policies with documented defaults (core.policy).

- The yearly evaluation of registered units (报到单位年度评议) is open from 1 December of the year
  evaluated to 31 January of the next (month-day of opening in the year, of closing in the next).
- A commitment overdue by this many days escalates (once) to the town's committee.
"""

from yipanqi.core import policy

EVALUATION_WINDOW = policy.declare(
    "cobuilding.evaluation_window",
    {"opens": "12-01", "closes": "01-31"},
    "Window of the yearly evaluation of units: opens (MM-DD in the year), closes (MM-DD next year).",
)
ESCALATE_AFTER_DAYS = policy.declare(
    "cobuilding.escalate_overdue_days",
    0,
    "Days past its due date after which an open commitment escalates to the town's committee.",
)
