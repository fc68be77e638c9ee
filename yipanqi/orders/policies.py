"""Open questions of 三单制 (time limits, point values) as district policies with documented defaults.

Defaults: analogs from domain-rules §1 and §8 (凤县: hard issues ≤ 7 days) — the customer has not fixed
Fenghua's own; a district administrator can change them.
"""

from yipanqi.core import policy

DUE_HOURS = policy.declare(
    "orders.due_hours",
    {"placed": 24, "accepted": 24, "dispatched": 48, "taken": 72, "done": 72},
    "Hours allowed in each waiting state before an order is overdue and escalates one level.",
)
URGENT_FACTOR = policy.declare(
    "orders.urgent_factor", 0.5, "Urgent orders get this fraction of the normal time in each state."
)
POINTS_PER_HOUR = policy.declare("orders.points_per_hour", 10, "Points credited per service hour.")
SOLVED_BONUS = policy.declare(
    "orders.solved_bonus_points", 5, "Extra points when the resident says it was solved."
)
REOPEN_AT_OR_BELOW = policy.declare(
    "orders.reopen_at_or_below",
    2,
    "A rating at or below this score (or 'not solved') reopens the order.",
)
MAX_HOURS_PER_MEMBER = policy.declare(
    "orders.max_hours_per_member",
    8,
    "Most service hours the taker may credit to one member for one order (all completion rounds "
    "together); more is refused.",
)
