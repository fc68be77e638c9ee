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
TAKE_UNDO_SECONDS = policy.declare(
    "orders.take_undo_seconds",
    10,
    "Seconds after taking an order during which the taker may undo it (撤销接单); 0 turns undo "
    "off. Values outside 0–120 are read as the nearest bound.",
)
# Words in a member's registered skills or service preferences (双报到) that match an order's
# category, by category code; the category's own name always matches too.
CATEGORY_SKILLS = policy.declare(
    "orders.category_skills",
    {
        "elderly_care": ["助老", "助残", "医疗保健", "心理疏导"],
        "repairs": ["维修", "水电"],
        "environment": ["环境整治", "文明劝导"],
        "epidemic": ["疫情防控", "医疗保健"],
        "waste_sorting": ["垃圾分类", "环境整治"],
        "dispute": ["矛盾调解", "法律咨询", "心理疏导"],
        "wish": ["青少年辅导", "教育辅导"],
    },
    "Skill and preference words that make a party member a match for an order's category (the "
    "dispatch suggestions rank matches first).",
)
MAX_UNDO_SECONDS = 120


def take_undo_seconds(district_code: str) -> int:
    """The undo window, read defensively: a stored value that is not a number counts as the
    default, and the window never exceeds MAX_UNDO_SECONDS (an undo is a slip, not a rethink)."""
    try:
        seconds = int(TAKE_UNDO_SECONDS.value(district_code))
    except (TypeError, ValueError):
        seconds = int(TAKE_UNDO_SECONDS.default)
    return max(0, min(seconds, MAX_UNDO_SECONDS))


def skill_words(district_code: str, category: object) -> list[str]:
    """The words that match `category` (an OrderCategory): its name and the policy's list."""
    table = CATEGORY_SKILLS.value(district_code)
    words = table.get(category.code, []) if isinstance(table, dict) else []
    return [category.name, *(w for w in words if isinstance(w, str) and w.strip())]


RETENTION_DAYS = policy.declare(
    "orders.retention_days",
    5 * 365,
    "Days a closed order keeps the resident's words and links (processing register: 5 years), "
    "then the retention job anonymises it.",
)
