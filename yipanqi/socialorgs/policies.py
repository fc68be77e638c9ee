"""Open questions of 公益创投 as district policies with documented defaults (domain-rules §6 says
Fenghua's own round calendar, caps and tranche percentages are MISSING).

Defaults: a cap of 50,000 yuan per project (Haishu: "budget normally ≤ ¥50,000 per project"); a
round's total of 200,000 yuan (the seed: "nearly 200,000 yuan" for Fenghua's 2019 round); a call
open 42 days (绍兴 2019: 17 January – 28 February); 7 days of public notice for objections; 60 %
of a grant paid on signing and the rest after the mid-term review; a pass mark of 60 points of
100; the mid-term report due 150 days after the call closes. A call's own values, set when it is
opened, win over these; the form to open a call starts from them.
"""

from yipanqi.core import policy

CAP_YUAN = policy.declare(
    "socialorgs.round_cap_yuan",
    50_000,
    "A venture round's budget cap per project, in yuan, where the call sets none.",
    check=policy.whole(1, 10_000_000),
)
TOTAL_YUAN = policy.declare(
    "socialorgs.round_total_yuan",
    200_000,
    "A venture round's total budget, in yuan, where the call sets none.",
    check=policy.whole(1, 10_000_000),
)
CALL_DAYS = policy.declare(
    "socialorgs.call_days",
    42,
    "Days a venture round's call stays open for applications (the form's default window).",
    check=policy.whole(1, 366),
)
OBJECTION_DAYS = policy.declare(
    "socialorgs.objection_days",
    7,
    "Days of public notice (公示) in which objections to the listed projects may be raised.",
    check=policy.whole(0, 60),
)
FIRST_SHARE = policy.declare(
    "socialorgs.first_tranche_percent",
    60,
    "Share of a grant, in percent, paid on signing; the rest after the mid-term review passes.",
    check=policy.whole(1, 100),
)
PASS_MARK = policy.declare(
    "socialorgs.pass_mark",
    60,
    "Least mean review score (of 100) for a project to be listed for funding.",
    check=policy.whole(0, 100),
)
MIDTERM_DAYS = policy.declare(
    "socialorgs.midterm_days_after_close",
    150,
    "Days after the call closes by which the mid-term report is due (the form's default).",
    check=policy.whole(1, 730),
)


def round_defaults(district_code: str) -> dict[str, int]:
    """The district's values for a new call, one read each (the form pre-fills from these)."""
    return {
        "cap_yuan": CAP_YUAN.value(district_code),
        "total_yuan": TOTAL_YUAN.value(district_code),
        "call_days": CALL_DAYS.value(district_code),
        "objection_days": OBJECTION_DAYS.value(district_code),
        "first_share": FIRST_SHARE.value(district_code),
        "pass_mark": PASS_MARK.value(district_code),
        "midterm_days": MIDTERM_DAYS.value(district_code),
    }
