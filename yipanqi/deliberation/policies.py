"""Open questions of 议事协商 (quorum, majority, 公示 period) as district policies with documented
defaults; the reasoning is in docs/decisions/008-deliberation-quorum.md."""

from yipanqi.core import policy

QUORUM = policy.declare(
    "deliberation.quorum",
    {"numerator": 2, "denominator": 3},
    "A meeting may decide when at least this share of a body's voting seats is present.",
)
MAJORITY = policy.declare(
    "deliberation.majority",
    {"numerator": 1, "denominator": 2, "strict": True},
    "A resolution passes when its 'for' votes exceed (strict) or reach this share of the voting "
    "seats present; abstaining or not voting counts as not for.",
)
EVERY_PARTY = policy.declare(
    "deliberation.every_party_present",
    True,
    "A four-party hall decides only when each of its parties with a voting seat has one present.",
)
PUBLICATION_DAYS = policy.declare(
    "deliberation.publication_days", 7, "Days a resolution stays on public notice (公示)."
)
FOLLOW_UP_DAYS = policy.declare(
    "deliberation.follow_up_days", 30, "Default days allowed for a follow-up task."
)
VOTE_CHANGES = policy.declare(
    "deliberation.vote_changes_allowed",
    False,
    "Whether a seat's vote, once cast, may be changed while voting is still open (each change is "
    "audited with the choice before and after); by default a cast vote stands.",
)
