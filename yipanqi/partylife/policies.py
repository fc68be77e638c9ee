"""Party-life rules as district policies with documented defaults (core.policy).

- Required frequency of each meeting kind (三会一课): 支部党员大会 quarterly, 支委会 monthly,
  党小组会 monthly, 党课 quarterly, 主题党日 monthly.
- Dues (党费): the national rule on monthly income after tax — up to 3,000 yuan 0.5 %, up to
  5,000 yuan 1 %, up to 10,000 yuan 1.5 %, above 2 %; retirees up to 5,000 yuan 0.5 %, above 1 %;
  students, farmers and the unemployed a fixed small amount (fen). Bands are [upper bound in fen
  (inclusive; null = no bound), rate as a decimal string].
- Payments may be made for at most 6 months ahead; a transfer must be accepted within 30 days;
  secretaries are reminded 7 days before a period ends.
"""

from yipanqi.core import policy

MEETING_FREQUENCY = policy.declare(
    "partylife.meeting_frequency",
    {
        "branch_general": "quarterly",
        "committee": "monthly",
        "group": "monthly",
        "lecture": "quarterly",
        "themed_day": "monthly",
    },
    "Required frequency (monthly / quarterly) of each kind of branch meeting (三会一课).",
)
DUES_INCOME_BANDS = policy.declare(
    "partylife.dues_income_bands",
    [[300000, "0.005"], [500000, "0.01"], [1000000, "0.015"], [None, "0.02"]],
    "Dues rate by monthly income after tax: [upper bound in fen (inclusive), rate].",
)
DUES_RETIREE_BANDS = policy.declare(
    "partylife.dues_retiree_bands",
    [[500000, "0.005"], [None, "0.01"]],
    "Dues rate of retirees by monthly pension: [upper bound in fen (inclusive), rate].",
)
DUES_FIXED_FEN = policy.declare(
    "partylife.dues_fixed_fen",
    {"student": 20, "farmer": 50, "unemployed": 20},
    "Fixed monthly dues in fen for members not paying by income.",
)
DUES_ADVANCE_MONTHS = policy.declare(
    "partylife.dues_advance_months",
    6,
    "How many months ahead of the current one dues may be paid.",
)
TRANSFER_ACCEPT_DAYS = policy.declare(
    "partylife.transfer_accept_days",
    30,
    "Days the receiving organisation has to accept an approved transfer before it escalates.",
)
REMIND_DAYS = policy.declare(
    "partylife.remind_days",
    7,
    "Days before a period ends when secretaries are reminded of meetings still due.",
)
